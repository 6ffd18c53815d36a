//===- Passes.h - spnc conversion passes ------------------------*- C++ -*-===//
#ifndef SPNC_CONVERSION_PASSES_H
#define SPNC_CONVERSION_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"
#include "spnc/Dialect/Event/EventDialect.h"

namespace spnc {

#define GEN_PASS_DECL
#include "spnc/Conversion/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spnc/Conversion/Passes.h.inc"

} // namespace spnc

#endif // SPNC_CONVERSION_PASSES_H
