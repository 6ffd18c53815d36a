//===- ReductionConverters.cpp - ReduceSum and ReduceMean -----------------===//
//
// Both reduce over a set of axes into `linalg.reduce`, keeping the reduced
// dimensions as 1 when `keepdims` (default 1) is set. No axes means all axes,
// except for ReduceSum 13+ with `noop_with_empty_axes`, which then is the
// identity. ReduceSum took its axes as an input from opset 13; ReduceMean
// keeps the `axes` attribute through opset 17.
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

constexpr ElementKind kNumericKinds[] = {ElementKind::Float,
                                         ElementKind::SignedInt};

template <bool isMean, bool axesIsInput>
LogicalResult convertReduce(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(inputType) || failed(resultType))
    return failure();
  Type elementType = inputType->getElementType();
  if (failed(checkElementKind(node, elementType, kNumericKinds, "input #0")))
    return failure();
  bool keepDims = getIntAttr(node, "keepdims", 1) != 0;
  bool noopWithEmptyAxes =
      axesIsInput && getIntAttr(node, "noop_with_empty_axes", 0) != 0;

  llvm::SmallVector<int64_t> axes;
  if (axesIsInput) {
    if (node.getInputOrNull(1)) {
      FailureOr<llvm::SmallVector<int64_t>> values =
          getConstantInts(node, 1, "axes");
      if (failed(values))
        return failure();
      axes = *values;
    }
  } else if (std::optional<llvm::SmallVector<int64_t>> attr =
                 getIntsAttr(node, "axes")) {
    axes = *attr;
  }
  Value input = node.getInputs()[0];
  int64_t rank = inputType->getRank();
  if (axes.empty()) {
    if (noopWithEmptyAxes) {
      if (*resultType != *inputType)
        return emitNodeError(node)
               << "with empty axes and noop_with_empty_axes the output type "
                  "must equal the input type";
      results.push_back(input);
      return success();
    }
    for (int64_t i = 0; i < rank; ++i)
      axes.push_back(i);
  }
  FailureOr<llvm::SmallVector<int64_t>> dims = normalizeAxes(node, axes, rank);
  if (failed(dims))
    return failure();
  RankedTensorType expected = getReducedType(*inputType, *dims, keepDims);
  if (expected != *resultType)
    return emitNodeError(node) << "output type " << *resultType
                               << " differs from the expected " << expected;

  int64_t count = 1;
  for (int64_t dim : *dims)
    count *= inputType->getDimSize(dim);
  bool isFloat = isa<FloatType>(elementType);
  if (isMean && !isFloat && count == 0)
    return emitNodeError(node) << "integer mean over zero elements";

  // 16-bit floats accumulate in f32 (as numpy's mean does) and are rounded
  // once at the end.
  Type accumulatorType = elementType;
  if (isFloat && elementType.getIntOrFloatBitWidth() < 32)
    accumulatorType = builder.getF32Type();
  Location loc = node.getLoc();
  Value reduced = buildReduction(
      builder, loc, input, *dims, builder.getZeroAttr(accumulatorType),
      [&](OpBuilder &b, Location nestedLoc, Value element,
          Value accumulator) -> Value {
        if (!isFloat)
          return arith::AddIOp::create(b, nestedLoc, element, accumulator);
        if (accumulatorType != elementType)
          element =
              arith::ExtFOp::create(b, nestedLoc, accumulatorType, element);
        return arith::AddFOp::create(b, nestedLoc, element, accumulator);
      });
  if (isMean || accumulatorType != elementType) {
    // sum / count (integer division truncates toward zero like the
    // reference's float mean cast back to the integer type).
    auto reducedType = cast<RankedTensorType>(reduced.getType());
    reduced = buildBroadcastElementwise(
        builder, loc, reducedType.clone(elementType), {reduced},
        [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
          Value result = s[0];
          if (isMean) {
            Value divisor =
                buildScalarConstant(b, nestedLoc, accumulatorType, count);
            result = isFloat ? Value(arith::DivFOp::create(b, nestedLoc, result,
                                                           divisor))
                             : Value(arith::DivSIOp::create(b, nestedLoc,
                                                            result, divisor));
          }
          if (accumulatorType != elementType)
            result = arith::TruncFOp::create(b, nestedLoc, elementType, result);
          return result;
        });
  }
  results.push_back(buildReshape(builder, loc, reduced, *resultType));
  return success();
}

} // namespace

void populateONNXReductionConverters(ONNXConverterRegistry &registry) {
  // 11 allowed negative axes and 13 added bfloat16 (supersets); ReduceMean
  // moves its axes to an input only in opset 18.
  registry.add("ReduceMean", 1, kMaxSupportedOpset,
               convertReduce</*isMean=*/true, /*axesIsInput=*/false>);
  registry.add("ReduceSum", 1, 12,
               convertReduce</*isMean=*/false, /*axesIsInput=*/false>);
  registry.add("ReduceSum", 13, kMaxSupportedOpset,
               convertReduce</*isMean=*/false, /*axesIsInput=*/true>);
}

} // namespace spnc
