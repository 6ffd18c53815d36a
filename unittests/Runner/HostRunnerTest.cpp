//===- HostRunnerTest.cpp - JIT execution through memref descriptors ------===//
#include "spnc/Runner/HostRunner.h"
#include "spnc/Pipelines/Pipelines.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

using namespace spnc;

namespace {

class HostRunnerTest : public ::testing::Test {
protected:
  HostRunnerTest() {
    registerSPNCDialects(registry);
    context = std::make_unique<mlir::MLIRContext>(registry);
    context->loadAllAvailableDialects();
  }

  /// Parses and JIT-compiles `source`; fails the test on errors.
  std::unique_ptr<HostRunner> compile(llvm::StringRef source,
                                      HostRunnerOptions options = {}) {
    module = mlir::parseSourceString<mlir::ModuleOp>(source, context.get());
    EXPECT_TRUE(module) << "cannot parse the test module";
    if (!module)
      return nullptr;
    llvm::Expected<std::unique_ptr<HostRunner>> runner =
        HostRunner::create(*module, options);
    if (!runner) {
      ADD_FAILURE() << llvm::toString(runner.takeError());
      return nullptr;
    }
    return std::move(*runner);
  }

  mlir::DialectRegistry registry;
  std::unique_ptr<mlir::MLIRContext> context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
};

/// Every rank (0, 1, 3) and element type (f64, i32, i1, f16, ui8) goes
/// through the same descriptors; outputs come back in signature order.
constexpr llvm::StringLiteral kGenericModule = R"mlir(
func.func @main_graph(%a: tensor<2x3x4xf64> {onnx.name = "a"},
                      %b: tensor<i32> {onnx.name = "b"},
                      %c: tensor<5xi1> {onnx.name = "c"},
                      %d: tensor<3xf16> {onnx.name = "d"},
                      %e: tensor<2x2xui8> {onnx.name = "e"})
    -> (tensor<4x3x2xf64> {onnx.name = "transposed"},
        tensor<i32> {onnx.name = "b_plus_one"},
        tensor<5xi1> {onnx.name = "not_c"},
        tensor<3xf16> {onnx.name = "d_twice"},
        tensor<2x2xui8> {onnx.name = "e_copy"},
        tensor<2x3x4xf64> {onnx.name = "a_copy"}) {
  %empty = tensor.empty() : tensor<4x3x2xf64>
  %t = linalg.transpose ins(%a : tensor<2x3x4xf64>) outs(%empty : tensor<4x3x2xf64>) permutation = [2, 1, 0]
  %one = arith.constant dense<1> : tensor<i32>
  %b1 = arith.addi %b, %one : tensor<i32>
  %true = arith.constant dense<true> : tensor<5xi1>
  %nc = arith.xori %c, %true : tensor<5xi1>
  %d2 = arith.addf %d, %d : tensor<3xf16>
  return %t, %b1, %nc, %d2, %e, %a : tensor<4x3x2xf64>, tensor<i32>, tensor<5xi1>, tensor<3xf16>, tensor<2x2xui8>, tensor<2x3x4xf64>
}
)mlir";

TEST_F(HostRunnerTest, SignatureComesFromTheTensorLevelEntry) {
  std::unique_ptr<HostRunner> runner = compile(kGenericModule);
  ASSERT_TRUE(runner);
  const EntrySignature &signature = runner->getSignature();
  EXPECT_EQ(signature.entry, "main_graph");
  ASSERT_EQ(signature.inputs.size(), 5u);
  ASSERT_EQ(signature.outputs.size(), 6u);
  EXPECT_EQ(signature.inputs[0].describe(), "float64[2, 3, 4]");
  EXPECT_EQ(signature.inputs[1].describe(), "int32[]");
  EXPECT_EQ(signature.inputs[2].describe(), "bool[5]");
  EXPECT_EQ(signature.inputs[3].describe(), "float16[3]");
  EXPECT_EQ(signature.inputs[4].describe(), "uint8[2, 2]");
  EXPECT_EQ(signature.outputs[0].name, "transposed");
  EXPECT_EQ(signature.outputs[5].name, "a_copy");
}

