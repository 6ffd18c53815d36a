//===- Passes.h - Event dialect to linalg -----------------------*- C++ -*-===//
#ifndef SPNC_CONVERSION_EVENTTOLINALG_PASSES_H
#define SPNC_CONVERSION_EVENTTOLINALG_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/MLProgram/IR/MLProgram.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace spnc {

#define GEN_PASS_DECL
#include "spnc/Conversion/EventToLinalg/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spnc/Conversion/EventToLinalg/Passes.h.inc"

} // namespace spnc

#endif // SPNC_CONVERSION_EVENTTOLINALG_PASSES_H
