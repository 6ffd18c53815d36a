//===- TensorIOTest.cpp - .npy and TensorProto files ----------------------===//
#include "spnc-runtime/Tensor.h"

#include <onnx/onnx_pb.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

using namespace spnc::rt;

namespace {

TEST(TensorIOTest, NpyRoundTripsEveryDType) {
  const DType dtypes[] = {DType::F16, DType::F32, DType::F64, DType::I8,
                          DType::I16, DType::I32, DType::I64, DType::U8,
                          DType::U16, DType::U32, DType::U64, DType::Bool};
  const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3}, {1, 0, 4}};
  for (DType dtype : dtypes) {
    for (const auto &shape : shapes) {
      Tensor tensor(dtype, shape);
      for (size_t i = 0; i < tensor.data.size(); ++i)
        tensor.data[i] = static_cast<uint8_t>(i * 7 + 1);
      TensorReadResult back = readNpyBuffer(encodeNpy(tensor), "mem");
      ASSERT_TRUE(back) << back.error;
      EXPECT_EQ(back.tensor.dtype, dtype) << tensor.describe();
      EXPECT_EQ(back.tensor.shape, shape) << tensor.describe();
      EXPECT_EQ(back.tensor.data, tensor.data) << tensor.describe();
    }
  }
}

TEST(TensorIOTest, NpyHeaderIsAlignedAndNumpyStyle) {
  Tensor tensor(DType::F32, {2, 3});
  std::string bytes = encodeNpy(tensor);
  EXPECT_EQ((bytes.size() - tensor.data.size()) % 64, 0u);
  EXPECT_NE(bytes.find("'shape': (2, 3), }"), std::string::npos);
  Tensor vector(DType::F32, {7});
  EXPECT_NE(encodeNpy(vector).find("'shape': (7,), }"), std::string::npos);
}

TEST(TensorIOTest, NpyRejectsBadInput) {
  Tensor tensor(DType::F32, {4});
  std::string good = encodeNpy(tensor);
  EXPECT_FALSE(readNpyBuffer("", "empty"));
  EXPECT_FALSE(readNpyBuffer("PK\x03\x04 zip", "zip"));
  for (size_t length = 0; length < good.size(); ++length)
    EXPECT_FALSE(readNpyBuffer(good.substr(0, length), "truncated"))
        << "prefix of " << length << " bytes accepted";
  std::string bigEndian = good;
  bigEndian.replace(bigEndian.find("<f4"), 3, ">f4");
  TensorReadResult result = readNpyBuffer(bigEndian, "be.npy");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error.find("unsupported .npy dtype '>f4'"), std::string::npos);
  std::string fortran = good;
  fortran.replace(fortran.find("False"), 5, "True ");
  EXPECT_FALSE(readNpyBuffer(fortran, "fortran.npy"));
}

TEST(TensorIOTest, ReadsONNXTestDataTensorProtos) {
  // ONNX's own GRU node test: X is float[1, 3, 2], Y_h float[1, 3, 5].
  const std::string dir =
      "/usr/share/libonnx-testdata/data/node/test_gru_defaults/test_data_set_0/";
  TensorReadResult input = readTensorFile(dir + "input_0.pb");
  ASSERT_TRUE(input) << input.error;
  EXPECT_EQ(input.tensor.dtype, DType::F32);
  EXPECT_EQ(input.tensor.shape, (std::vector<int64_t>{1, 3, 2}));
  EXPECT_EQ(input.name, "X");
  TensorReadResult output = readTensorFile(dir + "output_0.pb");
  ASSERT_TRUE(output) << output.error;
  EXPECT_EQ(output.tensor.shape, (std::vector<int64_t>{1, 3, 5}));
}

TEST(TensorIOTest, ReadsBFloat16TensorProtosAsRawBits) {
  // 1.0, -2.5 and NaN as bfloat16 bits, in int32_data and in raw_data.
  const uint16_t bits[] = {0x3f80, 0xc020, 0x7fc0};
  onnx::TensorProto typed;
  typed.set_name("b");
  typed.set_data_type(onnx::TensorProto::BFLOAT16);
  typed.add_dims(3);
  for (uint16_t value : bits)
    typed.add_int32_data(value);
  onnx::TensorProto raw = typed;
  raw.clear_int32_data();
  raw.set_raw_data(std::string(reinterpret_cast<const char *>(bits), 6));
  for (const onnx::TensorProto &proto : {typed, raw}) {
    TensorReadResult read =
        readTensorProtoBuffer(proto.SerializeAsString(), "b.pb");
    ASSERT_TRUE(read) << read.error;
    EXPECT_EQ(read.tensor.describe(), "bfloat16[3]");
    ASSERT_EQ(read.tensor.data.size(), 6u);
    EXPECT_EQ(std::memcmp(read.tensor.data.data(), bits, 6), 0);
  }
}

TEST(TensorIOTest, BFloat16HasNoNpyType) {
  Tensor tensor(DType::BF16, {2});
  EXPECT_EQ(tensor.data.size(), 4u);
  EXPECT_EQ(encodeNpy(tensor), "");
  std::string error = writeNpy("/nonexistent-dir/x.npy", tensor);
  EXPECT_NE(error.find("bfloat16 tensors cannot be written as .npy"),
            std::string::npos)
      << error;
}

TEST(TensorIOTest, UnknownExtensionIsAnError) {
  TensorReadResult result = readTensorFile("weights.csv");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error.find("expected .npy or .pb"), std::string::npos);
}

} // namespace
