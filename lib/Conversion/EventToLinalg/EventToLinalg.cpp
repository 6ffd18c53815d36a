//===- EventToLinalg.cpp - Event dialect to linalg/tensor/arith/math ------===//
//
// The reference semantics of the event dialect on dense tensors. Events
// become tensors that hold zeros where nothing fired; cells decompose into
// matvecs and elementwise linalg.generics that evaluate the equations of the
// op descriptions (EventOps.td) left to right:
//
//   * `a + b + c` is `(a + b) + c`; no multiply is fused into an add (the
//     host pipeline keeps it that way down to machine code);
//   * a matvec `W x` starts from +0 and adds `W[i, j] * x[j]` for j = 0, 1,
//     ... (linalg.matvec, or linalg.matmul reading W transposed);
//   * `sigmoid(x) = 1 / (1 + exp(-x))`;
//   * clipping is `minimumf(maximumf(x, -clip), clip)`;
//   * indicators (`c' > theta`, spikes) are 0.0 / 1.0 and are multiplied in
//     where the equations multiply (`y = c' * o`).
//
// Later targets must evaluate the same expressions in the same order to agree
// bit for bit with the host.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conversion/EventToLinalg/EventToLinalg.h"
#include "spnc/Conversion/EventToLinalg/Passes.h"

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/ControlFlow/Transforms/StructuralTypeConversions.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Func/Transforms/FuncConversions.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/SCF/Transforms/Patterns.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Transforms/DialectConversion.h"

namespace spnc {
#define GEN_PASS_DEF_CONVERTEVENTTOLINALG
#include "spnc/Conversion/EventToLinalg/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {

EventsToTensorTypeConverter::EventsToTensorTypeConverter() {
  addConversion([](Type type) { return type; });
  addConversion(
      [](event::EventsType type) -> Type { return type.getDenseType(); });
}

namespace {

//===----------------------------------------------------------------------===//
// Scalar arithmetic inside linalg.generic bodies
//===----------------------------------------------------------------------===//

/// Builds scalar float arithmetic of one element type.
class Scalar {
public:
  Scalar(OpBuilder &builder, Location loc, Type type)
      : b(builder), loc(loc), type(type) {}

  Type getType() const { return type; }

  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value neg(Value x) { return arith::NegFOp::create(b, loc, x); }
  /// NaN-propagating max / min.
  Value max(Value x, Value y) {
    return arith::MaximumFOp::create(b, loc, x, y);
  }
  Value min(Value x, Value y) {
    return arith::MinimumFOp::create(b, loc, x, y);
  }
  Value exp(Value x) { return math::ExpOp::create(b, loc, x); }
  Value log(Value x) { return math::LogOp::create(b, loc, x); }
  Value tanh(Value x) { return math::TanhOp::create(b, loc, x); }
  Value abs(Value x) { return math::AbsFOp::create(b, loc, x); }
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }
  Value select(Value condition, Value x, Value y) {
    return arith::SelectOp::create(b, loc, condition, x, y);
  }
  /// 1.0 where `condition` holds, else 0.0.
  Value indicator(Value condition) {
    return arith::UIToFPOp::create(b, loc, type, condition);
  }

  // Each helper creates its ops in the order the formula reads, one
  // statement at a time (C++ leaves the order of argument evaluation open).

  /// 1 / (1 + exp(-x)).
  Value sigmoid(Value x) {
    Value one = constant(1.0);
    Value e = exp(neg(x));
    Value denominator = add(one, e);
    return div(one, denominator);
  }

  /// min(max(x, -clip), clip), or x without a clip.
  Value clip(Value x, std::optional<APFloat> clip) {
    if (!clip)
      return x;
    double bound = clip->convertToDouble();
    Value low = constant(-bound);
    Value clamped = max(x, low);
    Value high = constant(bound);
    return min(clamped, high);
  }

  /// x >= 0 ? x : negative (for leaky_relu and elu).
  Value selectNonNegative(Value x, Value negative) {
    Value zero = constant(0.0);
    Value nonNegative = cmp(arith::CmpFPredicate::OGE, x, zero);
    return select(nonNegative, x, negative);
  }

