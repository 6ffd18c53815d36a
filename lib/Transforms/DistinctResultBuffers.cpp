//===- DistinctResultBuffers.cpp - One buffer per returned memref ---------===//
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/Builders.h"
#include "llvm/ADT/DenseSet.h"

namespace spnc {
#define GEN_PASS_DEF_DISTINCTRESULTBUFFERS
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

struct DistinctResultBuffersPass
    : public impl::DistinctResultBuffersBase<DistinctResultBuffersPass> {
  using Base::Base;

  void runOnOperation() override {
    getOperation().walk([](func::ReturnOp ret) {
      llvm::SmallDenseSet<Value> returned;
      OpBuilder builder(ret);
      for (OpOperand &operand : ret->getOpOperands()) {
        Value value = operand.get();
        if (returned.insert(value).second)
          continue;
        auto type = dyn_cast<MemRefType>(value.getType());
        if (!type || !type.hasStaticShape() || !type.getLayout().isIdentity())
          continue;
        // The alignment one-shot-bufferize gives its allocations.
        auto copy = memref::AllocOp::create(builder, ret.getLoc(), type,
                                            builder.getI64IntegerAttr(64));
        memref::CopyOp::create(builder, ret.getLoc(), value, copy);
        operand.set(copy);
      }
    });
  }
};

} // namespace
} // namespace spnc
