//===- S2Dialect.h - The SpiNNaker 2 hardware dialect -----------*- C++ -*-===//
#ifndef SPNC_DIALECT_S2_S2DIALECT_H
#define SPNC_DIALECT_S2_S2DIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/RegionKindInterface.h"
#include "mlir/IR/SymbolTable.h"

#include "spnc/Dialect/S2/S2OpsDialect.h.inc"
#include "spnc/Dialect/S2/S2OpsEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "spnc/Dialect/S2/S2OpsAttrs.h.inc"

#define GET_OP_CLASSES
#include "spnc/Dialect/S2/S2Ops.h.inc"

#endif // SPNC_DIALECT_S2_S2DIALECT_H
