//===- ShapeConverters.cpp - Data movement and shape operators ------------===//
//
// Gather, Concat, Split, Slice, Transpose and the pure reshapes (Reshape,
// Flatten, Squeeze, Unsqueeze). These move elements without computing on
// them, so they accept every element type the importer produces.
//
// Shape-like inputs (Reshape's shape, Squeeze's axes, Slice's bounds, ...)
// must be compile-time constants, except for the pure reshapes: they keep the
// elements in row-major order, so a static result type (from shape inference
// or the model's declared types) fully determines them even when the shape
// or axes input is only known at run time.
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

#include "mlir/IR/AffineExpr.h"

#include <algorithm>
#include <limits>
#include <numeric>

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

int64_t product(llvm::ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims)
    result *= dim;
  return result;
}

/// Whether input `index` is present and not an `arith.constant`.
bool isRuntimeInput(NodeOp node, unsigned index) {
  Value input = node.getInputOrNull(index);
  return input && !input.getDefiningOp<arith::ConstantOp>();
}

/// Reshapes input #0 to `shape` after checking it against the node's result
/// type; with no `shape` (a run-time shape input), to the result type.
LogicalResult finishReshape(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results,
                            std::optional<llvm::ArrayRef<int64_t>> shape) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(inputType) || failed(resultType))
    return failure();
  if (resultType->getElementType() != inputType->getElementType())
    return emitNodeError(node) << "output element type must equal the input's";
  if (shape && *shape != resultType->getShape()) {
    InFlightDiagnostic diag = emitNodeError(node);
    diag << "computed output shape [";
    llvm::interleaveComma(*shape, diag);
    diag << "] differs from the output type " << *resultType;
    return failure();
  }
  if (resultType->getNumElements() != inputType->getNumElements())
    return emitNodeError(node)
           << "cannot reshape " << *inputType << " to " << *resultType;
  results.push_back(
      buildReshape(builder, node.getLoc(), node.getInputs()[0], *resultType));
  return success();
}

//===-- Reshape, Flatten, Squeeze, Unsqueeze ------------------------------===//

template <bool hasAllowZero>
LogicalResult convertReshape(NodeOp node, OpBuilder &builder,
                             llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(inputType))
    return failure();
  if (isRuntimeInput(node, 1))
    return finishReshape(node, builder, results, std::nullopt);
  FailureOr<llvm::SmallVector<int64_t>> requested =
      getConstantInts(node, 1, "shape");
  if (failed(requested))
    return failure();
  bool allowZero = hasAllowZero && getIntAttr(node, "allowzero", 0) != 0;
  llvm::SmallVector<int64_t> shape;
  std::optional<size_t> inferred;
  for (auto [index, dim] : llvm::enumerate(*requested)) {
    if (dim == 0 && !allowZero) {
      // 0 copies the input's dimension at the same position.
      if (static_cast<int64_t>(index) >= inputType->getRank())
        return emitNodeError(node)
               << "shape entry #" << index
               << " is 0 but the input has only rank " << inputType->getRank();
      dim = inputType->getDimSize(index);
    } else if (dim == -1) {
      if (inferred)
        return emitNodeError(node) << "shape has more than one -1 entry";
      inferred = index;
    } else if (dim < 0) {
      return emitNodeError(node) << "invalid shape entry " << dim;
    }
    shape.push_back(dim);
  }
  int64_t total = inputType->getNumElements();
  if (inferred) {
    shape[*inferred] = 1;
    int64_t known = product(shape);
    if (known == 0 || total % known != 0)
      return emitNodeError(node) << "cannot infer the -1 entry of the shape "
                                    "for "
                                 << total << " elements";
    shape[*inferred] = total / known;
  }
  if (product(shape) != total)
    return emitNodeError(node) << "shape has " << product(shape)
                               << " elements but the input has " << total;
  return finishReshape(node, builder, results, llvm::ArrayRef(shape));
}

