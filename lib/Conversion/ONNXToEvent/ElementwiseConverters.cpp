//===- ElementwiseConverters.cpp - Elementwise ONNX operators -------------===//
//
// Arithmetic, activations, comparisons, Where, Clip, Max/Min and Cast. Each
// becomes one `linalg.generic` over the result shape with ONNX's numpy
// broadcasting. Element types follow the ONNX type constraints: floats
// (f16/bf16/f32/f64) everywhere, signless integers (ONNX's signed intN) and
// unsigned integers where ONNX allows them, bool where ONNX allows it.
// arith only computes on signless integers, so unsigned scalars are viewed as
// signless inside the linalg bodies and computed with the unsigned variants
// of division, comparison, min/max and conversion.
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <cmath>
#include <optional>

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

using Kinds = llvm::ArrayRef<ElementKind>;
constexpr ElementKind kFloatKinds[] = {ElementKind::Float};
constexpr ElementKind kNumericKinds[] = {ElementKind::Float,
                                         ElementKind::SignedInt};
constexpr ElementKind kAnyNumberKinds[] = {
    ElementKind::Float, ElementKind::SignedInt, ElementKind::UnsignedInt};
constexpr ElementKind kEqualityKinds[] = {
    ElementKind::Float, ElementKind::SignedInt, ElementKind::UnsignedInt,
    ElementKind::Bool};
constexpr ElementKind kAllKinds[] = {ElementKind::Float, ElementKind::SignedInt,
                                     ElementKind::Bool,
                                     ElementKind::UnsignedInt};

/// The signless integer type with `type`'s width for unsigned `type`, else
/// `type` itself.
Type getSignlessType(Type type) {
  auto intType = dyn_cast<IntegerType>(type);
  if (!intType || intType.isSignless())
    return type;
  return IntegerType::get(type.getContext(), intType.getWidth());
}

/// Reinterprets a scalar as `type`, which differs at most in signedness.
/// Tensors keep ONNX's unsigned element types; only the scalars inside
/// linalg bodies are viewed as signless for arith. The cast is a no-op once
/// both sides lower to the same LLVM integer type.
Value reinterpretScalar(OpBuilder &b, Location loc, Value value, Type type) {
  if (value.getType() == type)
    return value;
  return UnrealizedConversionCastOp::create(b, loc, TypeRange{type},
                                            ValueRange{value})
      .getResult(0);
}

/// buildBroadcastElementwise with unsigned operand scalars viewed as
/// signless for `body`, and `body`'s result viewed as the result type's
/// element type.
Value buildSignlessElementwise(OpBuilder &builder, Location loc,
                               RankedTensorType resultType, ValueRange operands,
                               ElementwiseBodyFn body) {
  Type resultElement = resultType.getElementType();
  return buildBroadcastElementwise(
      builder, loc, resultType, operands,
      [&](OpBuilder &b, Location nestedLoc, ValueRange scalars) {
        llvm::SmallVector<Value> signless;
        for (Value scalar : scalars)
          signless.push_back(reinterpretScalar(
              b, nestedLoc, scalar, getSignlessType(scalar.getType())));
        Value result = body(b, nestedLoc, signless);
        return reinterpretScalar(b, nestedLoc, result, resultElement);
      });
}

/// Computes one result element from the broadcast input elements; `kind` is
/// the kind of input #0's element type.
using ScalarBody = std::function<Value(OpBuilder &builder, Location loc,
                                       ValueRange scalars, ElementKind kind)>;

/// What the result element type must be.
enum class ResultElement { SameAsInput, Bool };

