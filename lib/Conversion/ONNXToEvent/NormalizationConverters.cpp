//===- NormalizationConverters.cpp - Softmax, LogSoftmax, LayerNorm -------===//
//
// Softmax and LogSoftmax subtract the maximum before exponentiating, as the
// ONNX reference does, so large inputs do not overflow. Before opset 13 they
// coerce the input to 2-D at `axis` (default 1), i.e. normalize over all
// dimensions from `axis` on; from 13 on over the single `axis` (default -1).
//
// LayerNormalization (opset 17) normalizes over dimensions [axis, rank) in
// the precision given by `stash_type`, then scales and shifts in X's type:
//   Mean = mean(X), D = X - Mean, Var = mean(D * D),
//   InvStdDev = 1 / sqrt(Var + epsilon), Y = (D * InvStdDev) * Scale + B.
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

#include "mlir/Dialect/Math/IR/Math.h"

#include <limits>

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

constexpr ElementKind kFloatKinds[] = {ElementKind::Float};

/// Sums `input` over `dims` and returns the result with those dimensions kept
/// as 1, ready to broadcast against `input`; `square` sums squares instead.
Value buildKeptSum(OpBuilder &builder, Location loc, Value input,
                   llvm::ArrayRef<int64_t> dims, bool square = false) {
  auto type = cast<RankedTensorType>(input.getType());
  Value sum = buildReduction(
      builder, loc, input, dims, builder.getZeroAttr(type.getElementType()),
      [&](OpBuilder &b, Location nestedLoc, Value element, Value acc) -> Value {
        if (square)
          element = arith::MulFOp::create(b, nestedLoc, element, element);
        return arith::AddFOp::create(b, nestedLoc, element, acc);
      });
  return buildReshape(builder, loc, sum,
                      getReducedType(type, dims, /*keepDims=*/true));
}