LogicalResult convertFlatten(NodeOp node, OpBuilder &builder,
                             llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(inputType))
    return failure();
  int64_t rank = inputType->getRank();
  int64_t axis = getIntAttr(node, "axis", 1);
  // Flatten accepts axis == rank (everything in the outer dimension).
  if (axis < -rank || axis > rank)
    return emitNodeError(node)
           << "axis " << axis << " is out of range for rank " << rank;
  if (axis < 0)
    axis += rank;
  llvm::ArrayRef<int64_t> dims = inputType->getShape();
  llvm::SmallVector<int64_t> shape{product(dims.take_front(axis)),
                                   product(dims.drop_front(axis))};
  return finishReshape(node, builder, results, llvm::ArrayRef(shape));
}

/// Squeeze's or Unsqueeze's axes: the `axes` attribute before opset 13, the
/// optional input #1 from 13 on. Returns std::nullopt when absent and sets
/// `runtime` when the input is not a constant.
FailureOr<std::optional<llvm::SmallVector<int64_t>>>
getAxesOperand(NodeOp node, bool axesIsInput, bool &runtime) {
  runtime = false;
  if (!axesIsInput)
    return getIntsAttr(node, "axes");
  if (!node.getInputOrNull(1))
    return std::optional<llvm::SmallVector<int64_t>>();
  if (isRuntimeInput(node, 1)) {
    runtime = true;
    return std::optional<llvm::SmallVector<int64_t>>();
  }
  FailureOr<llvm::SmallVector<int64_t>> axes = getConstantInts(node, 1, "axes");
  if (failed(axes))
    return failure();
  return std::optional<llvm::SmallVector<int64_t>>(*axes);
}

template <bool axesIsInput>
LogicalResult convertSqueeze(NodeOp node, OpBuilder &builder,
                             llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(inputType))
    return failure();
  bool runtime;
  auto axes = getAxesOperand(node, axesIsInput, runtime);
  if (failed(axes))
    return failure();
  if (runtime)
    return finishReshape(node, builder, results, std::nullopt);
  int64_t rank = inputType->getRank();
  llvm::SmallVector<int64_t> squeezed;
  // Empty axes squeeze like absent ones (as onnxruntime does).
  if (*axes && !(*axes)->empty()) {
    FailureOr<llvm::SmallVector<int64_t>> normalized =
        normalizeAxes(node, **axes, rank);
    if (failed(normalized))
      return failure();
    squeezed = *normalized;
    for (int64_t axis : squeezed)
      if (inputType->getDimSize(axis) != 1)
        return emitNodeError(node)
               << "cannot squeeze axis " << axis << " of size "
               << inputType->getDimSize(axis);
  } else {
    for (int64_t i = 0; i < rank; ++i)
      if (inputType->getDimSize(i) == 1)
        squeezed.push_back(i);
  }
  llvm::SmallVector<int64_t> shape;
  for (int64_t i = 0; i < rank; ++i)
    if (!llvm::is_contained(squeezed, i))
      shape.push_back(inputType->getDimSize(i));
  return finishReshape(node, builder, results, llvm::ArrayRef(shape));
}

template <bool axesIsInput>
LogicalResult convertUnsqueeze(NodeOp node, OpBuilder &builder,
                               llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(inputType))
    return failure();
  bool runtime;
  auto axes = getAxesOperand(node, axesIsInput, runtime);
  if (failed(axes))
    return failure();
  if (runtime)
    return finishReshape(node, builder, results, std::nullopt);
  if (!*axes)
    return emitNodeError(node) << "requires axes";
  // Axes index the output, whose rank is the input's plus one per axis.
  int64_t outputRank = inputType->getRank() + (*axes)->size();
  FailureOr<llvm::SmallVector<int64_t>> normalized =
      normalizeAxes(node, **axes, outputRank);
  if (failed(normalized))
    return failure();
  llvm::SmallVector<int64_t> shape;
  int64_t next = 0;
  for (int64_t i = 0; i < outputRank; ++i)
    shape.push_back(
        llvm::is_contained(*normalized, i) ? 1 : inputType->getDimSize(next++));
  return finishReshape(node, builder, results, llvm::ArrayRef(shape));
}