/// The static types of all inputs, the result type, checked element kinds
/// and broadcast compatibility, then one linalg.generic computing `body`.
LogicalResult convertElementwise(NodeOp node, OpBuilder &builder,
                                 llvm::SmallVectorImpl<Value> &results,
                                 Kinds allowed, ResultElement resultElement,
                                 const ScalarBody &body) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(resultType))
    return failure();
  if (node.getInputs().empty())
    return emitNodeError(node) << "requires at least one input";
  llvm::SmallVector<Value> operands;
  llvm::SmallVector<RankedTensorType> types;
  for (unsigned i = 0, e = node.getInputs().size(); i < e; ++i) {
    FailureOr<RankedTensorType> type = getStaticInputType(node, i);
    if (failed(type))
      return failure();
    operands.push_back(node.getInputs()[i]);
    types.push_back(*type);
  }
  Type elementType = types[0].getElementType();
  if (failed(checkElementKind(node, elementType, allowed, "input #0")))
    return failure();
  for (auto [index, type] : llvm::enumerate(types))
    if (type.getElementType() != elementType)
      return emitNodeError(node)
             << "input #" << index << " has element type "
             << type.getElementType() << " but input #0 has " << elementType;
  Type expected = resultElement == ResultElement::Bool
                      ? Type(builder.getI1Type())
                      : elementType;
  if (resultType->getElementType() != expected)
    return emitNodeError(node)
           << "output has element type " << resultType->getElementType()
           << ", expected " << expected;
  if (failed(checkBroadcastable(node, types, *resultType)))
    return failure();
  ElementKind kind = getElementKind(elementType);
  results.push_back(buildSignlessElementwise(
      builder, node.getLoc(), *resultType, operands,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange scalars) {
        return body(nested, nestedLoc, scalars, kind);
      }));
  return success();
}

ONNXConvertFn elementwise(Kinds allowed, ResultElement resultElement,
                          ScalarBody body) {
  llvm::SmallVector<ElementKind> kinds(allowed);
  return [kinds, resultElement,
          body](NodeOp node, OpBuilder &builder,
                llvm::SmallVectorImpl<Value> &results) -> LogicalResult {
    return convertElementwise(node, builder, results, kinds, resultElement,
                              body);
  };
}

Value constantLike(OpBuilder &builder, Location loc, Value like, double value) {
  return buildScalarConstant(builder, loc, like.getType(), value);
}

//===-- Binary arithmetic -------------------------------------------------===//

/// Integer add, sub and mul wrap identically for signed and unsigned
/// operands; only division needs `UIntOp`.
template <typename FloatOp, typename IntOp, typename UIntOp = IntOp>
ONNXConvertFn binaryArith() {
  return elementwise(
      kAnyNumberKinds, ResultElement::SameAsInput,
      [](OpBuilder &b, Location loc, ValueRange s, ElementKind kind) -> Value {
        if (kind == ElementKind::Float)
          return FloatOp::create(b, loc, s[0], s[1]);
        if (kind == ElementKind::UnsignedInt)
          return UIntOp::create(b, loc, s[0], s[1]);
        return IntOp::create(b, loc, s[0], s[1]);
      });
}

/// The value of a constant whose elements are all equal, if `value` is one.
std::optional<double> getSplatConstant(Value value) {
  auto constant = value.getDefiningOp<arith::ConstantOp>();
  auto dense = constant ? dyn_cast<DenseElementsAttr>(constant.getValue())
                        : DenseElementsAttr();
  if (!dense || !dense.isSplat())
    return std::nullopt;
  if (auto floats = dyn_cast<DenseFPElementsAttr>(dense))
    return floats.getSplatValue<APFloat>().convertToDouble();
  if (auto ints = dyn_cast<DenseIntElementsAttr>(dense))
    return static_cast<double>(ints.getSplatValue<APInt>().getSExtValue());
  return std::nullopt;
}

/// x^y with C's pow semantics for every sign: math.powf expands to
/// exp(y * log(x)), which is NaN for a negative base even where the power is
/// real (integral y), and for y = 0. The magnitude comes from |x|; the sign
/// from x < 0 with odd integral y; a negative base with non-integral y is
/// NaN; y = 0 gives 1.
Value buildFloatPow(OpBuilder &b, Location loc, Value base, Value exponent) {
  Type type = base.getType();
  Value zero = buildScalarConstant(b, loc, type, 0.0);
  Value one = buildScalarConstant(b, loc, type, 1.0);
  Value two = buildScalarConstant(b, loc, type, 2.0);
  Value magnitude = math::PowFOp::create(
      b, loc, math::AbsFOp::create(b, loc, base), exponent);
  Value integral = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                         math::FloorOp::create(b, loc, exponent),
                                         exponent);
  Value odd = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::ONE,
                                    arith::RemFOp::create(b, loc, exponent, two),
                                    zero);
  Value negative = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT,
                                         base, zero);
  Value nan = buildScalarConstant(b, loc, type, std::nan(""));
  Value signedMagnitude = arith::SelectOp::create(
      b, loc, odd, arith::NegFOp::create(b, loc, magnitude), magnitude);
  Value negativeResult =
      arith::SelectOp::create(b, loc, integral, signedMagnitude, nan);
  Value result =
      arith::SelectOp::create(b, loc, negative, negativeResult, magnitude);
  Value exponentZero = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ,
                                             exponent, zero);
  return arith::SelectOp::create(b, loc, exponentZero, one, result);
}

