//===- Passes.h - The mapping passes onto SpiNNaker 2 -----------*- C++ -*-===//
#ifndef SPNC_DIALECT_S2_TRANSFORMS_PASSES_H
#define SPNC_DIALECT_S2_TRANSFORMS_PASSES_H

#include "spnc/Dialect/S2/S2Dialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace spnc {

#define GEN_PASS_DECL
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"

} // namespace spnc

#endif // SPNC_DIALECT_S2_TRANSFORMS_PASSES_H