  /// An RNN activation (the table of #event.activation).
  Value activation(event::ActivationAttr attr, Value x) {
    using event::ActivationKind;
    double alphaValue = attr.getAlphaValue(), betaValue = attr.getBetaValue();
    switch (attr.getKind()) {
    case ActivationKind::relu: {
      Value zero = constant(0.0);
      return max(x, zero);
    }
    case ActivationKind::tanh:
      return tanh(x);
    case ActivationKind::sigmoid:
      return sigmoid(x);
    case ActivationKind::affine: {
      Value alpha = constant(alphaValue);
      Value scaled = mul(alpha, x);
      Value beta = constant(betaValue);
      return add(scaled, beta);
    }
    case ActivationKind::leaky_relu: {
      Value alpha = constant(alphaValue);
      Value scaled = mul(alpha, x);
      return selectNonNegative(x, scaled);
    }
    case ActivationKind::thresholded_relu: {
      // ONNX ThresholdedRelu: x for x > alpha, else 0.
      Value alpha = constant(alphaValue);
      Value above = cmp(arith::CmpFPredicate::OGT, x, alpha);
      Value zero = constant(0.0);
      return select(above, x, zero);
    }
    case ActivationKind::scaled_tanh: {
      Value beta = constant(betaValue);
      Value scaled = mul(beta, x);
      Value t = tanh(scaled);
      Value alpha = constant(alphaValue);
      return mul(alpha, t);
    }
    case ActivationKind::hard_sigmoid: {
      Value alpha = constant(alphaValue);
      Value scaled = mul(alpha, x);
      Value beta = constant(betaValue);
      Value shifted = add(scaled, beta);
      Value zero = constant(0.0);
      Value low = max(shifted, zero);
      Value one = constant(1.0);
      return min(low, one);
    }
    case ActivationKind::elu: {
      Value e = exp(x);
      Value one = constant(1.0);
      Value em1 = sub(e, one);
      Value alpha = constant(alphaValue);
      Value scaled = mul(alpha, em1);
      return selectNonNegative(x, scaled);
    }
    case ActivationKind::softsign: {
      Value magnitude = abs(x);
      Value one = constant(1.0);
      Value denominator = add(one, magnitude);
      return div(x, denominator);
    }
    case ActivationKind::softplus: {
      Value e = exp(x);
      Value one = constant(1.0);
      Value sum = add(e, one);
      return log(sum);
    }
    }
    llvm_unreachable("unknown activation kind");
  }

  /// ((a + b) + c) + d.
  Value sum4(Value a, Value b, Value c, Value d) {
    Value ab = add(a, b);
    Value abc = add(ab, c);
    return add(abc, d);
  }

  /// act(clip(x)).
  Value activate(event::ActivationAttr attr, Value x,
                 std::optional<APFloat> clipValue) {
    Value clipped = clip(x, clipValue);
    return activation(attr, clipped);
  }