TEST_F(HostRunnerTest, RunsEveryRankAndElementType) {
  std::unique_ptr<HostRunner> runner = compile(kGenericModule);
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> inputs;
  inputs.emplace_back(rt::DType::F64, std::vector<int64_t>{2, 3, 4});
  for (int i = 0; i < 24; ++i)
    inputs[0].as<double>()[i] = 0.5 * i - 3.0;
  inputs.emplace_back(rt::DType::I32, std::vector<int64_t>{});
  *inputs[1].as<int32_t>() = -42;
  inputs.emplace_back(rt::DType::Bool, std::vector<int64_t>{5});
  const uint8_t bits[] = {1, 0, 0, 1, 1};
  std::memcpy(inputs[2].data.data(), bits, 5);
  inputs.emplace_back(rt::DType::F16, std::vector<int64_t>{3});
  const uint16_t halves[] = {0x3c00 /*1.0*/, 0xc200 /*-3.0*/, 0x3800 /*0.5*/};
  std::memcpy(inputs[3].data.data(), halves, sizeof(halves));
  inputs.emplace_back(rt::DType::U8, std::vector<int64_t>{2, 2});
  const uint8_t bytes[] = {0, 7, 200, 255};
  std::memcpy(inputs[4].data.data(), bytes, 4);
  const std::vector<rt::Tensor> original = inputs;

  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  ASSERT_EQ(outputs.size(), 6u);

  // transposed[k, j, i] = a[i, j, k].
  ASSERT_EQ(outputs[0].shape, (std::vector<int64_t>{4, 3, 2}));
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k)
        EXPECT_EQ(outputs[0].as<double>()[k * 6 + j * 2 + i],
                  inputs[0].as<double>()[i * 12 + j * 4 + k]);
  EXPECT_EQ(outputs[1].shape, std::vector<int64_t>{});
  EXPECT_EQ(*outputs[1].as<int32_t>(), -41);
  const uint8_t notBits[] = {0, 1, 1, 0, 0};
  EXPECT_EQ(std::memcmp(outputs[2].data.data(), notBits, 5), 0);
  const uint16_t twice[] = {0x4000 /*2.0*/, 0xc600 /*-6.0*/, 0x3c00 /*1.0*/};
  EXPECT_EQ(std::memcmp(outputs[3].data.data(), twice, sizeof(twice)), 0);
  EXPECT_EQ(outputs[4].data, inputs[4].data);
  EXPECT_EQ(outputs[5].data, inputs[0].data);
  // The inputs are only read.
  for (size_t i = 0; i < inputs.size(); ++i)
    EXPECT_EQ(inputs[i].data, original[i].data) << "input " << i;

  // A second call reuses the compiled code with fresh outputs.
  *inputs[1].as<int32_t>() = 7;
  error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  EXPECT_EQ(*outputs[1].as<int32_t>(), 8);
}

TEST_F(HostRunnerTest, RejectsInputsThatDoNotMatchTheSignature) {
  std::unique_ptr<HostRunner> runner = compile(kGenericModule);
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> outputs;
  std::vector<rt::Tensor> inputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_EQ(llvm::toString(std::move(error)),
            "'main_graph' takes 5 inputs, got 0");

  inputs.emplace_back(rt::DType::F32, std::vector<int64_t>{2, 3, 4});
  inputs.emplace_back(rt::DType::I32, std::vector<int64_t>{});
  inputs.emplace_back(rt::DType::Bool, std::vector<int64_t>{5});
  inputs.emplace_back(rt::DType::F16, std::vector<int64_t>{3});
  inputs.emplace_back(rt::DType::U8, std::vector<int64_t>{2, 2});
  error = runner->run(inputs, outputs);
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_EQ(llvm::toString(std::move(error)),
            "input 'a': expected float64[2, 3, 4], got float32[2, 3, 4]");
}

/// a * b + c stays two roundings; math.fma is one. With a = b = 1 + 2^-12
/// and c = -(1 + 2^-11), a * b = 1 + 2^-11 + 2^-24 rounds (to even) to
/// 1 + 2^-11, so the unfused sum is 0 and the fused one 2^-24.
TEST_F(HostRunnerTest, OnlyExplicitFMAsAreFused) {
  std::unique_ptr<HostRunner> runner = compile(R"mlir(
func.func @main_graph(%a: tensor<4xf32>, %b: tensor<4xf32>, %c: tensor<4xf32>)
    -> (tensor<4xf32>, tensor<4xf32>) {
  %m = arith.mulf %a, %b : tensor<4xf32>
  %s = arith.addf %m, %c : tensor<4xf32>
  %f = math.fma %a, %b, %c : tensor<4xf32>
  return %s, %f : tensor<4xf32>, tensor<4xf32>
}
)mlir");
  ASSERT_TRUE(runner);
  std::vector<rt::Tensor> inputs(3, rt::Tensor(rt::DType::F32, {4}));
  for (int i = 0; i < 4; ++i) {
    inputs[0].as<float>()[i] = 1.0f + std::ldexp(1.0f, -12);
    inputs[1].as<float>()[i] = 1.0f + std::ldexp(1.0f, -12);
    inputs[2].as<float>()[i] = -(1.0f + std::ldexp(1.0f, -11));
  }
  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(error) << llvm::toString(std::move(error));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(outputs[0].as<float>()[i], 0.0f) << "element " << i;
    EXPECT_EQ(outputs[1].as<float>()[i], std::ldexp(1.0f, -24))
        << "element " << i;
  }
}