/// x^c for a constant c where an exact IEEE operation gives the correctly
/// rounded power (what PyTorch's and numpy's pow return): x*x, x, sqrt(x).
std::optional<Value> buildExactPow(OpBuilder &b, Location loc, Value base,
                                   double exponent) {
  if (exponent == 2.0)
    return Value(arith::MulFOp::create(b, loc, base, base));
  if (exponent == 1.0)
    return base;
  if (exponent == 0.5)
    return Value(math::SqrtOp::create(b, loc, base));
  return std::nullopt;
}

/// Pow(X, Y): the result has X's type; Y may have another numeric type.
LogicalResult convertPow(NodeOp node, OpBuilder &builder,
                         llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  FailureOr<RankedTensorType> baseType = getStaticInputType(node, 0);
  if (failed(resultType) || failed(baseType))
    return failure();
  FailureOr<RankedTensorType> exponentType = getStaticInputType(node, 1);
  if (failed(exponentType))
    return failure();
  Type baseElement = baseType->getElementType();
  Type exponentElement = exponentType->getElementType();
  // The base is float, int32 or int64; the exponent any number type.
  if (failed(checkElementKind(node, baseElement, kNumericKinds, "input #0")) ||
      failed(
          checkElementKind(node, exponentElement, kAnyNumberKinds, "input #1")))
    return failure();
  if (resultType->getElementType() != baseElement)
    return emitNodeError(node) << "output element type must equal the base's";
  if (failed(checkBroadcastable(node, {*baseType, *exponentType}, *resultType)))
    return failure();
  bool floatBase = isa<FloatType>(baseElement);
  bool floatExponent = isa<FloatType>(exponentElement);
  bool unsignedExponent =
      getElementKind(exponentElement) == ElementKind::UnsignedInt;
  std::optional<double> constantExponent =
      getSplatConstant(node.getInputs()[1]);
  results.push_back(buildSignlessElementwise(
      builder, node.getLoc(), *resultType,
      {node.getInputs()[0], node.getInputs()[1]},
      [&](OpBuilder &b, Location loc, ValueRange s) -> Value {
        Value base = s[0], exponent = s[1];
        if (floatBase) {
          auto floatType = cast<FloatType>(baseElement);
          if (constantExponent)
            if (std::optional<Value> exact =
                    buildExactPow(b, loc, base, *constantExponent))
              return *exact;
          if (floatExponent) {
            // Mixed float types compute in the wider one (f32 for f16 vs
            // bf16) and round the result to the base's type once.
            auto exponentType = cast<FloatType>(exponentElement);
            Type computeType = floatType;
            if (exponentType.getWidth() > floatType.getWidth())
              computeType = exponentType;
            else if (exponentType != floatType &&
                     exponentType.getWidth() == floatType.getWidth())
              computeType = b.getF32Type();
            Value power = buildFloatPow(
                b, loc, buildFloatConversion(b, loc, base, computeType),
                buildFloatConversion(b, loc, exponent, computeType));
            return buildFloatConversion(b, loc, power, floatType);
          }
          // An integer exponent is converted to the base's float type.
          if (unsignedExponent)
            exponent = arith::UIToFPOp::create(b, loc, floatType, exponent);
          else
            exponent = arith::SIToFPOp::create(b, loc, floatType, exponent);
          return buildFloatPow(b, loc, base, exponent);
        }
        auto intType = cast<IntegerType>(baseElement);
        if (floatExponent) {
          // Integer base, float exponent: numpy computes in double, ONNX casts
          // the result back to the base type (truncating toward zero).
          Type f64 = b.getF64Type();
          Value baseF = arith::SIToFPOp::create(b, loc, f64, base);
          Value exponentF = exponent;
          if (exponentElement != f64)
            exponentF = arith::ExtFOp::create(b, loc, f64, exponent);
          Value power = buildFloatPow(b, loc, baseF, exponentF);
          return arith::FPToSIOp::create(b, loc, intType, power);
        }
        unsigned exponentWidth = exponentElement.getIntOrFloatBitWidth();
        if (exponentWidth < intType.getWidth() && unsignedExponent)
          exponent = arith::ExtUIOp::create(b, loc, intType, exponent);
        else if (exponentWidth < intType.getWidth())
          exponent = arith::ExtSIOp::create(b, loc, intType, exponent);
        else if (exponentWidth > intType.getWidth())
          exponent = arith::TruncIOp::create(b, loc, intType, exponent);
        return math::IPowIOp::create(b, loc, base, exponent);
      }));
  return success();
}