//===-- Transpose ---------------------------------------------------------===//

LogicalResult convertTranspose(NodeOp node, OpBuilder &builder,
                               llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(inputType) || failed(resultType))
    return failure();
  int64_t rank = inputType->getRank();
  llvm::SmallVector<int64_t> perm;
  if (std::optional<llvm::SmallVector<int64_t>> attr =
          getIntsAttr(node, "perm")) {
    perm = *attr;
  } else {
    for (int64_t i = rank - 1; i >= 0; --i)
      perm.push_back(i);
  }
  llvm::SmallVector<int64_t> sorted(perm);
  llvm::sort(sorted);
  bool valid = static_cast<int64_t>(perm.size()) == rank;
  for (int64_t i = 0; valid && i < rank; ++i)
    valid = sorted[i] == i;
  if (!valid) {
    InFlightDiagnostic diag = emitNodeError(node);
    diag << "perm [";
    llvm::interleaveComma(perm, diag);
    diag << "] is not a permutation of the " << rank << " input dimensions";
    return failure();
  }
  llvm::SmallVector<int64_t> shape;
  for (int64_t dim : perm)
    shape.push_back(inputType->getDimSize(dim));
  if (resultType->getShape() != llvm::ArrayRef(shape) ||
      resultType->getElementType() != inputType->getElementType())
    return emitNodeError(node) << "output type " << *resultType
                               << " does not match the permuted input";
  Value input = node.getInputs()[0];
  bool identity = llvm::equal(perm, sorted);
  if (identity) {
    results.push_back(input);
    return success();
  }
  Location loc = node.getLoc();
  Value init = buildEmptyTensor(builder, loc, *resultType);
  results.push_back(linalg::TransposeOp::create(builder, loc, input, init, perm)
                        .getResult()[0]);
  return success();
}

//===-- Concat and Split --------------------------------------------------===//

LogicalResult convertConcat(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(resultType))
    return failure();
  std::optional<int64_t> axisAttr = getOptionalIntAttr(node, "axis");
  if (!axisAttr)
    return emitNodeError(node) << "requires the 'axis' attribute";
  FailureOr<int64_t> axis =
      normalizeAxis(node, *axisAttr, resultType->getRank());
  if (failed(axis))
    return failure();
  llvm::SmallVector<Value> inputs;
  int64_t extent = 0;
  for (unsigned i = 0, e = node.getInputs().size(); i < e; ++i) {
    FailureOr<RankedTensorType> type = getStaticInputType(node, i);
    if (failed(type))
      return failure();
    bool compatible = type->getRank() == resultType->getRank() &&
                      type->getElementType() == resultType->getElementType();
    for (int64_t d = 0; compatible && d < type->getRank(); ++d)
      compatible =
          d == *axis || type->getDimSize(d) == resultType->getDimSize(d);
    if (!compatible)
      return emitNodeError(node) << "input #" << i << " of type " << *type
                                 << " cannot be concatenated into "
                                 << *resultType << " along axis " << *axis;
    extent += type->getDimSize(*axis);
    inputs.push_back(node.getInputs()[i]);
  }
  if (inputs.empty() || extent != resultType->getDimSize(*axis))
    return emitNodeError(node) << "inputs do not add up to " << *resultType;
  if (inputs.size() == 1) {
    results.push_back(inputs[0]);
    return success();
  }
  results.push_back(
      tensor::ConcatOp::create(builder, node.getLoc(), *resultType,
                               static_cast<uint64_t>(*axis), inputs)
          .getResult());
  return success();
}