template <bool isLog>
LogicalResult buildSoftmax(NodeOp node, OpBuilder &builder,
                           llvm::SmallVectorImpl<Value> &results,
                           bool coerceTo2D) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(inputType) || failed(resultType))
    return failure();
  if (failed(checkElementKind(node, inputType->getElementType(), kFloatKinds,
                              "input #0")))
    return failure();
  if (*resultType != *inputType)
    return emitNodeError(node) << "output type must equal the input type";
  int64_t rank = inputType->getRank();
  FailureOr<int64_t> axis =
      normalizeAxis(node, getIntAttr(node, "axis", coerceTo2D ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  llvm::SmallVector<int64_t> dims{*axis};
  if (coerceTo2D)
    for (int64_t d = *axis + 1; d < rank; ++d)
      dims.push_back(d);

  Location loc = node.getLoc();
  Value input = node.getInputs()[0];
  Type elementType = inputType->getElementType();
  RankedTensorType keptType = getReducedType(*inputType, dims, true);
  Value max = buildReduction(
      builder, loc, input, dims,
      builder.getFloatAttr(elementType,
                           -std::numeric_limits<double>::infinity()),
      [](OpBuilder &b, Location nestedLoc, Value element, Value acc) -> Value {
        return arith::MaximumFOp::create(b, nestedLoc, element, acc);
      });
  max = buildReshape(builder, loc, max, keptType);
  Value exp = buildBroadcastElementwise(
      builder, loc, *inputType, {input, max},
      [](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        Value shifted = arith::SubFOp::create(b, nestedLoc, s[0], s[1]);
        return math::ExpOp::create(b, nestedLoc, shifted);
      });
  Value sum = buildKeptSum(builder, loc, exp, dims);
  if (isLog) {
    // (x - max) - log(sum(exp(x - max)))
    results.push_back(buildBroadcastElementwise(
        builder, loc, *inputType, {input, max, sum},
        [](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
          Value shifted = arith::SubFOp::create(b, nestedLoc, s[0], s[1]);
          Value logSum = math::LogOp::create(b, nestedLoc, s[2]);
          return arith::SubFOp::create(b, nestedLoc, shifted, logSum);
        }));
  } else {
    results.push_back(buildBroadcastElementwise(
        builder, loc, *inputType, {exp, sum},
        [](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
          return arith::DivFOp::create(b, nestedLoc, s[0], s[1]);
        }));
  }
  return success();
}

template <bool isLog, bool coerceTo2D>
LogicalResult convertSoftmax(NodeOp node, OpBuilder &builder,
                             llvm::SmallVectorImpl<Value> &results) {
  return buildSoftmax<isLog>(node, builder, results, coerceTo2D);
}

/// The float type of an ONNX TensorProto data type, or null.
Type getStashType(MLIRContext *context, int64_t dataType) {
  switch (dataType) {
  case 1:
    return Float32Type::get(context);
  case 10:
    return Float16Type::get(context);
  case 11:
    return Float64Type::get(context);
  case 16:
    return BFloat16Type::get(context);
  default:
    return Type();
  }
}

/// Scale or B as a value broadcastable to X's type: numpy broadcasting when
/// it applies, else a reshape to the normalized shape (the flattened form the
/// ONNX function body accepts).
FailureOr<Value> getAffineOperand(NodeOp node, OpBuilder &builder,
                                  unsigned index, RankedTensorType xType,
                                  int64_t axis) {
  FailureOr<RankedTensorType> type = getStaticInputType(node, index);
  if (failed(type))
    return failure();
  const char *name = index == 1 ? "Scale" : "B";
  if (type->getElementType() != xType.getElementType())
    return emitNodeError(node)
           << name << " must have X's element type, got " << *type;
  Value value = node.getInputs()[index];
  bool broadcastable = type->getRank() <= xType.getRank();
  for (int64_t i = 0; broadcastable && i < type->getRank(); ++i) {
    int64_t dim = type->getDimSize(i);
    broadcastable = dim == 1 || dim == xType.getDimSize(xType.getRank() -
                                                        type->getRank() + i);
  }
  if (broadcastable)
    return value;
  auto normalizedType = RankedTensorType::get(xType.getShape().drop_front(axis),
                                              xType.getElementType());
  if (type->getNumElements() != normalizedType.getNumElements())
    return emitNodeError(node)
           << name << " of type " << *type
           << " does not match the normalized shape of " << xType;
  return buildReshape(builder, node.getLoc(), value, normalizedType);
}

LogicalResult convertLayerNormalization(NodeOp node, OpBuilder &builder,
                                        llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> xType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> yType = getStaticResultType(node, 0);
  if (failed(xType) || failed(yType))
    return failure();
  if (failed(checkElementKind(node, xType->getElementType(), kFloatKinds,
                              "input #0")))
    return failure();
  if (*yType != *xType)
    return emitNodeError(node) << "Y must have X's type";
  int64_t rank = xType->getRank();
  FailureOr<int64_t> axis =
      normalizeAxis(node, getIntAttr(node, "axis", -1), rank);
  if (failed(axis))
    return failure();
  double epsilon = getFloatAttr(node, "epsilon", 1e-5f);
  int64_t stashType = getIntAttr(node, "stash_type", 1);
  Type computeType = getStashType(builder.getContext(), stashType);
  if (!computeType)
    return emitNodeError(node) << "unsupported stash_type " << stashType;

  llvm::SmallVector<int64_t> dims;
  for (int64_t d = *axis; d < rank; ++d)
    dims.push_back(d);
  RankedTensorType keptType =
      getReducedType(xType->clone(computeType), dims, /*keepDims=*/true);
  // Mean and InvStdDev are optional outputs of the stash type.
  for (unsigned i = 1; i < node->getNumResults(); ++i) {
    Type type = node->getResult(i).getType();
    if (!isa<NoneType>(type) && type != keptType)
      return emitNodeError(node) << "output #" << i << " has type " << type
                                 << ", expected " << keptType;
  }

  Value scale, bias;
  if (node.getInputOrNull(1)) {
    FailureOr<Value> value = getAffineOperand(node, builder, 1, *xType, *axis);
    if (failed(value))
      return failure();
    scale = *value;
  }
  if (node.getInputOrNull(2)) {
    FailureOr<Value> value = getAffineOperand(node, builder, 2, *xType, *axis);
    if (failed(value))
      return failure();
    bias = *value;
  }

  Location loc = node.getLoc();
  int64_t count = 1;
  for (int64_t d : dims)
    count *= xType->getDimSize(d);
  RankedTensorType computeXType = xType->clone(computeType);
  Value x = node.getInputs()[0];
  if (computeType != xType->getElementType())
    x = buildBroadcastElementwise(
        builder, loc, computeXType, {x},
        [&](OpBuilder &b, Location nestedLoc, ValueRange s) {
          return buildFloatConversion(b, nestedLoc, s[0], computeType);
        });
  auto divideByCount = [&](Value kept) {
    return buildBroadcastElementwise(
        builder, loc, keptType, {kept},
        [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
          Value divisor = buildScalarConstant(b, nestedLoc, computeType, count);
          return arith::DivFOp::create(b, nestedLoc, s[0], divisor);
        });
  };
  Value mean = divideByCount(buildKeptSum(builder, loc, x, dims));
  Value diff = buildBroadcastElementwise(
      builder, loc, computeXType, {x, mean},
      [](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        return arith::SubFOp::create(b, nestedLoc, s[0], s[1]);
      });
  Value variance =
      divideByCount(buildKeptSum(builder, loc, diff, dims, /*square=*/true));
  Value invStdDev = buildBroadcastElementwise(
      builder, loc, keptType, {variance},
      [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        Value eps = buildScalarConstant(b, nestedLoc, computeType, epsilon);
        Value stdDev = math::SqrtOp::create(
            b, nestedLoc, arith::AddFOp::create(b, nestedLoc, s[0], eps));
        Value one = buildScalarConstant(b, nestedLoc, computeType, 1.0);
        return arith::DivFOp::create(b, nestedLoc, one, stdDev);
      });

  llvm::SmallVector<Value> operands{diff, invStdDev};
  if (scale)
    operands.push_back(scale);
  if (bias)
    operands.push_back(bias);
  Type elementType = xType->getElementType();
  results.push_back(buildBroadcastElementwise(
      builder, loc, *xType, operands,
      [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        Value normalized = arith::MulFOp::create(b, nestedLoc, s[0], s[1]);
        Value y = buildFloatConversion(b, nestedLoc, normalized, elementType);
        unsigned next = 2;
        if (scale)
          y = arith::MulFOp::create(b, nestedLoc, y, s[next++]);
        if (bias)
          y = arith::AddFOp::create(b, nestedLoc, y, s[next++]);
        return y;
      }));
  if (node->getNumResults() > 1)
    results.push_back(isa<NoneType>(node->getResult(1).getType()) ? Value()
                                                                  : mean);
  if (node->getNumResults() > 2)
    results.push_back(isa<NoneType>(node->getResult(2).getType()) ? Value()
                                                                  : invStdDev);
  return success();
}

} // namespace

void populateONNXNormalizationConverters(ONNXConverterRegistry &registry) {
  constexpr int64_t kMax = kMaxSupportedOpset;
  // 1-12 coerce to 2-D at `axis` (11 only allowed negative axes); 13
  // normalizes along the single `axis`.
  registry.add("Softmax", 1, 12, convertSoftmax<false, true>);
  registry.add("Softmax", 13, kMax, convertSoftmax<false, false>);
  registry.add("LogSoftmax", 1, 12, convertSoftmax<true, true>);
  registry.add("LogSoftmax", 13, kMax, convertSoftmax<true, false>);
  registry.add("LayerNormalization", 17, kMax, convertLayerNormalization);
}

} // namespace spnc