//===-- Unary operators ---------------------------------------------------===//

ONNXConvertFn
unaryFloat(std::function<Value(OpBuilder &, Location, Value)> compute) {
  return elementwise(kFloatKinds, ResultElement::SameAsInput,
                     [compute](OpBuilder &b, Location loc, ValueRange s,
                               ElementKind) { return compute(b, loc, s[0]); });
}

Value buildSigmoid(OpBuilder &b, Location loc, Value x) {
  // 1 / (1 + exp(-x)): saturates to 0 and 1 without overflow to NaN.
  Value one = constantLike(b, loc, x, 1.0);
  Value negated = arith::NegFOp::create(b, loc, x);
  Value exp = math::ExpOp::create(b, loc, negated);
  Value denominator = arith::AddFOp::create(b, loc, one, exp);
  return arith::DivFOp::create(b, loc, one, denominator);
}

LogicalResult convertLeakyRelu(NodeOp node, OpBuilder &builder,
                               llvm::SmallVectorImpl<Value> &results) {
  double alpha = getFloatAttr(node, "alpha", 0.01f);
  return convertElementwise(
      node, builder, results, kFloatKinds, ResultElement::SameAsInput,
      [alpha](OpBuilder &b, Location loc, ValueRange s, ElementKind) -> Value {
        Value x = s[0];
        Value zero = constantLike(b, loc, x, 0.0);
        Value scaled =
            arith::MulFOp::create(b, loc, x, constantLike(b, loc, x, alpha));
        Value negative =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
        return arith::SelectOp::create(b, loc, negative, scaled, x);
      });
}

LogicalResult convertHardSigmoid(NodeOp node, OpBuilder &builder,
                                 llvm::SmallVectorImpl<Value> &results) {
  double alpha = getFloatAttr(node, "alpha", 0.2f);
  double beta = getFloatAttr(node, "beta", 0.5f);
  return convertElementwise(
      node, builder, results, kFloatKinds, ResultElement::SameAsInput,
      [=](OpBuilder &b, Location loc, ValueRange s, ElementKind) -> Value {
        Value x = s[0];
        Value linear = arith::AddFOp::create(
            b, loc,
            arith::MulFOp::create(b, loc, x, constantLike(b, loc, x, alpha)),
            constantLike(b, loc, x, beta));
        Value lower = arith::MaximumFOp::create(b, loc, linear,
                                                constantLike(b, loc, x, 0.0));
        return arith::MinimumFOp::create(b, loc, lower,
                                         constantLike(b, loc, x, 1.0));
      });
}

//===-- Max, Min, Clip ----------------------------------------------------===//

/// max/min that propagate NaN (numpy's maximum/minimum) for floats and
/// compare integers by `kind`'s signedness.
Value buildMax(OpBuilder &b, Location loc, Value lhs, Value rhs,
               ElementKind kind) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MaximumFOp::create(b, loc, lhs, rhs);
  if (kind == ElementKind::UnsignedInt)
    return arith::MaxUIOp::create(b, loc, lhs, rhs);
  return arith::MaxSIOp::create(b, loc, lhs, rhs);
}

Value buildMin(OpBuilder &b, Location loc, Value lhs, Value rhs,
               ElementKind kind) {
  if (isa<FloatType>(lhs.getType()))
    return arith::MinimumFOp::create(b, loc, lhs, rhs);
  if (kind == ElementKind::UnsignedInt)
    return arith::MinUIOp::create(b, loc, lhs, rhs);
  return arith::MinSIOp::create(b, loc, lhs, rhs);
}

template <bool isMax>
LogicalResult convertMaxMin(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results) {
  return convertElementwise(
      node, builder, results, kAnyNumberKinds, ResultElement::SameAsInput,
      [](OpBuilder &b, Location loc, ValueRange s, ElementKind kind) -> Value {
        Value result = s[0];
        for (Value operand : s.drop_front())
          result = isMax ? buildMax(b, loc, result, operand, kind)
                         : buildMin(b, loc, result, operand, kind);
        return result;
      });
}

