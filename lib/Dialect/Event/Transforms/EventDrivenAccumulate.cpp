//===- EventDrivenAccumulate.cpp - Matvecs of events as event.accumulate --===//
//
// event-driven-accumulate: W x with constant W and x the dense view of
// events becomes event.accumulate W, events, so that the mapping and code
// generation visit only the columns of the inputs that fired. The product
// is unchanged (the pass description in Passes.td has the exact caveat).
//
//===----------------------------------------------------------------------===//
#include "WeightMatrices.h"

#include "spnc/Dialect/Event/Transforms/Passes.h"

#include "mlir/IR/Matchers.h"

#include <cstring>

namespace spnc {
#define GEN_PASS_DEF_EVENTDRIVENACCUMULATE
#include "spnc/Dialect/Event/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc::event;

namespace {

/// The events behind a dense vector operand: walks back through reshapes,
/// tensor.cast and to_dense/from_dense and returns the first events value,
/// if it holds `length` entries as [length] or [1, length].
Value eventsBehind(Value value, int64_t length) {
  while (true) {
    if (auto events = dyn_cast<EventsType>(value.getType())) {
      ArrayRef<int64_t> shape = events.getShape();
      bool vector = (shape.size() == 1 && shape[0] == length) ||
                    (shape.size() == 2 && shape[0] == 1 && shape[1] == length);
      return vector ? value : Value();
    }
    Operation *def = value.getDefiningOp();
    if (!def || !isa<ToDenseOp, FromDenseOp, tensor::ExpandShapeOp,
                     tensor::CollapseShapeOp, tensor::CastOp>(def))
      return {};
    value = def->getOperand(0);
  }
}

/// True if every element of the init operand is +0 (the accumulator the
/// lowering of event.accumulate starts from): a linalg.fill of +0.0 or a
/// +0.0 splat literal.
bool isPositiveZero(Value init) {
  auto isZeroBits = [](Attribute attr) {
    auto value = dyn_cast_or_null<FloatAttr>(attr);
    return value && value.getValue().isPosZero();
  };
  if (auto fill = init.getDefiningOp<linalg::FillOp>()) {
    Attribute attr;
    return matchPattern(fill.getInputs()[0], m_Constant(&attr)) &&
           isZeroBits(attr);
  }
  DenseElementsAttr dense;
  if (matchPattern(init, m_Constant(&dense)) && dense.isSplat() &&
      isa<FloatType>(dense.getElementType()))
    return dense.getSplatValue<APFloat>().isPosZero();
  return false;
}

/// `value` (with the elements of `type`, batch dimensions of 1) reshaped to
/// `type` through a rank-1 view.
Value reshapeTo(OpBuilder &builder, Location loc, Value value,
                RankedTensorType type) {
  auto current = cast<RankedTensorType>(value.getType());
  if (current == type)
    return value;
  auto flat =
      RankedTensorType::get({type.getNumElements()}, type.getElementType());
  auto all = [](int64_t rank) {
    ReassociationIndices indices;
    for (int64_t d = 0; d < rank; ++d)
      indices.push_back(d);
    return SmallVector<ReassociationIndices>{indices};
  };
  if (current.getRank() > 1)
    value = tensor::CollapseShapeOp::create(builder, loc, flat, value,
                                            all(current.getRank()));
  if (type.getRank() > 1)
    value = tensor::ExpandShapeOp::create(builder, loc, type, value,
                                          all(type.getRank()));
  return value;
}

struct EventDrivenAccumulatePass
    : public spnc::impl::EventDrivenAccumulateBase<EventDrivenAccumulatePass> {
  using Base::Base;

  void runOnOperation() override {
    SmallVector<Operation *> candidates;
    getOperation()->walk([&](Operation *op) {
      if (isa<linalg::MatvecOp, linalg::MatmulOp>(op))
        candidates.push_back(op);
    });
    for (Operation *op : candidates)
      rewrite(op);
  }

  /// Rewrites `op` if it is W x with constant W [M, K] (or W^T given as a
  /// literal), x the dense view of K events and the accumulator +0.
  void rewrite(Operation *op) {
    auto linalgOp = cast<linalg::LinalgOp>(op);
    if (!linalgOp.hasPureTensorSemantics() || op->getNumResults() != 1)
      return;
    Value init = linalgOp.getDpsInits()[0];
    if (!isPositiveZero(init))
      return;
    Value weights, vector;
    bool transposed = false;
    if (auto matvec = dyn_cast<linalg::MatvecOp>(op)) {
      weights = matvec.getInputs()[0];
      vector = matvec.getInputs()[1];
    } else {
      auto matmul = cast<linalg::MatmulOp>(op);
      if (!matchMatmul(matmul, weights, vector, transposed))
        return;
    }
    auto weightsType = dyn_cast<RankedTensorType>(weights.getType());
    auto resultType = cast<RankedTensorType>(op->getResult(0).getType());
    if (!weightsType || !weightsType.hasStaticShape() ||
        weightsType.getElementType() != resultType.getElementType() ||
        !isConstantWeight(weights))
      return;
    int64_t inputs = weightsType.getDimSize(transposed ? 0 : 1);
    Value events = eventsBehind(vector, inputs);
    if (!events || cast<EventsType>(events.getType()).getElementType() !=
                       weightsType.getElementType())
      return;

    OpBuilder builder(op);
    Location loc = op->getLoc();
    if (transposed) {
      // The accumulate reads [outputs, inputs]: transpose the literal.
      std::string why;
      FailureOr<ConstantData> data = readConstant(weights, why);
      if (failed(data))
        return;
      int64_t rows = weightsType.getDimSize(0),
              cols = weightsType.getDimSize(1);
      std::vector<char> bytes(data->bytes.size());
      unsigned size = data->elementBytes;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c)
          std::memcpy(&bytes[(c * rows + r) * size],
                      &data->bytes[(r * cols + c) * size], size);
      auto type =
          RankedTensorType::get({cols, rows}, weightsType.getElementType());
      weights =
          createConstant(builder, weights.getLoc(), type, bytes,
                         data->preferResource, data->blobName + "_transposed");
    }
    Value product = AccumulateOp::create(builder, loc, weights, events);
    if (cast<RankedTensorType>(product.getType()).getNumElements() !=
        resultType.getNumElements()) {
      eraseIfDead(product);
      return;
    }
    Value result = reshapeTo(builder, loc, product, resultType);
    op->getResult(0).replaceAllUsesWith(result);
    SmallVector<Value> operands(op->getOperands());
    op->erase();
    for (Value operand : operands)
      eraseIfDead(operand);
    ++numRewritten;
  }