TEST_F(HostRunnerTest, LowersToAnEntryWithOutParameters) {
  std::string llvmDialect;
  HostRunnerOptions options;
  options.llvmDialectDump = &llvmDialect;
  std::unique_ptr<HostRunner> runner = compile(R"mlir(
func.func @step(%x: tensor<3xf32>) -> tensor<3xf32> {
  %e = math.exp %x : tensor<3xf32>
  return %e : tensor<3xf32>
}
)mlir",
                                               options);
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->getSignature().entry, "step");
  EXPECT_EQ(runner->getSignature().inputs[0].name, "arg0");
  EXPECT_EQ(runner->getSignature().outputs[0].name, "result0");
  EXPECT_NE(llvmDialect.find("llvm.func @_mlir_ciface_step(%arg0: !llvm.ptr, "
                             "%arg1: !llvm.ptr)"),
            std::string::npos)
      << llvmDialect;
  EXPECT_NE(llvmDialect.find("llvm.intr.fma"), std::string::npos);
  EXPECT_EQ(llvmDialect.find("@expf"), std::string::npos);
}

TEST_F(HostRunnerTest, EntryAndSignatureErrors) {
  module = mlir::parseSourceString<mlir::ModuleOp>(R"mlir(
func.func @f(%x: tensor<?xf32>) -> tensor<?xf32> {
  return %x : tensor<?xf32>
}
func.func @g(%x: tensor<2xi4>) -> tensor<2xi4> {
  return %x : tensor<2xi4>
}
)mlir",
                                                   context.get());
  ASSERT_TRUE(module);
  llvm::Expected<std::string> entry = findEntry(*module);
  ASSERT_FALSE(static_cast<bool>(entry));
  EXPECT_EQ(llvm::toString(entry.takeError()),
            "cannot tell the entry function: the module has no 'main_graph' "
            "and 2 public functions with a body");
  entry = findEntry(*module, "h");
  ASSERT_FALSE(static_cast<bool>(entry));
  EXPECT_EQ(llvm::toString(entry.takeError()),
            "the module has no function 'h'");

  llvm::Expected<EntrySignature> signature = getEntrySignature(*module, "f");
  ASSERT_FALSE(static_cast<bool>(signature));
  EXPECT_EQ(llvm::toString(signature.takeError()),
            "input 'arg0' has type tensor<?xf32>; a statically shaped tensor "
            "is required");
  signature = getEntrySignature(*module, "g");
  ASSERT_FALSE(static_cast<bool>(signature));
  EXPECT_EQ(llvm::toString(signature.takeError()),
            "input 'arg0' has type tensor<2xi4> whose element type the "
            "runner does not support");
}

/// bfloat16 runs as 16 raw bits: a model that widens to f32 and one that
/// rounds back (to nearest even: 0x3f80ffff -> 0x3f81, 0x3f808000 -> 0x3f80).
TEST_F(HostRunnerTest, BFloat16InputsAndOutputs) {
  EXPECT_EQ(getDType(mlir::BFloat16Type::get(context.get())), rt::DType::BF16);
  std::unique_ptr<HostRunner> runner = compile(R"mlir(
func.func @main_graph(%x: tensor<2xbf16> {onnx.name = "x"},
                      %y: tensor<2xf32> {onnx.name = "y"})
    -> (tensor<2xf32> {onnx.name = "wide"},
        tensor<2xbf16> {onnx.name = "narrow"}) {
  %wide = arith.extf %x : tensor<2xbf16> to tensor<2xf32>
  %narrow = arith.truncf %y : tensor<2xf32> to tensor<2xbf16>
  return %wide, %narrow : tensor<2xf32>, tensor<2xbf16>
}
)mlir");
  ASSERT_TRUE(runner);
  EXPECT_EQ(runner->getSignature().inputs[0].describe(), "bfloat16[2]");
  std::vector<rt::Tensor> inputs;
  inputs.emplace_back(rt::DType::BF16, std::vector<int64_t>{2});
  inputs.back().as<uint16_t>()[0] = 0x3f80; // 1.0
  inputs.back().as<uint16_t>()[1] = 0xc020; // -2.5
  inputs.emplace_back(rt::DType::F32, std::vector<int64_t>{2});
  const uint32_t yBits[] = {0x3f80ffff, 0x3f808000};
  std::memcpy(inputs.back().data.data(), yBits, sizeof(yBits));
  std::vector<rt::Tensor> outputs;
  llvm::Error error = runner->run(inputs, outputs);
  ASSERT_FALSE(static_cast<bool>(error)) << llvm::toString(std::move(error));
  EXPECT_EQ(outputs[0].as<float>()[0], 1.0f);
  EXPECT_EQ(outputs[0].as<float>()[1], -2.5f);
  EXPECT_EQ(outputs[1].dtype, rt::DType::BF16);
  EXPECT_EQ(outputs[1].as<uint16_t>()[0], 0x3f81);
  EXPECT_EQ(outputs[1].as<uint16_t>()[1], 0x3f80);
}

} // namespace
