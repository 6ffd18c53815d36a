//===- ONNXDialect.cpp - The generic ONNX import dialect ------------------===//
#include "spnc/Dialect/ONNX/ONNXDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace spnc::onnxir;

#include "spnc/Dialect/ONNX/ONNXOpsDialect.cpp.inc"

void ONNXDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "spnc/Dialect/ONNX/ONNXOps.cpp.inc"
      >();
}

LogicalResult NodeOp::verify() {
  if (getOpType().empty())
    return emitOpError("requires a non-empty op_type");
  if (getOpset() < 1)
    return emitOpError("requires opset >= 1, got ") << getOpset();
  return success();
}

Value NodeOp::getInputOrNull(unsigned index) {
  if (index >= getInputs().size())
    return {};
  Value input = getInputs()[index];
  return isa<NoneType>(input.getType()) ? Value() : input;
}

#define GET_OP_CLASSES
#include "spnc/Dialect/ONNX/ONNXOps.cpp.inc"