/// Clip as np.clip: min(max(x, lo), hi), so lo > hi yields hi everywhere.
Value buildClip(OpBuilder &b, Location loc, Value x, Value lo, Value hi,
                ElementKind kind) {
  Value result = x;
  if (lo)
    result = buildMax(b, loc, result, lo, kind);
  if (hi)
    result = buildMin(b, loc, result, hi, kind);
  return result;
}

/// Opsets 6-10: bounds are float attributes (floats only).
LogicalResult convertClipAttrs(NodeOp node, OpBuilder &builder,
                               llvm::SmallVectorImpl<Value> &results) {
  std::optional<float> lo = getOptionalFloatAttr(node, "min");
  std::optional<float> hi = getOptionalFloatAttr(node, "max");
  if (node.getInputs().size() != 1)
    return emitNodeError(node) << "expects exactly one input before opset 11";
  return convertElementwise(
      node, builder, results, kFloatKinds, ResultElement::SameAsInput,
      [=](OpBuilder &b, Location loc, ValueRange s, ElementKind) -> Value {
        Value x = s[0];
        return buildClip(b, loc, x, lo ? constantLike(b, loc, x, *lo) : Value(),
                         hi ? constantLike(b, loc, x, *hi) : Value(),
                         ElementKind::Float);
      });
}

/// Opsets 11+: optional scalar inputs `min` and `max`, read at run time.
LogicalResult convertClipInputs(NodeOp node, OpBuilder &builder,
                                llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(resultType) || failed(inputType))
    return failure();
  Type elementType = inputType->getElementType();
  if (failed(checkElementKind(node, elementType, kAnyNumberKinds, "input #0")))
    return failure();
  if (*resultType != *inputType)
    return emitNodeError(node) << "output type must equal the input type";
  ElementKind kind = getElementKind(elementType);
  Location loc = node.getLoc();
  Value bounds[2];
  for (unsigned i = 1; i <= 2; ++i) {
    Value bound = node.getInputOrNull(i);
    if (!bound)
      continue;
    FailureOr<RankedTensorType> boundType = getStaticInputType(node, i);
    if (failed(boundType))
      return failure();
    if (boundType->getNumElements() != 1 ||
        boundType->getElementType() != elementType)
      return emitNodeError(node)
             << (i == 1 ? "min" : "max") << " (input #" << i
             << ") must be a scalar of the input's element type, got "
             << *boundType;
    bounds[i - 1] =
        reinterpretScalar(builder, loc, buildExtractScalar(builder, loc, bound),
                          getSignlessType(elementType));
  }
  results.push_back(buildSignlessElementwise(
      builder, loc, *resultType, {node.getInputs()[0]},
      [&](OpBuilder &b, Location nestedLoc, ValueRange s) {
        return buildClip(b, nestedLoc, s[0], bounds[0], bounds[1], kind);
      }));
  return success();
}

//===-- Comparisons and Where ---------------------------------------------===//

ONNXConvertFn comparison(Kinds allowed, arith::CmpFPredicate floatPredicate,
                         arith::CmpIPredicate signedPredicate,
                         arith::CmpIPredicate unsignedPredicate) {
  return elementwise(
      allowed, ResultElement::Bool,
      [=](OpBuilder &b, Location loc, ValueRange s, ElementKind kind) -> Value {
        if (kind == ElementKind::Float)
          return arith::CmpFOp::create(b, loc, floatPredicate, s[0], s[1]);
        return arith::CmpIOp::create(b, loc,
                                     kind == ElementKind::UnsignedInt
                                         ? unsignedPredicate
                                         : signedPredicate,
                                     s[0], s[1]);
      });
}

LogicalResult convertWhere(NodeOp node, OpBuilder &builder,
                           llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(resultType))
    return failure();
  llvm::SmallVector<RankedTensorType> types;
  for (unsigned i = 0; i < 3; ++i) {
    FailureOr<RankedTensorType> type = getStaticInputType(node, i);
    if (failed(type))
      return failure();
    types.push_back(*type);
  }
  if (!types[0].getElementType().isInteger(1))
    return emitNodeError(node)
           << "condition (input #0) must be bool, got " << types[0];
  Type elementType = types[1].getElementType();
  if (failed(checkElementKind(node, elementType, kAllKinds, "input #1")))
    return failure();
  if (types[2].getElementType() != elementType ||
      resultType->getElementType() != elementType)
    return emitNodeError(node)
           << "inputs #1, #2 and the output must have the same element type";
  if (failed(checkBroadcastable(node, types, *resultType)))
    return failure();
  // arith.select accepts any type, unsigned integers included.
  results.push_back(buildBroadcastElementwise(
      builder, node.getLoc(), *resultType, node.getInputs(),
      [](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        return arith::SelectOp::create(b, nestedLoc, s[0], s[1], s[2]);
      }));
  return success();
}

