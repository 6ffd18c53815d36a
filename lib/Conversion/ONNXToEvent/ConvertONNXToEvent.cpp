//===- ConvertONNXToEvent.cpp - Legalize onnx.node ops --------------------===//
//
// Nodes are converted in program order, so a converter sees its producers
// already legalized: constant inputs (shapes, axes) are `arith.constant`s by
// the time a Reshape or Slice asks for them.
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"
#include "spnc/Conversion/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/PatternMatch.h"

namespace spnc {
#define GEN_PASS_DEF_CONVERTONNXTOEVENT
#include "spnc/Conversion/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::onnx_conversion;

namespace {

struct ConvertONNXToEventPass
    : public spnc::impl::ConvertONNXToEventBase<ConvertONNXToEventPass> {
  using Base::Base;

  LogicalResult initialize(MLIRContext *) override {
    populateAllONNXConverters(registry);
    return success();
  }

  void runOnOperation() override {
    llvm::SmallVector<onnxir::NodeOp> nodes;
    getOperation().walk([&](onnxir::NodeOp node) { nodes.push_back(node); });

    IRRewriter rewriter(&getContext());
    bool anyFailed = false;
    for (onnxir::NodeOp node : nodes)
      if (failed(convertNode(node, rewriter)))
        anyFailed = true;
    if (anyFailed)
      return signalPassFailure();

    // Absent inputs have no users once every node is gone.
    getOperation().walk([&](onnxir::AbsentOp absent) {
      if (absent->use_empty())
        rewriter.eraseOp(absent);
    });
  }

  LogicalResult convertNode(onnxir::NodeOp node, IRRewriter &rewriter) {
    const ONNXConvertFn *convert = registry.lookup(node);
    if (!convert) {
      InFlightDiagnostic diag = emitNodeError(node);
      std::string supported =
          registry.describeSupportedOpsets(node.getDomain(), node.getOpType());
      if (supported.empty())
        diag << "unsupported ONNX operator '" << node.getOpType()
             << "' in domain '"
             << (node.getDomain().empty() ? "ai.onnx" : node.getDomain())
             << "'";
      else
        diag << "opset " << node.getOpset() << " of '" << node.getOpType()
             << "' is not supported (supported opsets: " << supported << ")";
      return failure();
    }

    rewriter.setInsertionPoint(node);
    llvm::SmallVector<Value> results;
    if (failed((*convert)(node, rewriter, results)))
      return failure();
    assert(results.size() == node->getNumResults() &&
           "converter must produce one value per node result");
    for (auto [index, pair] :
         llvm::enumerate(llvm::zip(node->getResults(), results))) {
      auto [oldResult, newResult] = pair;
      if (!newResult && !oldResult.use_empty())
        return emitNodeError(node)
               << "output #" << index << " is used but not supported";
      if (newResult && newResult.getType() != oldResult.getType())
        return emitNodeError(node)
               << "output #" << index << " was converted to "
               << newResult.getType() << " but ONNX shape inference says "
               << oldResult.getType();
    }
    for (auto [oldResult, newResult] : llvm::zip(node->getResults(), results))
      if (newResult)
        rewriter.replaceAllUsesWith(oldResult, newResult);
    rewriter.eraseOp(node);
    return success();
  }

  ONNXConverterRegistry registry;
};

} // namespace
