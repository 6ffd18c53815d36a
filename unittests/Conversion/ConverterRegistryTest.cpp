//===- ConverterRegistryTest.cpp - Lookup by domain, op type, opset -------===//
#include "spnc/Conversion/ONNXToEvent/ONNXToEvent.h"
#include "spnc/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

class ConverterRegistryTest : public ::testing::Test {
protected:
  ConverterRegistryTest() : builder(&context) {
    DialectRegistry registry;
    spnc::registerSPNCDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
  }

  spnc::onnxir::NodeOp makeNode(llvm::StringRef opType, int64_t opset,
                                llvm::StringRef domain = "") {
    return spnc::onnxir::NodeOp::create(
        builder, builder.getUnknownLoc(), TypeRange(), opType, domain, opset,
        builder.getDictionaryAttr({}), ValueRange());
  }

  /// A converter that records which entry answered.
  spnc::ONNXConvertFn tagged(int tag) {
    return [this, tag](spnc::onnxir::NodeOp, OpBuilder &,
                       llvm::SmallVectorImpl<Value> &) {
      lastTag = tag;
      return success();
    };
  }

  int lookupTag(spnc::onnxir::NodeOp node) {
    lastTag = -1;
    const spnc::ONNXConvertFn *convert = registry.lookup(node);
    if (!convert)
      return 0;
    llvm::SmallVector<Value> results;
    (void)(*convert)(node, builder, results);
    return lastTag;
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
  spnc::ONNXConverterRegistry registry;
  int lastTag = -1;
};

TEST_F(ConverterRegistryTest, PicksTheEntryCoveringTheOpset) {
  registry.add("Clip", 6, 10, tagged(1));
  registry.add("Clip", 11, 17, tagged(2));
  EXPECT_EQ(lookupTag(makeNode("Clip", 5)), 0);
  EXPECT_EQ(lookupTag(makeNode("Clip", 6)), 1);
  EXPECT_EQ(lookupTag(makeNode("Clip", 10)), 1);
  EXPECT_EQ(lookupTag(makeNode("Clip", 11)), 2);
  EXPECT_EQ(lookupTag(makeNode("Clip", 17)), 2);
  EXPECT_EQ(lookupTag(makeNode("Clip", 18)), 0);
  EXPECT_EQ(registry.describeSupportedOpsets("", "Clip"), "6-10, 11-17");
}

TEST_F(ConverterRegistryTest, DomainsAreSeparate) {
  registry.add("ai.spnc", "EGRU", 1, 1, tagged(3));
  EXPECT_EQ(lookupTag(makeNode("EGRU", 1, "ai.spnc")), 3);
  EXPECT_EQ(lookupTag(makeNode("EGRU", 1)), 0);
  // "ai.onnx" is another name of the default domain.
  registry.add("Relu", 1, 17, tagged(4));
  EXPECT_EQ(lookupTag(makeNode("Relu", 13, "ai.onnx")), 4);
}

TEST_F(ConverterRegistryTest, LooksUpOpsBeforeImport) {
  registry.add("Clip", 11, 17, tagged(5));
  registry.add("ai.spnc", "EGRU", 1, 1, tagged(6));
  EXPECT_EQ(registry.lookup("", "Clip", 13), registry.lookup(makeNode("Clip", 13)));
  EXPECT_NE(registry.lookup("ai.onnx", "Clip", 11), nullptr);
  EXPECT_EQ(registry.lookup("", "Clip", 10), nullptr);
  EXPECT_EQ(registry.lookup("", "Erf", 13), nullptr);
  EXPECT_NE(registry.lookup("ai.spnc", "EGRU", 1), nullptr);
  EXPECT_EQ(registry.lookup("", "EGRU", 1), nullptr);
}

TEST_F(ConverterRegistryTest, EveryBuiltinConverterHasAValidRange) {
  spnc::populateAllONNXConverters(registry);
  // Identity and Constant exist for all opsets spnc reads.
  for (int64_t opset = 1; opset <= spnc::kMaxSupportedOpset; ++opset) {
    EXPECT_NE(registry.lookup(makeNode("Identity", opset)), nullptr);
    EXPECT_NE(registry.lookup(makeNode("Constant", opset)), nullptr);
  }
}

} // namespace