template <bool splitIsInput>
LogicalResult convertSplit(NodeOp node, OpBuilder &builder,
                           llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  if (failed(inputType))
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(node, getIntAttr(node, "axis", 0), inputType->getRank());
  if (failed(axis))
    return failure();
  int64_t numOutputs = node->getNumResults();
  int64_t extent = inputType->getDimSize(*axis);
  llvm::SmallVector<int64_t> sizes;
  if (splitIsInput) {
    if (node.getInputOrNull(1)) {
      FailureOr<llvm::SmallVector<int64_t>> split =
          getConstantInts(node, 1, "split");
      if (failed(split))
        return failure();
      sizes = *split;
    }
  } else if (std::optional<llvm::SmallVector<int64_t>> split =
                 getIntsAttr(node, "split")) {
    sizes = *split;
  }
  if (sizes.empty()) {
    // No split given: equal parts.
    if (extent % numOutputs != 0)
      return emitNodeError(node)
             << "cannot split dimension " << *axis << " of size " << extent
             << " into " << numOutputs << " equal parts";
    sizes.assign(numOutputs, extent / numOutputs);
  }
  if (static_cast<int64_t>(sizes.size()) != numOutputs ||
      llvm::any_of(sizes, [](int64_t size) { return size < 0; }) ||
      std::accumulate(sizes.begin(), sizes.end(), int64_t(0)) != extent) {
    InFlightDiagnostic diag = emitNodeError(node);
    diag << "split [";
    llvm::interleaveComma(sizes, diag);
    diag << "] does not divide dimension " << *axis << " of size " << extent
         << " into " << numOutputs << " outputs";
    return failure();
  }
  Location loc = node.getLoc();
  int64_t rank = inputType->getRank();
  int64_t offset = 0;
  for (int64_t i = 0; i < numOutputs; ++i) {
    Type resultType = node->getResult(i).getType();
    if (isa<NoneType>(resultType)) {
      results.push_back(Value());
      offset += sizes[i];
      continue;
    }
    llvm::SmallVector<int64_t> shape(inputType->getShape());
    shape[*axis] = sizes[i];
    auto sliceType = RankedTensorType::get(shape, inputType->getElementType());
    if (sliceType != resultType)
      return emitNodeError(node) << "output #" << i << " has type "
                                 << resultType << ", expected " << sliceType;
    if (sliceType.getNumElements() == 0) {
      // Nothing to read (and an offset into an empty dimension would be out
      // of bounds).
      results.push_back(buildEmptyTensor(builder, loc, sliceType));
      offset += sizes[i];
      continue;
    }
    llvm::SmallVector<OpFoldResult> offsets(rank, builder.getIndexAttr(0));
    offsets[*axis] = builder.getIndexAttr(offset);
    llvm::SmallVector<OpFoldResult> sliceSizes;
    for (int64_t dim : shape)
      sliceSizes.push_back(builder.getIndexAttr(dim));
    llvm::SmallVector<OpFoldResult> strides(rank, builder.getIndexAttr(1));
    results.push_back(tensor::ExtractSliceOp::create(
        builder, loc, sliceType, node.getInputs()[0], offsets, sliceSizes,
        strides));
    offset += sizes[i];
  }
  return success();
}

//===-- Slice -------------------------------------------------------------===//

