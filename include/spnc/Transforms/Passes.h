//===- Passes.h - spnc's transformation passes ------------------*- C++ -*-===//
#ifndef SPNC_TRANSFORMS_PASSES_H
#define SPNC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Bufferization/IR/Bufferization.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace spnc {

#define GEN_PASS_DECL
#include "spnc/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "spnc/Transforms/Passes.h.inc"

} // namespace spnc

#endif // SPNC_TRANSFORMS_PASSES_H
