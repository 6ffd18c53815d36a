//===- ONNXDialect.h - The generic ONNX import dialect ----------*- C++ -*-===//
#ifndef SPNC_DIALECT_ONNX_ONNXDIALECT_H
#define SPNC_DIALECT_ONNX_ONNXDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "spnc/Dialect/ONNX/ONNXOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "spnc/Dialect/ONNX/ONNXOps.h.inc"

#endif // SPNC_DIALECT_ONNX_ONNXDIALECT_H