LogicalResult buildSlice(NodeOp node, OpBuilder &builder,
                         llvm::SmallVectorImpl<Value> &results,
                         llvm::ArrayRef<int64_t> starts,
                         llvm::ArrayRef<int64_t> ends,
                         std::optional<llvm::SmallVector<int64_t>> axes,
                         std::optional<llvm::SmallVector<int64_t>> steps) {
  FailureOr<RankedTensorType> inputType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(inputType) || failed(resultType))
    return failure();
  int64_t rank = inputType->getRank();
  size_t count = starts.size();
  if (!axes) {
    axes.emplace();
    for (size_t i = 0; i < count; ++i)
      axes->push_back(i);
  }
  if (!steps)
    steps.emplace(count, 1);
  if (ends.size() != count || axes->size() != count || steps->size() != count)
    return emitNodeError(node)
           << "starts, ends, axes and steps must have the same length";

  llvm::SmallVector<int64_t> offsets(rank, 0);
  llvm::SmallVector<int64_t> sizes(inputType->getShape());
  llvm::SmallVector<int64_t> strides(rank, 1);
  llvm::SmallVector<bool> reversed(rank, false);
  llvm::SmallVector<bool> seen(rank, false);
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = (*axes)[i];
    if (axis < -rank || axis >= rank)
      return emitNodeError(node)
             << "axis " << axis << " is out of range for rank " << rank;
    if (axis < 0)
      axis += rank;
    if (seen[axis])
      return emitNodeError(node) << "axis " << axis << " is repeated";
    seen[axis] = true;
    int64_t step = (*steps)[i];
    if (step == 0)
      return emitNodeError(node) << "slice step must not be 0";
    int64_t dim = inputType->getDimSize(axis);
    int64_t start = starts[i];
    int64_t end = ends[i];
    // Negative bounds count from the end; then clamp as ONNX specifies.
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    auto clamp = [](int64_t value, int64_t lo, int64_t hi) {
      return std::max(lo, std::min(hi, value));
    };
    // A step longer than the dimension selects at most one element; capping
    // its magnitude keeps the arithmetic below from overflowing.
    int64_t magnitude = step > 0 ? std::min(step, dim)
                                 : (step == std::numeric_limits<int64_t>::min()
                                        ? dim
                                        : std::min(-step, dim));
    int64_t length = 0;
    int64_t lowest = 0;
    if (dim == 0) {
      length = 0;
    } else if (step > 0) {
      start = clamp(start, 0, dim);
      end = clamp(end, 0, dim);
      length = end > start ? (end - start - 1) / magnitude + 1 : 0;
      lowest = start;
    } else {
      start = clamp(start, 0, dim - 1);
      end = clamp(end, -1, dim - 1);
      length = start > end ? (start - end - 1) / magnitude + 1 : 0;
      lowest = start - (length - 1) * magnitude;
    }
    offsets[axis] = length > 0 ? lowest : 0;
    sizes[axis] = length;
    strides[axis] = length > 1 ? magnitude : 1;
    reversed[axis] = step < 0 && length > 1;
  }
  auto sliceType = RankedTensorType::get(sizes, inputType->getElementType());
  if (sliceType != *resultType)
    return emitNodeError(node) << "computed output type " << sliceType
                               << " differs from " << *resultType;

  Location loc = node.getLoc();
  if (sliceType.getNumElements() == 0) {
    // Nothing to read (and offsets into empty dimensions would be out of
    // bounds).
    results.push_back(buildEmptyTensor(builder, loc, sliceType));
    return success();
  }
  Value result = node.getInputs()[0];
  bool whole = llvm::all_of(offsets, [](int64_t o) { return o == 0; }) &&
               llvm::all_of(strides, [](int64_t s) { return s == 1; }) &&
               sliceType == *inputType;
  if (!whole) {
    auto toAttrs = [&](llvm::ArrayRef<int64_t> values) {
      llvm::SmallVector<OpFoldResult> attrs;
      for (int64_t value : values)
        attrs.push_back(builder.getIndexAttr(value));
      return attrs;
    };
    result = tensor::ExtractSliceOp::create(builder, loc, sliceType, result,
                                            toAttrs(offsets), toAttrs(sizes),
                                            toAttrs(strides));
  }
  if (llvm::is_contained(reversed, true)) {
    // A negative step walks from `start` downwards: the strided slice above
    // holds those elements in ascending order, so read it back to front.
    MLIRContext *context = builder.getContext();
    llvm::SmallVector<AffineExpr> exprs;
    for (int64_t d = 0; d < rank; ++d) {
      AffineExpr index = getAffineDimExpr(d, context);
      exprs.push_back(reversed[d]
                          ? getAffineConstantExpr(sizes[d] - 1, context) - index
                          : index);
    }
    llvm::SmallVector<AffineMap> maps{AffineMap::get(rank, 0, exprs, context),
                                      builder.getMultiDimIdentityMap(rank)};
    llvm::SmallVector<utils::IteratorType> iterators(
        rank, utils::IteratorType::parallel);
    Value init = buildEmptyTensor(builder, loc, sliceType);
    result = linalg::GenericOp::create(
                 builder, loc, sliceType, result, init, maps, iterators,
                 [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
                   linalg::YieldOp::create(nested, nestedLoc, args[0]);
                 })
                 .getResult(0);
  }
  results.push_back(result);
  return success();
}