//===-- Cast --------------------------------------------------------------===//

/// Converts `value` (of signless type `from`, unsigned if `fromUnsigned`) to
/// signless type `to` (unsigned if `toUnsigned`) with C/numpy semantics:
/// float->int truncates toward zero, anything->bool is "!= 0" (NaN is true),
/// bool->number is 0/1, integer widening extends by the source signedness,
/// narrowing wraps, float->float rounds to nearest even.
Value buildCastScalar(OpBuilder &b, Location loc, Value value,
                      bool fromUnsigned, Type to, bool toUnsigned) {
  Type from = value.getType();
  if (from == to)
    return value;
  auto fromFloat = dyn_cast<FloatType>(from);
  auto toFloat = dyn_cast<FloatType>(to);
  bool fromBool = from.isInteger(1);
  if (to.isInteger(1)) {
    Value zero = buildScalarConstant(b, loc, from, 0.0);
    if (fromFloat)
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, value,
                                   zero);
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, value, zero);
  }
  if (fromFloat && toFloat)
    return buildFloatConversion(b, loc, value, to);
  if (fromFloat) {
    if (toUnsigned)
      return arith::FPToUIOp::create(b, loc, to, value);
    return arith::FPToSIOp::create(b, loc, to, value);
  }
  if (toFloat) {
    if (fromUnsigned || fromBool)
      return arith::UIToFPOp::create(b, loc, to, value);
    return arith::SIToFPOp::create(b, loc, to, value);
  }
  unsigned fromWidth = from.getIntOrFloatBitWidth();
  unsigned toWidth = to.getIntOrFloatBitWidth();
  if (fromWidth < toWidth) {
    if (fromUnsigned || fromBool)
      return arith::ExtUIOp::create(b, loc, to, value);
    return arith::ExtSIOp::create(b, loc, to, value);
  }
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, to, value);
  return value;
}

LogicalResult convertCast(NodeOp node, OpBuilder &builder,
                          llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(resultType) || failed(inputType))
    return failure();
  if (failed(checkElementKind(node, inputType->getElementType(), kAllKinds,
                              "input #0")) ||
      failed(checkElementKind(node, resultType->getElementType(), kAllKinds,
                              "output")))
    return failure();
  if (inputType->getShape() != resultType->getShape())
    return emitNodeError(node) << "output shape must equal the input shape";
  Location loc = node.getLoc();
  bool fromUnsigned =
      getElementKind(inputType->getElementType()) == ElementKind::UnsignedInt;
  bool toUnsigned =
      getElementKind(resultType->getElementType()) == ElementKind::UnsignedInt;
  if (*inputType == *resultType) {
    results.push_back(node.getInputs()[0]);
    return success();
  }
  // arith works on signless integers: unsigned scalars are viewed as
  // signless and converted with the unsigned ops instead.
  Type toElement = getSignlessType(resultType->getElementType());
  results.push_back(buildSignlessElementwise(
      builder, loc, *resultType, {node.getInputs()[0]},
      [&](OpBuilder &b, Location nestedLoc, ValueRange s) {
        return buildCastScalar(b, nestedLoc, s[0], fromUnsigned, toElement,
                               toUnsigned);
      }));
  return success();
}

} // namespace

