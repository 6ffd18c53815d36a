//===- ReadOnlyArguments.cpp - Public tensor arguments are read-only ------===//
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"

namespace spnc {
#define GEN_PASS_DEF_READONLYARGUMENTS
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

struct ReadOnlyArgumentsPass
    : public impl::ReadOnlyArgumentsBase<ReadOnlyArgumentsPass> {
  using Base::Base;

  void runOnOperation() override {
    BoolAttr readOnly = BoolAttr::get(&getContext(), false);
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (!func.isPublic() || func.isExternal())
        continue;
      for (auto [index, type] :
           llvm::enumerate(func.getFunctionType().getInputs()))
        if (isa<TensorType>(type))
          func.setArgAttr(
              index, bufferization::BufferizationDialect::kWritableAttrName,
              readOnly);
    }
  }
};

} // namespace
} // namespace spnc
