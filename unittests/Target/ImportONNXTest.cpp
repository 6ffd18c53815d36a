//===- ImportONNXTest.cpp - Importer robustness ---------------------------===//
//
// Truncated and corrupted files must end in a diagnostic, never a crash or
// a silent success without one.
//
//===----------------------------------------------------------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/MemoryBuffer.h"

#include <gtest/gtest.h>

#include <random>

using namespace mlir;

namespace {

constexpr const char *kGRUModel =
    "/usr/share/libonnx-testdata/data/node/test_gru_defaults/model.onnx";

class ImportONNXTest : public ::testing::Test {
protected:
  ImportONNXTest() {
    DialectRegistry registry;
    spnc::registerSPNCDialects(registry);
    context.appendDialectRegistry(registry);
    handler = std::make_unique<ScopedDiagnosticHandler>(
        &context, [this](Diagnostic &diag) {
          if (diag.getSeverity() == DiagnosticSeverity::Error)
            errors.push_back(diag.str());
          return success();
        });
  }

  /// Imports and checks the contract: a module, or at least one error.
  bool importChecked(llvm::StringRef buffer, llvm::StringRef name) {
    errors.clear();
    OwningOpRef<ModuleOp> module =
        spnc::importONNXBuffer(buffer, name, &context);
    EXPECT_TRUE(module || !errors.empty())
        << "import failed without a diagnostic";
    return static_cast<bool>(module);
  }

  std::string readGRUModel() {
    auto file = llvm::MemoryBuffer::getFile(kGRUModel);
    EXPECT_TRUE(static_cast<bool>(file)) << "missing " << kGRUModel;
    return file ? (*file)->getBuffer().str() : std::string();
  }

  MLIRContext context;
  std::unique_ptr<ScopedDiagnosticHandler> handler;
  std::vector<std::string> errors;
};

TEST_F(ImportONNXTest, ImportsTextualModel) {
  constexpr const char *text = R"(
    <ir_version: 8, opset_import: ["" : 13]>
    relu (float[2, 3] X) => (float[2, 3] Y) { Y = Relu(X) }
  )";
  EXPECT_TRUE(importChecked(text, "relu.onnxtxt"));
  EXPECT_TRUE(errors.empty());
}

TEST_F(ImportONNXTest, ImportsBinaryModel) {
  std::string model = readGRUModel();
  EXPECT_TRUE(importChecked(model, "gru.onnx"));
}

TEST_F(ImportONNXTest, EveryTruncationIsDiagnosed) {
  std::string model = readGRUModel();
  ASSERT_FALSE(model.empty());
  for (size_t length = 0; length < model.size(); ++length)
    EXPECT_FALSE(importChecked(llvm::StringRef(model).take_front(length),
                               "truncated.onnx"))
        << "a " << length << "-byte prefix of a " << model.size()
        << "-byte model imported";
}

TEST_F(ImportONNXTest, CorruptedBytesNeverCrash) {
  std::string model = readGRUModel();
  ASSERT_FALSE(model.empty());
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 2000; ++trial) {
    std::string corrupted = model;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int i = 0; i < flips; ++i)
      corrupted[rng() % corrupted.size()] = static_cast<char>(rng());
    importChecked(corrupted, "corrupted.onnx");
  }
}

TEST_F(ImportONNXTest, RandomBytesAreRejected) {
  std::mt19937 rng(42);
  for (size_t length = 1; length < 300; ++length) {
    std::string bytes(length, '\0');
    for (char &byte : bytes)
      byte = static_cast<char>(rng());
    EXPECT_FALSE(importChecked(bytes, "garbage.onnx"));
  }
}

TEST_F(ImportONNXTest, MalformedTextIsRejected) {
  EXPECT_FALSE(importChecked("<ir_version: 8> broken (float[2] X) => (",
                             "bad.onnxtxt"));
  ASSERT_FALSE(errors.empty());
  EXPECT_NE(errors.front().find("cannot parse"), std::string::npos);
}

} // namespace