/// Opsets 1-9: `starts`, `ends` and optional `axes` attributes, step 1.
LogicalResult convertSliceAttrs(NodeOp node, OpBuilder &builder,
                                llvm::SmallVectorImpl<Value> &results) {
  std::optional<llvm::SmallVector<int64_t>> starts =
      getIntsAttr(node, "starts");
  std::optional<llvm::SmallVector<int64_t>> ends = getIntsAttr(node, "ends");
  if (!starts || !ends)
    return emitNodeError(node) << "requires the 'starts' and 'ends' attributes";
  return buildSlice(node, builder, results, *starts, *ends,
                    getIntsAttr(node, "axes"), std::nullopt);
}

/// Opsets 10+: starts, ends, axes and steps are (constant) inputs 1-4.
LogicalResult convertSliceInputs(NodeOp node, OpBuilder &builder,
                                 llvm::SmallVectorImpl<Value> &results) {
  FailureOr<llvm::SmallVector<int64_t>> starts =
      getConstantInts(node, 1, "starts");
  if (failed(starts))
    return failure();
  FailureOr<llvm::SmallVector<int64_t>> ends = getConstantInts(node, 2, "ends");
  if (failed(ends))
    return failure();
  std::optional<llvm::SmallVector<int64_t>> optional[2];
  const char *names[2] = {"axes", "steps"};
  for (unsigned i = 0; i < 2; ++i) {
    if (!node.getInputOrNull(3 + i))
      continue;
    FailureOr<llvm::SmallVector<int64_t>> values =
        getConstantInts(node, 3 + i, names[i]);
    if (failed(values))
      return failure();
    optional[i] = *values;
  }
  return buildSlice(node, builder, results, *starts, *ends, optional[0],
                    optional[1]);
}

//===-- Gather ------------------------------------------------------------===//