  /// (1 - z) * candidate + z * h, the GRU update.
  Value gruUpdate(Value z, Value candidate, Value h) {
    Value one = constant(1.0);
    Value keep = sub(one, z);
    Value fresh = mul(keep, candidate);
    Value old = mul(z, h);
    return add(fresh, old);
  }

private:
  OpBuilder &b;
  Location loc;
  Type type;
};

using ScalarBody = llvm::function_ref<SmallVector<Value>(Scalar &, ValueRange)>;

//===----------------------------------------------------------------------===//
// Tensor-level helpers
//===----------------------------------------------------------------------===//

RankedTensorType tensorTypeOf(Value value) {
  return cast<RankedTensorType>(value.getType());
}

/// A tensor of `type` filled with +0.
Value buildZeros(OpBuilder &b, Location loc, RankedTensorType type) {
  Value empty =
      tensor::EmptyOp::create(b, loc, type.getShape(), type.getElementType());
  Value zero = arith::ConstantOp::create(
      b, loc, b.getFloatAttr(type.getElementType(), 0.0));
  return linalg::FillOp::create(b, loc, zero, empty).getResult(0);
}

/// One linalg.generic with `numResults` results of shape `shape` and element
/// type `elementType`. Every input has that shape or is per unit: rank 1 with
/// the size of the last dimension, broadcast over the others.
SmallVector<Value> buildElementwise(OpBuilder &b, Location loc,
                                    ArrayRef<int64_t> shape, Type elementType,
                                    ValueRange inputs, unsigned numResults,
                                    ScalarBody body) {
  MLIRContext *context = b.getContext();
  unsigned rank = shape.size();
  AffineMap identity = b.getMultiDimIdentityMap(rank);
  SmallVector<AffineMap> maps;
  for (Value input : inputs) {
    ArrayRef<int64_t> inputShape = tensorTypeOf(input).getShape();
    if (inputShape == shape) {
      maps.push_back(identity);
      continue;
    }
    assert(rank >= 1 && inputShape.size() == 1 &&
           inputShape[0] == shape.back() && "expected a per-unit operand");
    maps.push_back(
        AffineMap::get(rank, 0, getAffineDimExpr(rank - 1, context)));
  }
  auto resultType = RankedTensorType::get(shape, elementType);
  SmallVector<Value> outputs;
  SmallVector<Type> resultTypes(numResults, resultType);
  for (unsigned i = 0; i < numResults; ++i) {
    outputs.push_back(tensor::EmptyOp::create(b, loc, shape, elementType));
    maps.push_back(identity);
  }
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, resultTypes, inputs, outputs, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Scalar scalar(nested, nestedLoc, elementType);
        SmallVector<Value> results =
            body(scalar, args.take_front(inputs.size()));
        assert(results.size() == numResults && "wrong number of results");
        linalg::YieldOp::create(nested, nestedLoc, results);
      });
  return SmallVector<Value>(generic.getResults().begin(),
                            generic.getResults().end());
}

/// `W x` for W [M, N] and x [N] or [B, N]: a linalg.matvec, or a
/// linalg.matmul reading W transposed, into +0 (result [M] or [B, M]). The
/// reduction over N runs innermost in increasing order.
Value buildMatvec(OpBuilder &b, Location loc, Value weights, Value x) {
  RankedTensorType weightsType = tensorTypeOf(weights);
  RankedTensorType xType = tensorTypeOf(x);
  Type elementType = weightsType.getElementType();
  int64_t rows = weightsType.getDimSize(0);
  if (xType.getRank() == 1) {
    auto resultType = RankedTensorType::get({rows}, elementType);
    Value init = buildZeros(b, loc, resultType);
    return linalg::MatvecOp::create(b, loc, TypeRange{resultType},
                                    ValueRange{weights, x}, ValueRange{init})
        .getResult(0);
  }
  auto resultType =
      RankedTensorType::get({xType.getDimSize(0), rows}, elementType);
  Value init = buildZeros(b, loc, resultType);
  MLIRContext *context = b.getContext();
  AffineExpr batch = getAffineDimExpr(0, context);
  AffineExpr row = getAffineDimExpr(1, context);
  AffineExpr column = getAffineDimExpr(2, context);
  auto map = [&](AffineExpr first, AffineExpr second) {
    return AffineMap::get(3, 0, {first, second}, context);
  };
  NamedAttribute maps = b.getNamedAttr(
      "indexing_maps",
      b.getAffineMapArrayAttr(
          {map(batch, column), map(row, column), map(batch, row)}));
  return linalg::MatmulOp::create(b, loc, TypeRange{resultType},
                                  ValueRange{x, weights}, ValueRange{init},
                                  ArrayRef<NamedAttribute>{maps})
      .getResult(0);
}

/// Elements [offset, offset + size) of the last dimension of `value`.
Value sliceLast(OpBuilder &b, Location loc, Value value, int64_t offset,
                int64_t size) {
  RankedTensorType type = tensorTypeOf(value);
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes;
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  SmallVector<int64_t> shape(type.getShape());
  for (int64_t i = 0; i + 1 < rank; ++i)
    sizes.push_back(b.getIndexAttr(type.getDimSize(i)));
  sizes.push_back(b.getIndexAttr(size));
  offsets.back() = b.getIndexAttr(offset);
  shape.back() = size;
  if (offset == 0 && size == type.getShape().back())
    return value;
  return tensor::ExtractSliceOp::create(
      b, loc, RankedTensorType::get(shape, type.getElementType()), value,
      offsets, sizes, strides);
}