  /// A matmul with a batch of 1: x [1, K] times W ((n, k): [N, K], or
  /// (k, n): [K, N], transposed), or W ((m, k) or (k, m)) times x [K, 1].
  static bool matchMatmul(linalg::MatmulOp matmul, Value &weights,
                          Value &vector, bool &transposed) {
    SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
    MLIRContext *context = matmul.getContext();
    AffineExpr m = getAffineDimExpr(0, context),
               n = getAffineDimExpr(1, context),
               k = getAffineDimExpr(2, context);
    auto is = [](AffineMap map, AffineExpr first, AffineExpr second) {
      return map.getNumDims() == 3 && map.getNumResults() == 2 &&
             map.getResult(0) == first && map.getResult(1) == second;
    };
    if (maps.size() != 3 || !is(maps[2], m, n))
      return false;
    auto resultType = cast<RankedTensorType>(matmul.getResultTypes()[0]);
    Value a = matmul.getInputs()[0], b = matmul.getInputs()[1];
    if (resultType.getDimSize(0) == 1 && is(maps[0], m, k) &&
        (is(maps[1], n, k) || is(maps[1], k, n))) {
      weights = b;
      vector = a;
      transposed = is(maps[1], k, n);
      return true;
    }
    if (resultType.getDimSize(1) == 1 && is(maps[1], k, n) &&
        (is(maps[0], m, k) || is(maps[0], k, m))) {
      weights = a;
      vector = b;
      transposed = is(maps[0], k, m);
      return true;
    }
    return false;
  }
};

} // namespace
