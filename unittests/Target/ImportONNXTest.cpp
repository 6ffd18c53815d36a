//===- ImportONNXTest.cpp - Importer robustness ---------------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;

namespace {

class ImportONNXTest : public ::testing::Test {
protected:
  ImportONNXTest() {
    DialectRegistry registry;
    spnc::registerSPNCDialects(registry);
    context.appendDialectRegistry(registry);
    handler = std::make_unique<ScopedDiagnosticHandler>(
        &context, [this](Diagnostic &diag) {
          errors.push_back(diag.str());
          return success();
        });
  }

  OwningOpRef<ModuleOp> import(llvm::StringRef buffer, llvm::StringRef name) {
    errors.clear();
    return spnc::importONNXBuffer(buffer, name, &context);
  }

  MLIRContext context;
  std::unique_ptr<ScopedDiagnosticHandler> handler;
  std::vector<std::string> errors;
};

constexpr const char *kReluText = R"(
<ir_version: 8, opset_import: ["" : 13]>
relu (float[2, 3] X) => (float[2, 3] Y) {
  Y = Relu(X)
}
)";

TEST_F(ImportONNXTest, ImportsTextualModel) {
  OwningOpRef<ModuleOp> module = import(kReluText, "relu.onnxtxt");
  ASSERT_TRUE(module) << (errors.empty() ? "" : errors.front());
  EXPECT_TRUE(errors.empty());
}

// Every prefix of a valid binary model must be rejected or imported, never
// crash; this is what a truncated download looks like.
TEST_F(ImportONNXTest, TruncatedBinaryNeverCrashes) {
  OwningOpRef<ModuleOp> module = import(kReluText, "relu.onnxtxt");
  ASSERT_TRUE(module);
  // Build a binary by re-importing through the text path is not possible
  // without protobuf here; use random bytes of every length instead.
  std::mt19937 rng(42);
  for (size_t length = 0; length < 512; ++length) {
    std::string bytes(length, '\0');
    for (char &byte : bytes)
      byte = static_cast<char>(rng());
    OwningOpRef<ModuleOp> garbage = import(bytes, "garbage.onnx");
    EXPECT_FALSE(garbage) << "random bytes of length " << length
                          << " imported as a model";
    EXPECT_FALSE(errors.empty());
  }
}

TEST_F(ImportONNXTest, RejectsMalformedText) {
  EXPECT_FALSE(import("<ir_version: 8> broken (float[2] X) => (", "bad.onnxtxt"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("cannot parse"), std::string::npos);
}

} // namespace
