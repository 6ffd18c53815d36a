//===- ConversionUtils.cpp - Helpers shared by ONNX converters ------------===//
#include "ConversionUtils.h"

#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/BuiltinAttributes.h"

using namespace mlir;

namespace spnc::onnx_conversion {

std::string getNodeName(NodeOp node) {
  Location loc = node.getLoc();
  if (auto fused = dyn_cast<FusedLoc>(loc))
    for (Location inner : fused.getLocations())
      if (isa<NameLoc>(inner)) {
        loc = inner;
        break;
      }
  if (auto name = dyn_cast<NameLoc>(loc))
    return name.getName().str();
  return node.getOpType().str();
}

InFlightDiagnostic emitNodeError(NodeOp node) {
  InFlightDiagnostic diag = node.emitError();
  diag << "node '" << getNodeName(node) << "' (" << node.getOpType();
  if (!node.getDomain().empty())
    diag << ", domain '" << node.getDomain() << "'";
  diag << ", opset " << node.getOpset() << "): ";
  return diag;
}

static Attribute lookupAttr(NodeOp node, llvm::StringRef name) {
  return node.getAttrs().get(name);
}

std::optional<int64_t> getOptionalIntAttr(NodeOp node, llvm::StringRef name) {
  if (auto attr = dyn_cast_or_null<IntegerAttr>(lookupAttr(node, name)))
    return attr.getInt();
  return std::nullopt;
}

int64_t getIntAttr(NodeOp node, llvm::StringRef name, int64_t defaultValue) {
  return getOptionalIntAttr(node, name).value_or(defaultValue);
}

std::optional<float> getOptionalFloatAttr(NodeOp node, llvm::StringRef name) {
  Attribute attr = lookupAttr(node, name);
  if (auto floatAttr = dyn_cast_or_null<FloatAttr>(attr))
    return static_cast<float>(floatAttr.getValueAsDouble());
  // Exporters sometimes write an integral value where a float is expected.
  if (auto intAttr = dyn_cast_or_null<IntegerAttr>(attr))
    return static_cast<float>(intAttr.getInt());
  return std::nullopt;
}

float getFloatAttr(NodeOp node, llvm::StringRef name, float defaultValue) {
  return getOptionalFloatAttr(node, name).value_or(defaultValue);
}

std::string getStringAttr(NodeOp node, llvm::StringRef name,
                          llvm::StringRef defaultValue) {
  if (auto attr = dyn_cast_or_null<StringAttr>(lookupAttr(node, name)))
    return attr.str();
  return defaultValue.str();
}

std::optional<llvm::SmallVector<int64_t>> getIntsAttr(NodeOp node,
                                                      llvm::StringRef name) {
  if (auto attr = dyn_cast_or_null<DenseI64ArrayAttr>(lookupAttr(node, name)))
    return llvm::SmallVector<int64_t>(attr.asArrayRef());
  return std::nullopt;
}

std::optional<llvm::SmallVector<float>> getFloatsAttr(NodeOp node,
                                                      llvm::StringRef name) {
  if (auto attr = dyn_cast_or_null<DenseF32ArrayAttr>(lookupAttr(node, name)))
    return llvm::SmallVector<float>(attr.asArrayRef());
  return std::nullopt;
}

std::optional<llvm::SmallVector<std::string>>
getStringsAttr(NodeOp node, llvm::StringRef name) {
  auto attr = dyn_cast_or_null<ArrayAttr>(lookupAttr(node, name));
  if (!attr)
    return std::nullopt;
  llvm::SmallVector<std::string> strings;
  for (Attribute element : attr)
    if (auto str = dyn_cast<StringAttr>(element))
      strings.push_back(str.str());
  return strings;
}

static FailureOr<RankedTensorType> requireStatic(NodeOp node, Type type,
                                                 llvm::StringRef kind,
                                                 unsigned index) {
  auto tensorType = dyn_cast<RankedTensorType>(type);
  if (!tensorType || !tensorType.hasStaticShape()) {
    emitNodeError(node) << kind << " #"
                     << index << " has type " << type
                     << "; a static tensor shape is required";
    return failure();
  }
  return tensorType;
}

FailureOr<RankedTensorType> getStaticInputType(NodeOp node, unsigned index) {
  Value input = node.getInputOrNull(index);
  if (!input) {
    emitNodeError(node) << "requires input #" << index;
    return failure();
  }
  return requireStatic(node, input.getType(), "input", index);
}

FailureOr<RankedTensorType> getStaticResultType(NodeOp node, unsigned index) {
  return requireStatic(node, node.getResult(index).getType(), "output", index);
}

static FailureOr<ElementsAttr> getConstantInput(NodeOp node, unsigned index,
                                                llvm::StringRef what) {
  Value input = node.getInputOrNull(index);
  ElementsAttr value;
  if (input)
    if (auto constant = input.getDefiningOp<arith::ConstantOp>())
      value = dyn_cast<ElementsAttr>(constant.getValue());
  if (!value) {
    emitNodeError(node) << what
                     << " (input #" << index
                     << ") must be a compile-time constant";
    return failure();
  }
  return value;
}

FailureOr<llvm::SmallVector<int64_t>>
getConstantInts(NodeOp node, unsigned index, llvm::StringRef what) {
  FailureOr<ElementsAttr> value = getConstantInput(node, index, what);
  if (failed(value))
    return failure();
  auto dense = dyn_cast<DenseIntElementsAttr>(*value);
  if (!dense) {
    emitNodeError(node) << what
                     << " must be an integer tensor";
    return failure();
  }
  llvm::SmallVector<int64_t> result;
  for (const APInt &element : dense.getValues<APInt>())
    result.push_back(element.getSExtValue());
  return result;
}

FailureOr<llvm::SmallVector<double>>
getConstantFloats(NodeOp node, unsigned index, llvm::StringRef what) {
  FailureOr<ElementsAttr> value = getConstantInput(node, index, what);
  if (failed(value))
    return failure();
  llvm::SmallVector<double> result;
  if (auto dense = dyn_cast<DenseFPElementsAttr>(*value)) {
    for (const APFloat &element : dense.getValues<APFloat>())
      result.push_back(element.convertToDouble());
    return result;
  }
  if (auto dense = dyn_cast<DenseIntElementsAttr>(*value)) {
    for (const APInt &element : dense.getValues<APInt>())
      result.push_back(static_cast<double>(element.getSExtValue()));
    return result;
  }
  emitNodeError(node) << what
                   << " must be a dense constant";
  return failure();
}

FailureOr<int64_t> normalizeAxis(NodeOp node, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1)) {
    emitNodeError(node) << "axis " << axis
                     << " is out of range for rank " << rank;
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

Value buildBroadcastElementwise(OpBuilder &builder, Location loc,
                                RankedTensorType resultType,
                                ValueRange operands, ElementwiseBodyFn body) {
  MLIRContext *context = builder.getContext();
  int64_t resultRank = resultType.getRank();
  llvm::SmallVector<AffineMap> maps;
  for (Value operand : operands) {
    auto operandType = cast<RankedTensorType>(operand.getType());
    int64_t rank = operandType.getRank();
    llvm::SmallVector<AffineExpr> exprs;
    for (int64_t i = 0; i < rank; ++i) {
      int64_t resultDim = resultRank - rank + i;
      bool broadcast = operandType.getDimSize(i) == 1 &&
                       resultType.getDimSize(resultDim) != 1;
      exprs.push_back(broadcast ? getAffineConstantExpr(0, context)
                                : getAffineDimExpr(resultDim, context));
    }
    maps.push_back(AffineMap::get(resultRank, 0, exprs, context));
  }
  maps.push_back(builder.getMultiDimIdentityMap(resultRank));
  llvm::SmallVector<utils::IteratorType> iterators(
      resultRank, utils::IteratorType::parallel);
  Value init = buildEmptyTensor(builder, loc, resultType);
  auto generic = linalg::GenericOp::create(
      builder, loc, resultType, operands, init, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value result = body(nested, nestedLoc, args.drop_back());
        linalg::YieldOp::create(nested, nestedLoc, result);
      });
  return generic.getResult(0);
}