LogicalResult convertGather(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> dataType = getStaticInputType(node, 0);
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  if (failed(dataType) || failed(resultType))
    return failure();
  FailureOr<RankedTensorType> indicesType = getStaticInputType(node, 1);
  if (failed(indicesType))
    return failure();
  if (getElementKind(indicesType->getElementType()) != ElementKind::SignedInt)
    return emitNodeError(node)
           << "indices must be int32 or int64, got " << *indicesType;
  int64_t rank = dataType->getRank();
  if (rank < 1)
    return emitNodeError(node) << "data must have rank >= 1";
  FailureOr<int64_t> axis =
      normalizeAxis(node, getIntAttr(node, "axis", 0), rank);
  if (failed(axis))
    return failure();
  // Output: data[:axis] + indices.shape + data[axis+1:].
  int64_t indicesRank = indicesType->getRank();
  llvm::SmallVector<int64_t> shape(dataType->getShape().take_front(*axis));
  llvm::append_range(shape, indicesType->getShape());
  llvm::append_range(shape, dataType->getShape().drop_front(*axis + 1));
  auto expected = RankedTensorType::get(shape, dataType->getElementType());
  if (expected != *resultType)
    return emitNodeError(node) << "output type " << *resultType
                               << " differs from the expected " << expected;
  int64_t extent = dataType->getDimSize(*axis);
  if (extent == 0 && resultType->getNumElements() != 0)
    return emitNodeError(node) << "gathers from an empty axis";

  Location loc = node.getLoc();
  MLIRContext *context = builder.getContext();
  int64_t resultRank = resultType->getRank();
  llvm::SmallVector<AffineExpr> indexExprs;
  for (int64_t d = 0; d < indicesRank; ++d)
    indexExprs.push_back(getAffineDimExpr(*axis + d, context));
  llvm::SmallVector<AffineMap> maps{
      AffineMap::get(resultRank, 0, indexExprs, context),
      builder.getMultiDimIdentityMap(resultRank)};
  llvm::SmallVector<utils::IteratorType> iterators(
      resultRank, utils::IteratorType::parallel);
  Value data = node.getInputs()[0];
  Value init = buildEmptyTensor(builder, loc, *resultType);
  auto generic = linalg::GenericOp::create(
      builder, loc, *resultType, node.getInputs()[1], init, maps, iterators,
      [&](OpBuilder &b, Location nestedLoc, ValueRange args) {
        Value index =
            arith::IndexCastOp::create(b, nestedLoc, b.getIndexType(), args[0]);
        // Negative indices count from the end. Out-of-range indices are
        // invalid in ONNX; clamping keeps them inside the buffer.
        Value size = arith::ConstantIndexOp::create(b, nestedLoc, extent);
        Value zero = arith::ConstantIndexOp::create(b, nestedLoc, 0);
        Value last = arith::ConstantIndexOp::create(b, nestedLoc, extent - 1);
        Value negative = arith::CmpIOp::create(
            b, nestedLoc, arith::CmpIPredicate::slt, index, zero);
        Value wrapped = arith::AddIOp::create(b, nestedLoc, index, size);
        index = arith::SelectOp::create(b, nestedLoc, negative, wrapped, index);
        index = arith::MaxSIOp::create(b, nestedLoc, index, zero);
        index = arith::MinSIOp::create(b, nestedLoc, index, last);
        llvm::SmallVector<Value> dataIndices;
        for (int64_t d = 0; d < *axis; ++d)
          dataIndices.push_back(linalg::IndexOp::create(b, nestedLoc, d));
        dataIndices.push_back(index);
        for (int64_t d = *axis + 1; d < rank; ++d)
          dataIndices.push_back(
              linalg::IndexOp::create(b, nestedLoc, d - 1 + indicesRank));
        Value element =
            tensor::ExtractOp::create(b, nestedLoc, data, dataIndices);
        linalg::YieldOp::create(b, nestedLoc, element);
      });
  results.push_back(generic.getResult(0));
  return success();
}

} // namespace

void populateONNXShapeConverters(ONNXConverterRegistry &registry) {
  constexpr int64_t kMax = kMaxSupportedOpset;
  // 5 took the shape as an input; 14 added `allowzero`.
  registry.add("Reshape", 5, 13, convertReshape<false>);
  registry.add("Reshape", 14, kMax, convertReshape<true>);
  // 11 allowed negative axes (a superset).
  registry.add("Flatten", 1, kMax, convertFlatten);
  // 13 moved `axes` from an attribute to an input.
  registry.add("Squeeze", 1, 12, convertSqueeze<false>);
  registry.add("Squeeze", 13, kMax, convertSqueeze<true>);
  registry.add("Unsqueeze", 1, 12, convertUnsqueeze<false>);
  registry.add("Unsqueeze", 13, kMax, convertUnsqueeze<true>);
  registry.add("Transpose", 1, kMax, convertTranspose);
  // 4 made `axis` required; 11 allowed it negative.
  registry.add("Concat", 4, kMax, convertConcat);
  // 2 introduced the `split` attribute, 13 moved it to an input; 18 (not
  // supported) adds `num_outputs`.
  registry.add("Split", 2, 12, convertSplit<false>);
  registry.add("Split", 13, kMax, convertSplit<true>);
  // 10 moved starts/ends/axes to inputs and added steps.
  registry.add("Slice", 1, 9, convertSliceAttrs);
  registry.add("Slice", 10, kMax, convertSliceInputs);
  // 11 allowed negative indices (a superset).
  registry.add("Gather", 1, kMax, convertGather);
}

} // namespace spnc