/// Rows [offset, offset + size) of a matrix.
Value sliceRows(OpBuilder &b, Location loc, Value matrix, int64_t offset,
                int64_t size) {
  RankedTensorType type = tensorTypeOf(matrix);
  if (offset == 0 && size == type.getDimSize(0))
    return matrix;
  return tensor::ExtractSliceOp::create(
      b, loc,
      RankedTensorType::get({size, type.getDimSize(1)}, type.getElementType()),
      matrix, ArrayRef<OpFoldResult>{b.getIndexAttr(offset), b.getIndexAttr(0)},
      ArrayRef<OpFoldResult>{b.getIndexAttr(size),
                             b.getIndexAttr(type.getDimSize(1))},
      ArrayRef<OpFoldResult>{b.getIndexAttr(1), b.getIndexAttr(1)});
}

/// The `count` gate blocks of H along the last dimension of `value`.
SmallVector<Value> splitGates(OpBuilder &b, Location loc, Value value,
                              int64_t count, int64_t hidden) {
  SmallVector<Value> gates;
  for (int64_t g = 0; g < count; ++g)
    gates.push_back(sliceLast(b, loc, value, g * hidden, hidden));
  return gates;
}

//===----------------------------------------------------------------------===//
// Cell steps
//===----------------------------------------------------------------------===//

/// ONNX GRU, gates z, r, h:
///   z  = f(clip(((Wz x + bxz) + Rz h) + brz))
///   r  = f(clip(((Wr x + bxr) + Rr h) + brr))
///   h~ = g(clip(((Wh x + bxh) + Rh (r * h)) + brh))   linear_before_reset = 0
///   h~ = g(clip((Wh x + bxh) + r * (Rh h + brh)))     linear_before_reset = 1
///   h' = (1 - z) * h~ + z * h
struct GRUStepLowering : OpConversionPattern<event::GRUStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::GRUStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType hType = tensorTypeOf(adaptor.getH());
    int64_t hidden = hType.getShape().back();
    Type elementType = hType.getElementType();
    auto activations = op.getActivations().getAsRange<event::ActivationAttr>();
    event::ActivationAttr f = *activations.begin();
    event::ActivationAttr g = *std::next(activations.begin());
    std::optional<APFloat> clip = op.getClip();
    Value h = adaptor.getH();

    Value wx = buildMatvec(rewriter, loc, adaptor.getW(), adaptor.getX());
    SmallVector<Value> a = splitGates(rewriter, loc, wx, 3, hidden);
    SmallVector<Value> bx =
        splitGates(rewriter, loc, adaptor.getBx(), 3, hidden);
    SmallVector<Value> br =
        splitGates(rewriter, loc, adaptor.getBr(), 3, hidden);

    if (op.getLinearBeforeReset()) {
      Value rh = buildMatvec(rewriter, loc, adaptor.getR(), h);
      SmallVector<Value> b = splitGates(rewriter, loc, rh, 3, hidden);
      Value next = buildElementwise(
          rewriter, loc, hType.getShape(), elementType,
          {a[0], bx[0], b[0], br[0], a[1], bx[1], b[1], br[1], a[2], bx[2],
           b[2], br[2], h},
          1, [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
            Value z = s.activate(f, s.sum4(v[0], v[1], v[2], v[3]), clip);
            Value r = s.activate(f, s.sum4(v[4], v[5], v[6], v[7]), clip);
            Value input = s.add(v[8], v[9]);
            Value recurrent = s.add(v[10], v[11]);
            Value reset = s.mul(r, recurrent);
            Value candidate = s.activate(g, s.add(input, reset), clip);
            return {s.gruUpdate(z, candidate, v[12])};
          })[0];
      rewriter.replaceOp(op, next);
      return success();
    }

    // linear_before_reset = 0: the candidate's matvec reads r * h.
    Value rzr =
        buildMatvec(rewriter, loc,
                    sliceRows(rewriter, loc, adaptor.getR(), 0, 2 * hidden), h);
    SmallVector<Value> b = splitGates(rewriter, loc, rzr, 2, hidden);
    SmallVector<Value> zAndResetH = buildElementwise(
        rewriter, loc, hType.getShape(), elementType,
        {a[0], bx[0], b[0], br[0], a[1], bx[1], b[1], br[1], h}, 2,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          Value z = s.activate(f, s.sum4(v[0], v[1], v[2], v[3]), clip);
          Value r = s.activate(f, s.sum4(v[4], v[5], v[6], v[7]), clip);
          return {z, s.mul(r, v[8])};
        });
    Value rhh = buildMatvec(
        rewriter, loc,
        sliceRows(rewriter, loc, adaptor.getR(), 2 * hidden, hidden),
        zAndResetH[1]);
    Value next = buildElementwise(
        rewriter, loc, hType.getShape(), elementType,
        {a[2], bx[2], rhh, br[2], zAndResetH[0], h}, 1,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          Value candidate = s.activate(g, s.sum4(v[0], v[1], v[2], v[3]), clip);
          return {s.gruUpdate(v[4], candidate, v[5])};
        })[0];
    rewriter.replaceOp(op, next);
    return success();
  }
};

