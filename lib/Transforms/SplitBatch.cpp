//===- SplitBatch.cpp - Cell steps of B rows as B one-row steps -----------===//
//
// A population on SpiNNaker 2 computes one sample per step (its units are a
// layer's units). A cell step over a batch of B rows becomes B cell steps of
// one row each, every one its own population; row b of each batched operand
// is selected, and the B results are stacked again, by linalg.generic ops,
// which the mapping groups into small whole-vector populations. Weights are
// shared, and each row's units compute exactly what the batched op computes
// for that row (same operands, same order of summation).
//
//===----------------------------------------------------------------------===//
#include "spnc/Transforms/Passes.h"

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/AffineMap.h"
#include "mlir/IR/IRMapping.h"

namespace spnc {
#define GEN_PASS_DEF_SPLITBATCH
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

/// The batched operands of a cell step ([B, N] values read row by row),
/// or an empty list for ops this pass does not split.
llvm::SmallVector<Value> batchedOperands(Operation *op) {
  if (auto gru = dyn_cast<event::GRUStepOp>(op))
    return {gru.getX(), gru.getH()};
  if (auto rnn = dyn_cast<event::RNNStepOp>(op))
    return {rnn.getX(), rnn.getH()};
  if (auto lstm = dyn_cast<event::LSTMStepOp>(op))
    return {lstm.getX(), lstm.getH(), lstm.getC()};
  return {};
}

/// The batch size of a cell step if it is above 1.
std::optional<int64_t> batchOf(Operation *op) {
  llvm::SmallVector<Value> operands = batchedOperands(op);
  if (operands.empty())
    return std::nullopt;
  auto type = dyn_cast<RankedTensorType>(operands.front().getType());
  if (!type || type.getRank() != 2 || !type.hasStaticShape() ||
      type.getDimSize(0) <= 1)
    return std::nullopt;
  return type.getDimSize(0);
}

/// Row `row` of `value` ([B, N] -> [1, N]).
Value buildRow(OpBuilder &builder, Location loc, Value value, int64_t row) {
  auto type = cast<RankedTensorType>(value.getType());
  auto rowType =
      RankedTensorType::get({1, type.getDimSize(1)}, type.getElementType());
  MLIRContext *context = builder.getContext();
  Value init = tensor::EmptyOp::create(builder, loc, rowType.getShape(),
                                       rowType.getElementType());
  AffineMap select = AffineMap::get(
      2, 0, {getAffineConstantExpr(row, context), getAffineDimExpr(1, context)},
      context);
  AffineMap identity = builder.getMultiDimIdentityMap(2);
  llvm::SmallVector<utils::IteratorType> iterators(
      2, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, rowType, ValueRange{value}, ValueRange{init},
             llvm::ArrayRef<AffineMap>{select, identity}, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(nested, nestedLoc, args[0]);
             })
      .getResult(0);
}

/// The rows ([1, N] each) stacked into [B, N]: element (b, n) is row b's.
Value buildStack(OpBuilder &builder, Location loc, ValueRange rows) {
  auto rowType = cast<RankedTensorType>(rows.front().getType());
  int64_t batch = rows.size();
  auto type = RankedTensorType::get({batch, rowType.getDimSize(1)},
                                    rowType.getElementType());
  MLIRContext *context = builder.getContext();
  Value init = tensor::EmptyOp::create(builder, loc, type.getShape(),
                                       type.getElementType());
  AffineMap rowMap = AffineMap::get(
      2, 0, {getAffineConstantExpr(0, context), getAffineDimExpr(1, context)},
      context);
  llvm::SmallVector<AffineMap> maps(rows.size(), rowMap);
  maps.push_back(builder.getMultiDimIdentityMap(2));
  llvm::SmallVector<utils::IteratorType> iterators(
      2, utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             builder, loc, type, rows, ValueRange{init}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value index = linalg::IndexOp::create(nested, nestedLoc, 0);
               Value selected = args[batch - 1];
               for (int64_t b = batch - 2; b >= 0; --b) {
                 Value rowIndex =
                     arith::ConstantIndexOp::create(nested, nestedLoc, b);
                 Value isRow = arith::CmpIOp::create(
                     nested, nestedLoc, arith::CmpIPredicate::eq, index,
                     rowIndex);
                 selected = arith::SelectOp::create(nested, nestedLoc, isRow,
                                                    args[b], selected);
               }
               linalg::YieldOp::create(nested, nestedLoc, selected);
             })
      .getResult(0);
}

struct SplitBatchPass : public impl::SplitBatchBase<SplitBatchPass> {
  using Base::Base;

  void runOnOperation() override {
    llvm::SmallVector<Operation *> batched;
    getOperation().walk([&](Operation *op) {
      if (batchOf(op))
        batched.push_back(op);
    });
    // Rows of one value are selected once per block, however many steps
    // there read them.
    llvm::DenseMap<std::pair<Value, Block *>, llvm::SmallVector<Value>> rowsOf;
    for (Operation *op : batched) {
      int64_t batch = *batchOf(op);
      OpBuilder builder(op);
      Location loc = op->getLoc();
      llvm::SmallVector<Value> operands = batchedOperands(op);
      for (Value operand : operands) {
        auto type = cast<RankedTensorType>(operand.getType());
        if (type.getRank() != 2 || type.getDimSize(0) != batch) {
          op->emitError() << "spnc-split-batch: operand of type " << type
                          << " does not have the batch of " << batch
                          << " rows of x";
          return signalPassFailure();
        }
        llvm::SmallVector<Value> &rows = rowsOf[{operand, op->getBlock()}];
        if (!rows.empty())
          continue;
        // Before the first step that reads them (ops are visited in
        // program order), so every later reader sees them too.
        for (int64_t b = 0; b < batch; ++b)
          rows.push_back(buildRow(builder, loc, operand, b));
      }
      llvm::SmallVector<llvm::SmallVector<Value>> resultRows(
          op->getNumResults());
      for (int64_t b = 0; b < batch; ++b) {
        IRMapping mapping;
        for (Value operand : operands)
          mapping.map(operand, rowsOf[{operand, op->getBlock()}][b]);
        Operation *rowOp = builder.clone(*op, mapping);
        for (auto [i, result] : llvm::enumerate(rowOp->getResults())) {
          auto type = cast<RankedTensorType>(result.getType());
          result.setType(RankedTensorType::get({1, type.getDimSize(1)},
                                               type.getElementType()));
          resultRows[i].push_back(result);
        }
      }
      for (auto [i, result] : llvm::enumerate(op->getResults()))
        result.replaceAllUsesWith(buildStack(builder, loc, resultRows[i]));
      op->erase();
    }
  }
};

} // namespace
} // namespace spnc
