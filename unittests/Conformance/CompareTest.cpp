//===- CompareTest.cpp - Outputs against expected data --------------------===//
#include "spnc/Conformance/Conformance.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>

using namespace spnc;
using namespace spnc::conformance;

namespace {

template <typename T>
rt::Tensor makeTensor(rt::DType dtype, std::vector<int64_t> shape,
                      std::vector<T> values) {
  rt::Tensor tensor(dtype, std::move(shape));
  EXPECT_EQ(tensor.data.size(), values.size() * sizeof(T));
  std::memcpy(tensor.data.data(), values.data(), tensor.data.size());
  return tensor;
}

rt::Tensor floats(std::vector<float> values) {
  int64_t size = values.size();
  return makeTensor(rt::DType::F32, {size}, std::move(values));
}

TEST(CompareTest, FloatsUseAtolPlusRtolTimesExpected) {
  // Bound: 1e-7 + 1e-3 * 100 = 0.1000001.
  EXPECT_TRUE(compareTensors(floats({100.1f}), floats({100.0f})).matches);
  EXPECT_FALSE(compareTensors(floats({100.2f}), floats({100.0f})).matches);
  // Relative to the expected value, not the actual one.
  EXPECT_FALSE(compareTensors(floats({0.0f}), floats({1e-6f})).matches);
  EXPECT_TRUE(compareTensors(floats({1e-6f}), floats({1e-6f + 5e-8f})).matches);
  Tolerance loose{0.5, 0.0};
  EXPECT_TRUE(compareTensors(floats({1.4f}), floats({1.0f}), loose).matches);
}

TEST(CompareTest, NaNEqualsNaNAndInfinitiesOnlyThemselves) {
  float nan = std::numeric_limits<float>::quiet_NaN();
  float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(compareTensors(floats({nan, inf, -inf}), floats({nan, inf, -inf}))
                  .matches);
  EXPECT_FALSE(compareTensors(floats({0.0f}), floats({nan})).matches);
  EXPECT_FALSE(compareTensors(floats({nan}), floats({0.0f})).matches);
  EXPECT_FALSE(compareTensors(floats({inf}), floats({-inf})).matches);
  EXPECT_FALSE(compareTensors(floats({3e38f}), floats({inf})).matches);
}

TEST(CompareTest, MismatchNamesFirstIndexValuesAndMaxError) {
  rt::Tensor expected =
      makeTensor(rt::DType::F32, {2, 2}, std::vector<float>{1, 2, 3, 4});
  rt::Tensor actual =
      makeTensor(rt::DType::F32, {2, 2}, std::vector<float>{1, 2.5f, 3, 0});
  Comparison comparison = compareTensors(actual, expected);
  EXPECT_FALSE(comparison.matches);
  EXPECT_EQ(comparison.message,
            "float32[2, 2]: 2 of 4 elements differ by more than atol + rtol "
            "* |expected|; first at [0, 1]: got 2.5, expected 2; max abs "
            "error 4");
}

TEST(CompareTest, DTypeAndShapeMustMatch) {
  Comparison shape = compareTensors(floats({1, 2}), floats({1, 2, 3}));
  EXPECT_FALSE(shape.matches);
  EXPECT_EQ(shape.message, "got float32[2] but expected float32[3]");
  rt::Tensor doubles =
      makeTensor(rt::DType::F64, {2}, std::vector<double>{1, 2});
  EXPECT_FALSE(compareTensors(doubles, floats({1, 2})).matches);
}

TEST(CompareTest, IntegersAndBoolsAreExact) {
  auto ints = [](std::vector<int64_t> values) {
    int64_t size = values.size();
    return makeTensor(rt::DType::I64, {size}, std::move(values));
  };
  // 2^60 + 1 and 2^60 are the same double; the comparison must not be.
  EXPECT_FALSE(
      compareTensors(ints({(int64_t(1) << 60) + 1}), ints({int64_t(1) << 60}))
          .matches);
  EXPECT_TRUE(compareTensors(ints({-5, 7}), ints({-5, 7})).matches);
  Comparison comparison = compareTensors(ints({-5, 1000}), ints({-5, 1001}));
  EXPECT_EQ(comparison.message,
            "int64[2]: 1 of 2 elements differ; first at "
            "[1]: got 1000, expected 1001; max abs error 1");
  auto u64 = [](uint64_t value) {
    return makeTensor(rt::DType::U64, {1}, std::vector<uint64_t>{value});
  };
  EXPECT_EQ(compareTensors(u64(~uint64_t(0)), u64(0)).message,
            "uint64[1]: 1 of 1 elements differ; first at [0]: got "
            "18446744073709551615, expected 0; max abs error 1.84e+19");
  auto bools = [](std::vector<uint8_t> values) {
    int64_t size = values.size();
    return makeTensor(rt::DType::Bool, {size}, std::move(values));
  };
  EXPECT_TRUE(compareTensors(bools({1, 0}), bools({1, 0})).matches);
  EXPECT_FALSE(compareTensors(bools({0, 0}), bools({1, 0})).matches);
}

TEST(CompareTest, Float16IsComparedByValue) {
  auto halves = [](std::vector<uint16_t> bits) {
    int64_t size = bits.size();
    return makeTensor(rt::DType::F16, {size}, std::move(bits));
  };
  // 1.0 vs 1.0009765625 (one ulp, within rtol 1e-3); 1.0 vs 1.001953125
  // (two ulps, outside).
  EXPECT_TRUE(compareTensors(halves({0x3c01}), halves({0x3c00})).matches);
  EXPECT_FALSE(compareTensors(halves({0x3c02}), halves({0x3c00})).matches);
  EXPECT_TRUE(compareTensors(halves({0x7e00}), halves({0x7e01})).matches);
}

TEST(CompareTest, BFloat16AllowsOneUnitInTheLastPlace) {
  auto bf16 = [](std::vector<uint16_t> bits) {
    int64_t size = bits.size();
    return makeTensor(rt::DType::BF16, {size}, std::move(bits));
  };
  // 0x3f80 = 1.0, 0x3f81 = 1.0078125: rounding vs truncating one float.
  EXPECT_TRUE(compareTensors(bf16({0x3f81}), bf16({0x3f80})).matches);
  EXPECT_TRUE(compareTensors(bf16({0xbf81}), bf16({0xbf80})).matches);
  EXPECT_FALSE(compareTensors(bf16({0x3f82}), bf16({0x3f80})).matches);
  // Not into the other sign (tiny values of either sign are within atol).
  EXPECT_FALSE(compareTensors(bf16({0xbf80}), bf16({0x3f80})).matches);
  EXPECT_TRUE(compareTensors(bf16({0x8001}), bf16({0x0001})).matches);
  // The infinity next to the largest finite value is not one ulp "close".
  EXPECT_FALSE(compareTensors(bf16({0x7f80}), bf16({0x7f7f})).matches);
  EXPECT_TRUE(compareTensors(bf16({0x7fc0}), bf16({0x7fc1})).matches);
  Comparison comparison =
      compareTensors(bf16({0x3f80, 0x4000}), bf16({0x3f80, 0x4040}));
  EXPECT_EQ(comparison.message,
            "bfloat16[2]: 1 of 2 elements differ by more than atol + rtol * "
            "|expected|; first at [1]: got 2, expected 3; max abs error 1");
}

} // namespace