/// ONNX LSTM, gates i, o, f, c; peepholes P = [Pi, Po, Pf]:
///   pre_k = ((Wk x + bxk) + Rk h) + brk
///   i  = f(clip(pre_i + Pi * c))
///   f  = f(clip(pre_f + Pf * c))        (1 - i with input_forget)
///   c~ = g(clip(pre_c))
///   c' = f * c + i * c~
///   o  = f(clip(pre_o + Po * c'))
///   h' = o * h(clip(c'))
/// Without P the peephole terms are absent (not `+ 0 * c`).
struct LSTMStepLowering : OpConversionPattern<event::LSTMStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::LSTMStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType hType = tensorTypeOf(adaptor.getH());
    int64_t hidden = hType.getShape().back();
    Type elementType = hType.getElementType();
    SmallVector<event::ActivationAttr> acts = llvm::to_vector(
        op.getActivations().getAsRange<event::ActivationAttr>());
    std::optional<APFloat> clip = op.getClip();
    bool inputForget = op.getInputForget();
    bool hasPeephole = static_cast<bool>(adaptor.getP());

    Value wx = buildMatvec(rewriter, loc, adaptor.getW(), adaptor.getX());
    Value rh = buildMatvec(rewriter, loc, adaptor.getR(), adaptor.getH());
    SmallVector<Value> a = splitGates(rewriter, loc, wx, 4, hidden);
    SmallVector<Value> b = splitGates(rewriter, loc, rh, 4, hidden);
    SmallVector<Value> bx =
        splitGates(rewriter, loc, adaptor.getBx(), 4, hidden);
    SmallVector<Value> br =
        splitGates(rewriter, loc, adaptor.getBr(), 4, hidden);
    // Inputs: for each gate k in (i, o, f, c): a_k, bx_k, b_k, br_k; then c,
    // then (with peepholes) Pi, Po, Pf.
    SmallVector<Value> inputs;
    for (int64_t k = 0; k < 4; ++k)
      inputs.append({a[k], bx[k], b[k], br[k]});
    inputs.push_back(adaptor.getC());
    if (hasPeephole)
      inputs.append(splitGates(rewriter, loc, adaptor.getP(), 3, hidden));

    SmallVector<Value> results = buildElementwise(
        rewriter, loc, hType.getShape(), elementType, inputs, 2,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          // Gate k's pre-activation ((Wk x + bxk) + Rk h) + brk, plus the
          // peephole term P * state when there are peepholes.
          auto gate = [&](int64_t k, int64_t peephole, Value state) {
            Value pre =
                s.sum4(v[4 * k], v[4 * k + 1], v[4 * k + 2], v[4 * k + 3]);
            if (!hasPeephole)
              return pre;
            Value term = s.mul(v[17 + peephole], state);
            return s.add(pre, term);
          };
          Value c = v[16];
          Value i = s.activate(acts[0], gate(0, 0, c), clip);
          Value f;
          if (inputForget) {
            Value one = s.constant(1.0);
            f = s.sub(one, i);
          } else {
            f = s.activate(acts[0], gate(2, 2, c), clip);
          }
          Value candidate =
              s.activate(acts[1], s.sum4(v[12], v[13], v[14], v[15]), clip);
          Value kept = s.mul(f, c);
          Value added = s.mul(i, candidate);
          Value cNext = s.add(kept, added);
          Value o = s.activate(acts[0], gate(1, 1, cNext), clip);
          Value squashed = s.activate(acts[2], cNext, clip);
          Value hNext = s.mul(o, squashed);
          return {hNext, cNext};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// ONNX RNN: h' = f(clip(((W x + bx) + R h) + br)).
struct RNNStepLowering : OpConversionPattern<event::RNNStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::RNNStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType hType = tensorTypeOf(adaptor.getH());
    event::ActivationAttr activation = op.getActivation();
    std::optional<APFloat> clip = op.getClip();
    Value wx = buildMatvec(rewriter, loc, adaptor.getW(), adaptor.getX());
    Value rh = buildMatvec(rewriter, loc, adaptor.getR(), adaptor.getH());
    Value next = buildElementwise(
        rewriter, loc, hType.getShape(), hType.getElementType(),
        {wx, adaptor.getBx(), rh, adaptor.getBr()}, 1,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          return {s.activate(activation, s.sum4(v[0], v[1], v[2], v[3]), clip)};
        })[0];
    rewriter.replaceOp(op, next);
    return success();
  }
};