Value buildScalarConstant(OpBuilder &builder, Location loc, Type type,
                          double value) {
  if (auto floatType = dyn_cast<FloatType>(type))
    return arith::ConstantOp::create(builder, loc,
                                     builder.getFloatAttr(floatType, value));
  return arith::ConstantOp::create(
      builder, loc, builder.getIntegerAttr(type, static_cast<int64_t>(value)));
}

Value buildFloatConversion(OpBuilder &builder, Location loc, Value value,
                           Type to) {
  auto from = cast<FloatType>(value.getType());
  auto target = cast<FloatType>(to);
  if (from == target)
    return value;
  if (from.getWidth() < target.getWidth())
    return arith::ExtFOp::create(builder, loc, target, value);
  if (from.getWidth() > target.getWidth())
    return arith::TruncFOp::create(builder, loc, target, value);
  Value wide = arith::ExtFOp::create(builder, loc, builder.getF32Type(), value);
  return arith::TruncFOp::create(builder, loc, target, wide);
}

Value buildEmptyTensor(OpBuilder &builder, Location loc,
                       RankedTensorType type) {
  return tensor::EmptyOp::create(builder, loc, type.getShape(),
                                 type.getElementType());
}

Value buildFilledTensor(OpBuilder &builder, Location loc,
                        RankedTensorType type, double value) {
  Value scalar = buildScalarConstant(builder, loc, type.getElementType(), value);
  Value empty = buildEmptyTensor(builder, loc, type);
  return linalg::FillOp::create(builder, loc, scalar, empty).getResult(0);
}

