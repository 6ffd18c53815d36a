//===- MemRefDescriptorTest.cpp - Rank-generic memref descriptors ---------===//
//
// The runner packs every argument into a MemRefDescriptor; the C interface
// reads it as StridedMemRefType<T, rank>. The two layouts must agree for
// every rank, and the descriptor must describe the tensor's row-major data.
//
//===----------------------------------------------------------------------===//
#include "spnc/Runner/HostRunner.h"

#include "mlir/ExecutionEngine/CRunnerUtils.h"

#include <gtest/gtest.h>

using namespace spnc;

namespace {

/// Checks `descriptor` against MLIR's own descriptor type of rank N.
template <int N>
void expectMatchesStridedMemRef(MemRefDescriptor &descriptor, float *data,
                                llvm::ArrayRef<int64_t> shape,
                                llvm::ArrayRef<int64_t> strides) {
  ASSERT_EQ(descriptor.getRank(), static_cast<size_t>(N));
  auto *view = static_cast<StridedMemRefType<float, N> *>(descriptor.get());
  EXPECT_EQ(view->basePtr, data);
  EXPECT_EQ(view->data, data);
  EXPECT_EQ(view->offset, 0);
  for (int i = 0; i < N; ++i) {
    EXPECT_EQ(view->sizes[i], shape[i]) << "dimension " << i;
    EXPECT_EQ(view->strides[i], strides[i]) << "dimension " << i;
  }
  EXPECT_EQ(sizeof(StridedMemRefType<float, N>), (3 + 2 * N) * sizeof(int64_t));
}

TEST(MemRefDescriptorTest, MatchesStridedMemRefTypeOfEveryRank) {
  std::vector<float> data(2 * 3 * 4 * 5);
  {
    MemRefDescriptor d(data.data(), {7});
    expectMatchesStridedMemRef<1>(d, data.data(), {7}, {1});
  }
  {
    MemRefDescriptor d(data.data(), {3, 4});
    expectMatchesStridedMemRef<2>(d, data.data(), {3, 4}, {4, 1});
  }
  {
    MemRefDescriptor d(data.data(), {2, 3, 4});
    expectMatchesStridedMemRef<3>(d, data.data(), {2, 3, 4}, {12, 4, 1});
  }
  {
    MemRefDescriptor d(data.data(), {2, 3, 4, 5});
    expectMatchesStridedMemRef<4>(d, data.data(), {2, 3, 4, 5}, {60, 20, 5, 1});
  }
}

TEST(MemRefDescriptorTest, RankZeroIsPointersAndOffset) {
  float value = 1.5f;
  MemRefDescriptor d(&value, {});
  EXPECT_EQ(d.getRank(), 0u);
  auto *view = static_cast<StridedMemRefType<float, 0> *>(d.get());
  EXPECT_EQ(view->basePtr, &value);
  EXPECT_EQ(view->data, &value);
  EXPECT_EQ(view->offset, 0);
  EXPECT_TRUE(d.getSizes().empty());
  EXPECT_TRUE(d.getStrides().empty());
}

TEST(MemRefDescriptorTest, DescribesTensorData) {
  rt::Tensor tensor(rt::DType::I64, {2, 1, 3});
  for (size_t i = 0; i < tensor.numElements(); ++i)
    tensor.as<int64_t>()[i] = static_cast<int64_t>(10 * i);
  MemRefDescriptor d(tensor);
  EXPECT_EQ(d.getAllocatedPointer(), tensor.data.data());
  EXPECT_EQ(d.getAlignedPointer(), tensor.data.data());
  EXPECT_EQ(d.getSizes(), llvm::ArrayRef<int64_t>({2, 1, 3}));
  EXPECT_EQ(d.getStrides(), llvm::ArrayRef<int64_t>({3, 3, 1}));
  // Element [1, 0, 2] through the descriptor is element 5 of the tensor.
  auto *view = static_cast<StridedMemRefType<int64_t, 3> *>(d.get());
  int64_t linear = view->offset + 1 * view->strides[0] + 0 * view->strides[1] +
                   2 * view->strides[2];
  EXPECT_EQ(view->data[linear], 50);
}

TEST(MemRefDescriptorTest, ZeroSizedDimensions) {
  rt::Tensor tensor(rt::DType::F32, {3, 0, 2});
  MemRefDescriptor d(tensor);
  EXPECT_EQ(d.getSizes(), llvm::ArrayRef<int64_t>({3, 0, 2}));
  EXPECT_EQ(d.getStrides(), llvm::ArrayRef<int64_t>({0, 2, 1}));
}

} // namespace
