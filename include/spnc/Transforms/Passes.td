//===- Passes.td - spnc's transformation passes ------------*- tablegen -*-===//
#ifndef SPNC_TRANSFORMS_PASSES_TD
#define SPNC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApproximateMath : Pass<"spnc-approximate-math"> {
  let summary = "Expand transcendentals into the polynomial approximations "
                "shared by every spnc target, and make floating point strict";
  let description = [{
    Host and SpiNNaker 2 must agree bit for bit, so neither may call its own
    libm. For f32 (and f16/bf16, computed in f32 and rounded back) this pass

    * rewrites sinh, cosh, tan, asinh, acosh, atanh, exp2, powf, fpowi and
      rsqrt into other math ops (`math::populateExpansionPatterns`);
    * replaces tanh, exp, expm1, log, log2, log1p, erf, erfc, sin, cos, atan,
      atan2, asin, acos and cbrt by MLIR's polynomial approximations
      (`populateMathPolynomialApproximationPatterns`), whose Horner steps are
      `math.fma`;
    * fails on any other f32 transcendental that would be left to a library.

    f64 math is left alone (it lowers to LLVM intrinsics / libm calls, the
    accurate reference). Finally every fast-math flag on arith and math ops
    is cleared: a multiply is fused into an add only where the IR says
    `math.fma`, and codegen must not contract anything else
    (docs/Transcendentals.md).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

def ReadOnlyArguments : Pass<"spnc-readonly-arguments", "mlir::ModuleOp"> {
  let summary = "Forbid writing into the tensor arguments of public functions";
  let description = [{
    Sets `bufferization.writable = false` on every tensor argument of every
    public `func.func` with a body. With function-boundary bufferization,
    one-shot-bufferize would otherwise reuse an argument's buffer for a
    result computed in place; a runner that feeds the same input buffers to
    every step (weights, per-step inputs) must get them back unchanged.
  }];
}

def DistinctResultBuffers
    : Pass<"spnc-distinct-result-buffers", "mlir::ModuleOp"> {
  let summary = "Give every memref a function returns its own buffer";
  let description = [{
    After bufferization a function may return one buffer several times, e.g.
    when CSE merged two graph outputs computing the same value, or when
    three empty splits share one `tensor.empty`. `buffer-results-to-out-params`
    with `hoist-static-allocs` replaces a returned `memref.alloc` by its out
    parameter and erases it, so a second return of the same alloc refers to
    an erased op (it crashes). This pass returns a fresh copy (`memref.alloc`
    + `memref.copy`) for every repeated operand of `func.return` that is a
    statically shaped, identity-layout memref, so that each result has a
    buffer of its own.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def EmitCInterface : Pass<"spnc-emit-c-interface", "mlir::ModuleOp"> {
  let summary = "Give every public function a C interface wrapper";
  let description = [{
    Sets `llvm.emit_c_interface` on every public `func.func` with a body, so
    that `convert-func-to-llvm` emits `_mlir_ciface_<name>` taking each memref
    as a pointer to its descriptor: the entry point runners call.
  }];
}

def ExpandStridedCopies : Pass<"spnc-expand-strided-copies"> {
  let summary = "Turn memref.copy between non-contiguous buffers into "
                "linalg.copy";
  let description = [{
    `finalize-memref-to-llvm` lowers a copy between contiguous buffers to
    `llvm.memcpy` but calls the `memrefCopy` runtime function for any other
    layout (e.g. a copy into a subview). spnc's generated code must not need
    the MLIR runtime libraries, so such copies become `linalg.copy`, which
    `convert-linalg-to-loops` turns into loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MLProgramToMemRef : Pass<"spnc-ml-program-to-memref", "mlir::ModuleOp"> {
  let summary = "Lower ml_program globals (recurrent state) to memref "
                "globals before bufferization";
  let description = [{
    `convert-event-to-linalg` keeps recurrent state as tensor-level
    `ml_program` globals. Before one-shot bufferization this pass makes the
    memory explicit, so that a load is a snapshot and a store a copy, in
    program order:

    * `ml_program.global` -> `memref.global` (mutable unless the global is
      immutable, same visibility and initial value);
    * `ml_program.global_load` -> a fresh buffer filled with `memref.copy`
      from the global, as a `bufferization.to_tensor restrict writable`;
    * `ml_program.global_store` -> `bufferization.materialize_in_destination`
      into the global (restrict, writable).

    The upstream bufferization models of `ml_program` are not used: their
    `global_store` claims not to read its operand, so a store whose value is
    also used elsewhere can store an uninitialized copy, and their
    `global_load` aliases the global, so a load used after a store would see
    the new value.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

#endif // SPNC_TRANSFORMS_PASSES_TD