/// EGRU, gates z, r, g:
///   a  = W x + bx                b = R y_prev + br
///   z  = sigmoid(a_z + b_z)      r = sigmoid(a_r + b_r)
///   g  = tanh(a_g + r * b_g)
///   c' = z * c_prev + (1 - z) * g
///   o  = c' > theta (0.0 / 1.0)
///   y  = c' * o                  c = c' - o * theta
struct EGRUStepLowering : OpConversionPattern<event::EGRUStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::EGRUStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType cType = tensorTypeOf(adaptor.getCPrev());
    int64_t hidden = cType.getShape().back();
    Value wx = buildMatvec(rewriter, loc, adaptor.getW(), adaptor.getX());
    Value ry = buildMatvec(rewriter, loc, adaptor.getR(), adaptor.getYPrev());
    SmallVector<Value> inputs;
    for (Value value : {wx, adaptor.getBx(), ry, adaptor.getBr()})
      inputs.append(splitGates(rewriter, loc, value, 3, hidden));
    inputs.push_back(adaptor.getCPrev());
    inputs.push_back(adaptor.getTheta());
    // inputs: Wx[z,r,g] 0-2, bx 3-5, Ry 6-8, br 9-11, c_prev 12, theta 13.
    SmallVector<Value> results = buildElementwise(
        rewriter, loc, cType.getShape(), cType.getElementType(), inputs, 2,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          // a_k = Wx_k + bx_k, b_k = Ry_k + br_k.
          auto a = [&](int64_t k) { return s.add(v[k], v[3 + k]); };
          auto b = [&](int64_t k) { return s.add(v[6 + k], v[9 + k]); };
          Value az = a(0), bz = b(0);
          Value z = s.sigmoid(s.add(az, bz));
          Value ar = a(1), br = b(1);
          Value r = s.sigmoid(s.add(ar, br));
          Value ag = a(2), bg = b(2);
          Value reset = s.mul(r, bg);
          Value g = s.tanh(s.add(ag, reset));
          Value kept = s.mul(z, v[12]);
          Value one = s.constant(1.0);
          Value keep = s.sub(one, z);
          Value fresh = s.mul(keep, g);
          Value c = s.add(kept, fresh);
          Value theta = v[13];
          Value o = s.indicator(s.cmp(arith::CmpFPredicate::OGT, c, theta));
          Value y = s.mul(c, o);
          Value reduction = s.mul(o, theta);
          return {y, s.sub(c, reduction)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// RWKV WKV, the numerically stable form:
///   q = max(pp, u + k);  e1 = exp(pp - q);  e2 = exp((u + k) - q)
///   wkv = (e1 * aa + e2 * v) / (e1 * bb + e2)
///   q' = max(pp + w, k); e1' = exp((pp + w) - q'); e2' = exp(k - q')
///   aa' = e1' * aa + e2' * v;  bb' = e1' * bb + e2';  pp' = q'
struct WKVStepLowering : OpConversionPattern<event::WKVStepOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::WKVStepOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = tensorTypeOf(adaptor.getK());
    SmallVector<Value> results = buildElementwise(
        rewriter, op.getLoc(), type.getShape(), type.getElementType(),
        {adaptor.getK(), adaptor.getV(), adaptor.getW(), adaptor.getU(),
         adaptor.getAa(), adaptor.getBb(), adaptor.getPp()},
        4, [&](Scalar &s, ValueRange args) -> SmallVector<Value> {
          Value k = args[0], v = args[1], w = args[2], u = args[3],
                aa = args[4], bb = args[5], pp = args[6];
          Value uk = s.add(u, k);
          Value q = s.max(pp, uk);
          Value e1 = s.exp(s.sub(pp, q));
          Value e2 = s.exp(s.sub(uk, q));
          Value e1aa = s.mul(e1, aa);
          Value e2v = s.mul(e2, v);
          Value numerator = s.add(e1aa, e2v);
          Value e1bb = s.mul(e1, bb);
          Value denominator = s.add(e1bb, e2);
          Value wkv = s.div(numerator, denominator);
          Value ppw = s.add(pp, w);
          Value q2 = s.max(ppw, k);
          Value f1 = s.exp(s.sub(ppw, q2));
          Value f2 = s.exp(s.sub(k, q2));
          Value f1aa = s.mul(f1, aa);
          Value f2v = s.mul(f2, v);
          Value aaNext = s.add(f1aa, f2v);
          Value f1bb = s.mul(f1, bb);
          Value bbNext = s.add(f1bb, f2);
          return {wkv, aaNext, bbNext, q2};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Event generation and consumption
//===----------------------------------------------------------------------===//

/// o = v > theta; y = v * o; v' = v - o * theta.
struct ThresholdLowering : OpConversionPattern<event::ThresholdOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::ThresholdOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = tensorTypeOf(adaptor.getV());
    SmallVector<Value> results = buildElementwise(
        rewriter, op.getLoc(), type.getShape(), type.getElementType(),
        {adaptor.getV(), adaptor.getTheta()}, 2,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          Value o = s.indicator(s.cmp(arith::CmpFPredicate::OGT, v[0], v[1]));
          Value y = s.mul(v[0], o);
          Value reduction = s.mul(o, v[1]);
          return {y, s.sub(v[0], reduction)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// v1 = v + (input - v) / tau; s = v1 >= v_threshold; v' = s ? v_reset : v1.
struct LIFLowering : OpConversionPattern<event::LIFOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::LIFOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = tensorTypeOf(adaptor.getV());
    double tau = op.getTau().convertToDouble();
    double threshold = op.getVThreshold().convertToDouble();
    double reset = op.getVReset().convertToDouble();
    SmallVector<Value> results = buildElementwise(
        rewriter, op.getLoc(), type.getShape(), type.getElementType(),
        {adaptor.getInput(), adaptor.getV()}, 2,
        [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
          Value difference = s.sub(v[0], v[1]);
          Value tauValue = s.constant(tau);
          Value leak = s.div(difference, tauValue);
          Value v1 = s.add(v[1], leak);
          Value thresholdValue = s.constant(threshold);
          Value fired = s.cmp(arith::CmpFPredicate::OGE, v1, thresholdValue);
          Value spikes = s.indicator(fired);
          Value resetValue = s.constant(reset);
          return {spikes, s.select(fired, resetValue, v1)};
        });
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// s = x > 0 (strict) or x >= 0.
struct HeavisideLowering : OpConversionPattern<event::HeavisideOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::HeavisideOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = tensorTypeOf(adaptor.getX());
    auto predicate =
        op.getStrict() ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OGE;
    Value spikes =
        buildElementwise(rewriter, op.getLoc(), type.getShape(),
                         type.getElementType(), {adaptor.getX()}, 1,
                         [&](Scalar &s, ValueRange v) -> SmallVector<Value> {
                           Value zero = s.constant(0.0);
                           return {s.indicator(s.cmp(predicate, v[0], zero))};
                         })[0];
    rewriter.replaceOp(op, spikes);
    return success();
  }
};

/// The dense product W x (see the pass description for why it equals the
/// event-driven sum).
struct AccumulateLowering : OpConversionPattern<event::AccumulateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::AccumulateOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op,
                       buildMatvec(rewriter, op.getLoc(), adaptor.getWeights(),
                                   adaptor.getInput()));
    return success();
  }
};

/// `sitofp(q[i, j]) * scales[i]`: the conversion of an i8 is exact, so the
/// multiply is the only rounding, as on SpiNNaker 2.
struct DequantizeLowering : OpConversionPattern<event::DequantizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::DequantizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    RankedTensorType type = op.getResult().getType();
    Type elementType = type.getElementType();
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = rewriter.getMultiDimIdentityMap(2);
    AffineMap perRow = AffineMap::get(2, 0, getAffineDimExpr(0, context));
    Value empty = tensor::EmptyOp::create(rewriter, loc, type.getShape(),
                                          elementType);
    SmallVector<utils::IteratorType> iterators(2,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{type},
        ValueRange{adaptor.getQuantized(), adaptor.getScales()},
        ValueRange{empty}, ArrayRef<AffineMap>{identity, perRow, identity},
        iterators, [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
          Value weight =
              arith::SIToFPOp::create(b, nestedLoc, elementType, args[0]);
          Value scaled = arith::MulFOp::create(b, nestedLoc, weight, args[1]);
          linalg::YieldOp::create(b, nestedLoc, scaled);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

/// to_dense / from_dense: events already are dense tensors.
template <typename OpTy> struct IdentityLowering : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Recurrent state
//===----------------------------------------------------------------------===//

struct StateLowering : OpConversionPattern<event::StateOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::StateOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    RankedTensorType type = op.getDenseType();
    Attribute initial = op.getInitialValueAttr();
    if (!initial)
      initial = DenseElementsAttr::get(
          type, rewriter.getFloatAttr(type.getElementType(), 0.0));
    rewriter.replaceOpWithNewOp<ml_program::GlobalOp>(
        op, op.getSymNameAttr(), TypeAttr::get(type), rewriter.getUnitAttr(),
        initial, rewriter.getStringAttr("private"));
    return success();
  }
};

struct StateReadLowering : OpConversionPattern<event::StateReadOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::StateReadOp op, OpAdaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Type type = getTypeConverter()->convertType(op.getType());
    rewriter.replaceOpWithNewOp<ml_program::GlobalLoadOp>(op, type,
                                                          op.getStateAttr());
    return success();
  }
};