Value buildReshape(OpBuilder &builder, Location loc, Value input,
                   RankedTensorType resultType) {
  auto inputType = cast<RankedTensorType>(input.getType());
  if (inputType == resultType)
    return input;
  // Go through a flat vector: every static reshape is a collapse followed by
  // an expand, and both bufferize to views without copies.
  int64_t numElements = inputType.getNumElements();
  auto flatType =
      RankedTensorType::get({numElements}, inputType.getElementType());
  auto allDims = [](int64_t rank) {
    llvm::SmallVector<ReassociationIndices> groups;
    if (rank == 0)
      return groups;
    ReassociationIndices group;
    for (int64_t i = 0; i < rank; ++i)
      group.push_back(i);
    groups.push_back(group);
    return groups;
  };
  Value flat = input;
  if (inputType.getRank() == 0)
    flat = tensor::ExpandShapeOp::create(builder, loc, flatType, input,
                                         allDims(0));
  else if (inputType.getRank() != 1)
    flat = tensor::CollapseShapeOp::create(builder, loc, input,
                                           allDims(inputType.getRank()));
  if (resultType.getRank() == 0)
    return tensor::CollapseShapeOp::create(builder, loc, resultType, flat,
                                           allDims(0));
  if (resultType.getRank() == 1)
    return flat;
  return tensor::ExpandShapeOp::create(builder, loc, resultType, flat,
                                       allDims(resultType.getRank()));
}


ElementKind getElementKind(Type type) {
  if (isa<FloatType>(type))
    return ElementKind::Float;
  if (auto intType = dyn_cast<IntegerType>(type)) {
    if (intType.isUnsigned())
      return ElementKind::UnsignedInt;
    if (intType.isSignless())
      return intType.getWidth() == 1 ? ElementKind::Bool
                                     : ElementKind::SignedInt;
  }
  return ElementKind::Other;
}

LogicalResult checkElementKind(NodeOp node, Type type,
                               llvm::ArrayRef<ElementKind> allowed,
                               llvm::StringRef what) {
  if (llvm::is_contained(allowed, getElementKind(type)))
    return success();
  InFlightDiagnostic diag = emitNodeError(node);
  diag << what << " has element type " << type
       << ", which this converter does not support (supported: ";
  llvm::interleaveComma(allowed, diag, [&](ElementKind kind) {
    switch (kind) {
    case ElementKind::Float:
      diag << "floating point";
      break;
    case ElementKind::Bool:
      diag << "bool";
      break;
    case ElementKind::SignedInt:
      diag << "signed integers";
      break;
    case ElementKind::UnsignedInt:
      diag << "unsigned integers";
      break;
    case ElementKind::Other:
      diag << "other";
      break;
    }
  });
  diag << ")";
  return failure();
}

