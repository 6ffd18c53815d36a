//===- MLProgramToMemRef.cpp - Recurrent state as memref globals ----------===//
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/PatternMatch.h"

namespace spnc {
#define GEN_PASS_DEF_MLPROGRAMTOMEMREF
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

MemRefType getMemRefType(Type tensorType) {
  auto tensor = cast<RankedTensorType>(tensorType);
  return MemRefType::get(tensor.getShape(), tensor.getElementType());
}

struct MLProgramToMemRefPass
    : public impl::MLProgramToMemRefBase<MLProgramToMemRefPass> {
  using Base::Base;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    IRRewriter rewriter(&getContext());
    bool failedToLower = false;

    for (auto global :
         llvm::make_early_inc_range(module.getOps<ml_program::GlobalOp>())) {
      auto tensorType = dyn_cast<RankedTensorType>(global.getType());
      if (!tensorType || !tensorType.hasStaticShape()) {
        global.emitError() << "only statically shaped tensor globals can be "
                              "lowered to memref, got "
                           << global.getType();
        failedToLower = true;
        continue;
      }
      rewriter.setInsertionPoint(global);
      StringAttr visibility = global.getSymVisibilityAttr();
      memref::GlobalOp::create(
          rewriter, global.getLoc(), global.getSymNameAttr(),
          visibility ? visibility : rewriter.getStringAttr("public"),
          TypeAttr::get(getMemRefType(tensorType)),
          global.getValue() ? *global.getValue() : Attribute(),
          global.getIsMutable() ? UnitAttr() : rewriter.getUnitAttr(),
          IntegerAttr());
      rewriter.eraseOp(global);
    }
    if (failedToLower)
      return signalPassFailure();

    module.walk([&](ml_program::GlobalLoadOp load) {
      rewriter.setInsertionPoint(load);
      Location loc = load.getLoc();
      MemRefType type = getMemRefType(load.getType());
      Value global = memref::GetGlobalOp::create(
          rewriter, loc, type, load.getGlobalAttr().getLeafReference());
      Value snapshot = memref::AllocOp::create(rewriter, loc, type);
      memref::CopyOp::create(rewriter, loc, global, snapshot);
      rewriter.replaceOpWithNewOp<bufferization::ToTensorOp>(
          load, load.getType(), snapshot, /*restrict=*/true,
          /*writable=*/true);
    });
    module.walk([&](ml_program::GlobalStoreOp store) {
      rewriter.setInsertionPoint(store);
      Location loc = store.getLoc();
      MemRefType type = getMemRefType(store.getValue().getType());
      Value global = memref::GetGlobalOp::create(
          rewriter, loc, type, store.getGlobalAttr().getLeafReference());
      bufferization::MaterializeInDestinationOp::create(
          rewriter, loc, Type(), store.getValue(), global,
          /*restrict=*/true, /*writable=*/true);
      rewriter.eraseOp(store);
    });
  }
};

} // namespace
} // namespace spnc