void populateONNXElementwiseConverters(ONNXConverterRegistry &registry) {
  constexpr int64_t kMax = kMaxSupportedOpset;
  // Opset 7 replaced the legacy `broadcast` attribute by numpy broadcasting;
  // later versions only add element types.
  registry.add("Add", 7, kMax, binaryArith<arith::AddFOp, arith::AddIOp>());
  registry.add("Sub", 7, kMax, binaryArith<arith::SubFOp, arith::SubIOp>());
  registry.add("Mul", 7, kMax, binaryArith<arith::MulFOp, arith::MulIOp>());
  // Integer division truncates toward zero, as C and ONNX runtimes do.
  registry.add("Div", 7, kMax,
               binaryArith<arith::DivFOp, arith::DivSIOp, arith::DivUIOp>());
  // 7: floats with numpy broadcasting; 12/13/15 add integer and mixed types.
  registry.add("Pow", 7, kMax, convertPow);

  // Opset 6 dropped `consumed_inputs`; later versions only add types.
  registry.add("Neg", 6, kMax,
               elementwise(kNumericKinds, ResultElement::SameAsInput,
                           [](OpBuilder &b, Location loc, ValueRange s,
                              ElementKind kind) -> Value {
                             if (kind == ElementKind::Float)
                               return arith::NegFOp::create(b, loc, s[0]);
                             return arith::SubIOp::create(
                                 b, loc, constantLike(b, loc, s[0], 0), s[0]);
                           }));
  registry.add("Abs", 6, kMax,
               elementwise(kAnyNumberKinds, ResultElement::SameAsInput,
                           [](OpBuilder &b, Location loc, ValueRange s,
                              ElementKind kind) -> Value {
                             if (kind == ElementKind::Float)
                               return math::AbsFOp::create(b, loc, s[0]);
                             if (kind == ElementKind::UnsignedInt)
                               return s[0];
                             return math::AbsIOp::create(b, loc, s[0]);
                           }));
  registry.add("Relu", 6, kMax,
               elementwise(kNumericKinds, ResultElement::SameAsInput,
                           [](OpBuilder &b, Location loc, ValueRange s,
                              ElementKind) -> Value {
                             return buildMax(b, loc, s[0],
                                             constantLike(b, loc, s[0], 0),
                                             ElementKind::SignedInt);
                           }));
  registry.add("Exp", 6, kMax,
               unaryFloat([](OpBuilder &b, Location loc, Value x) -> Value {
                 return math::ExpOp::create(b, loc, x);
               }));
  registry.add("Log", 6, kMax,
               unaryFloat([](OpBuilder &b, Location loc, Value x) -> Value {
                 return math::LogOp::create(b, loc, x);
               }));
  registry.add("Sqrt", 6, kMax,
               unaryFloat([](OpBuilder &b, Location loc, Value x) -> Value {
                 return math::SqrtOp::create(b, loc, x);
               }));
  registry.add("Reciprocal", 6, kMax,
               unaryFloat([](OpBuilder &b, Location loc, Value x) -> Value {
                 return arith::DivFOp::create(b, loc,
                                              constantLike(b, loc, x, 1.0), x);
               }));
  registry.add("Tanh", 6, kMax,
               unaryFloat([](OpBuilder &b, Location loc, Value x) -> Value {
                 return math::TanhOp::create(b, loc, x);
               }));
  registry.add("Sigmoid", 6, kMax, unaryFloat(buildSigmoid));
  registry.add("LeakyRelu", 6, kMax, convertLeakyRelu);
  registry.add("HardSigmoid", 6, kMax, convertHardSigmoid);

  // Opset 6/7 require equal shapes, 8 adds broadcasting (a superset), 12
  // adds integer types.
  registry.add("Max", 6, kMax, convertMaxMin<true>);
  registry.add("Min", 6, kMax, convertMaxMin<false>);
  registry.add("Clip", 6, 10, convertClipAttrs);
  registry.add("Clip", 11, kMax, convertClipInputs);

  using FP = arith::CmpFPredicate;
  using IP = arith::CmpIPredicate;
  // Ordered float predicates: every comparison with NaN is false.
  registry.add("Greater", 7, kMax,
               comparison(kAnyNumberKinds, FP::OGT, IP::sgt, IP::ugt));
  registry.add("Less", 7, kMax,
               comparison(kAnyNumberKinds, FP::OLT, IP::slt, IP::ult));
  registry.add("GreaterOrEqual", 12, kMax,
               comparison(kAnyNumberKinds, FP::OGE, IP::sge, IP::uge));
  registry.add("LessOrEqual", 12, kMax,
               comparison(kAnyNumberKinds, FP::OLE, IP::sle, IP::ule));
  registry.add("Equal", 7, kMax,
               comparison(kEqualityKinds, FP::OEQ, IP::eq, IP::eq));
  registry.add("Where", 9, kMax, convertWhere);
  // Opset 6 made `to` an integer data type; 9/13 add string/bfloat16.
  registry.add("Cast", 6, kMax, convertCast);
}

} // namespace spnc