LogicalResult checkBroadcastable(NodeOp node,
                                 llvm::ArrayRef<RankedTensorType> operandTypes,
                                 RankedTensorType resultType) {
  for (auto [index, type] : llvm::enumerate(operandTypes)) {
    bool ok = type.getRank() <= resultType.getRank();
    for (int64_t i = 0; ok && i < type.getRank(); ++i) {
      int64_t dim = type.getDimSize(i);
      int64_t resultDim =
          resultType.getDimSize(resultType.getRank() - type.getRank() + i);
      ok = dim == resultDim || dim == 1;
    }
    if (!ok)
      return emitNodeError(node)
             << "input #" << index << " of type " << type
             << " does not broadcast to the result type " << resultType;
  }
  return success();
}

FailureOr<llvm::SmallVector<int64_t>>
normalizeAxes(NodeOp node, llvm::ArrayRef<int64_t> axes, int64_t rank) {
  llvm::SmallVector<int64_t> result;
  for (int64_t axis : axes) {
    if (axis < -rank || axis >= rank) {
      emitNodeError(node) << "axis " << axis << " is out of range for rank "
                          << rank;
      return failure();
    }
    int64_t normalized = axis < 0 ? axis + rank : axis;
    if (llvm::is_contained(result, normalized)) {
      emitNodeError(node) << "axis " << axis << " is repeated";
      return failure();
    }
    result.push_back(normalized);
  }
  llvm::sort(result);
  return result;
}

RankedTensorType getReducedType(RankedTensorType type,
                                llvm::ArrayRef<int64_t> dims, bool keepDims) {
  llvm::SmallVector<int64_t> shape;
  for (int64_t i = 0; i < type.getRank(); ++i) {
    if (!llvm::is_contained(dims, i))
      shape.push_back(type.getDimSize(i));
    else if (keepDims)
      shape.push_back(1);
  }
  return RankedTensorType::get(shape, type.getElementType());
}

Value buildReduction(OpBuilder &builder, Location loc, Value input,
                     llvm::ArrayRef<int64_t> dims, TypedAttr init,
                     ReductionBodyFn combine) {
  auto inputType = cast<RankedTensorType>(input.getType());
  RankedTensorType reducedType =
      getReducedType(inputType, dims, /*keepDims=*/false)
          .clone(init.getType());
  Value initValue = arith::ConstantOp::create(builder, loc, init);
  Value empty = buildEmptyTensor(builder, loc, reducedType);
  Value filled =
      linalg::FillOp::create(builder, loc, initValue, empty).getResult(0);
  if (dims.empty()) {
    // linalg.reduce needs at least one dimension; reducing nothing combines
    // every element with the initial value once.
    return buildBroadcastElementwise(
        builder, loc, reducedType, {input, filled},
        [&](OpBuilder &nested, Location nestedLoc, ValueRange scalars) {
          return combine(nested, nestedLoc, scalars[0], scalars[1]);
        });
  }
  auto reduce = linalg::ReduceOp::create(
      builder, loc, ValueRange{input}, ValueRange{filled}, dims,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        Value combined = combine(nested, nestedLoc, args[0], args[1]);
        linalg::YieldOp::create(nested, nestedLoc, combined);
      });
  return reduce.getResult(0);
}

Value buildBroadcastTo(OpBuilder &builder, Location loc, Value input,
                       RankedTensorType resultType) {
  if (input.getType() == resultType)
    return input;
  return buildBroadcastElementwise(
      builder, loc, resultType, {input},
      [](OpBuilder &, Location, ValueRange scalars) { return scalars[0]; });
}

Value buildExtractScalar(OpBuilder &builder, Location loc, Value input) {
  auto type = cast<RankedTensorType>(input.getType());
  Value zero = arith::ConstantIndexOp::create(builder, loc, 0);
  llvm::SmallVector<Value> indices(type.getRank(), zero);
  return tensor::ExtractOp::create(builder, loc, input, indices);
}

} // namespace spnc::onnx_conversion
