//===- Passes.h - Sparsity passes on the event dialect ----------*- C++ -*-===//
#ifndef SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_H
#define SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_H

#include "spnc/Dialect/Event/EventDialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace spnc {

#define GEN_PASS_DECL
#include "spnc/Dialect/Event/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spnc/Dialect/Event/Transforms/Passes.h.inc"

} // namespace spnc

#endif // SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_H