struct StateWriteLowering : OpConversionPattern<event::StateWriteOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(event::StateWriteOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ml_program::GlobalStoreOp>(
        op, op.getStateAttr(), adaptor.getValue());
    return success();
  }
};

//===----------------------------------------------------------------------===//
// The pass
//===----------------------------------------------------------------------===//

struct ConvertEventToLinalgPass
    : public impl::ConvertEventToLinalgBase<ConvertEventToLinalgPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    EventsToTensorTypeConverter converter;
    ConversionTarget target(*context);
    target.addIllegalDialect<event::EventDialect>();
    // Everything else is legal once no events remain in its types.
    target.markUnknownOpDynamicallyLegal([&](Operation *op) {
      // A function is legal with a legal signature; the block arguments of
      // its other blocks are converted by the patterns of the branches that
      // reach them.
      if (auto func = dyn_cast<FunctionOpInterface>(op))
        return converter.isLegal(func.getArgumentTypes()) &&
               converter.isLegal(func.getResultTypes());
      return converter.isLegal(op);
    });

    RewritePatternSet patterns(context);
    populateEventToLinalgConversionPatterns(converter, patterns);
    scf::populateSCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                         target);
    populateFunctionOpInterfaceTypeConversionPattern<func::FuncOp>(patterns,
                                                                   converter);
    populateCallOpTypeConversionPattern(patterns, converter);
    populateReturnOpTypeConversionPattern(patterns, converter);
    cf::populateCFStructuralTypeConversionsAndLegality(converter, patterns,
                                                       target);
    if (failed(applyPartialConversion(getOperation(), target,
                                      std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace

void populateEventToLinalgConversionPatterns(const TypeConverter &typeConverter,
                                             RewritePatternSet &patterns) {
  patterns
      .add<GRUStepLowering, LSTMStepLowering, RNNStepLowering, EGRUStepLowering,
           WKVStepLowering, ThresholdLowering, LIFLowering, HeavisideLowering,
           AccumulateLowering, DequantizeLowering,
           IdentityLowering<event::ToDenseOp>,
           IdentityLowering<event::FromDenseOp>, StateLowering,
           StateReadLowering, StateWriteLowering>(typeConverter,
                                                  patterns.getContext());
}

} // namespace spnc
