//===- ConstantConverters.cpp - Constant and Identity ---------------------===//
#include "ConversionUtils.h"

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

static LogicalResult convertConstant(NodeOp node, OpBuilder &builder,
                                     llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> type = getStaticResultType(node, 0);
  if (failed(type))
    return failure();
  Attribute attr = node.getAttrs().get("value");
  if (auto elements = dyn_cast_or_null<ElementsAttr>(attr)) {
    results.push_back(
        arith::ConstantOp::create(builder, node.getLoc(), *type, elements)
            .getResult());
    return success();
  }
  // Opset 12+ scalar and list forms.
  std::optional<float> floatValue = getOptionalFloatAttr(node, "value_float");
  std::optional<int64_t> intValue = getOptionalIntAttr(node, "value_int");
  std::optional<llvm::SmallVector<float>> floats =
      getFloatsAttr(node, "value_floats");
  std::optional<llvm::SmallVector<int64_t>> ints =
      getIntsAttr(node, "value_ints");
  DenseElementsAttr value;
  if (floatValue && type->getElementType().isF32())
    value = DenseElementsAttr::get(*type, *floatValue);
  else if (intValue && type->getElementType().isInteger(64))
    value = DenseElementsAttr::get(*type, *intValue);
  else if (floats && type->getElementType().isF32())
    value = DenseElementsAttr::get(*type, llvm::ArrayRef<float>(*floats));
  else if (ints && type->getElementType().isInteger(64))
    value = DenseElementsAttr::get(*type, llvm::ArrayRef<int64_t>(*ints));
  if (!value)
    return emitNodeError(node)
           << "only the 'value', 'value_float(s)' and 'value_int(s)' "
              "attributes are supported";
  results.push_back(
      arith::ConstantOp::create(builder, node.getLoc(), *type, value)
          .getResult());
  return success();
}

static LogicalResult convertIdentity(NodeOp node, OpBuilder &,
                                     llvm::SmallVectorImpl<Value> &results) {
  results.push_back(node.getInputs()[0]);
  return success();
}

void populateONNXConstantConverters(ONNXConverterRegistry &registry) {
  registry.add("Constant", 1, kMaxSupportedOpset, convertConstant);
  registry.add("Identity", 1, kMaxSupportedOpset, convertIdentity);
}

} // namespace spnc
