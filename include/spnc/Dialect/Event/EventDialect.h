//===- EventDialect.h - Event-based recurrent computation -------*- C++ -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTDIALECT_H
#define SPNC_DIALECT_EVENT_EVENTDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "spnc/Dialect/Event/EventOpsDialect.h.inc"

#define GET_OP_CLASSES
#include "spnc/Dialect/Event/EventOps.h.inc"

#endif // SPNC_DIALECT_EVENT_EVENTDIALECT_H
