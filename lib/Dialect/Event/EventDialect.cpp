//===- EventDialect.cpp - Event-based recurrent computation ---------------===//
#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

using namespace mlir;
using namespace spnc::event;

#include "spnc/Dialect/Event/EventOpsDialect.cpp.inc"

void EventDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "spnc/Dialect/Event/EventOps.cpp.inc"
      >();
}

#define GET_OP_CLASSES
#include "spnc/Dialect/Event/EventOps.cpp.inc"
