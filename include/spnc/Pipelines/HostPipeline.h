//===- HostPipeline.h - Event dialect to LLVM for host execution -*- C++
//-*-===//
//
// The host reference pipeline: event dialect + linalg/tensor/arith/math/scf
// on tensors -> LLVM dialect ready for mlir::ExecutionEngine. Used by
// `spnc --target=host --emit=host-llvm`, the host runner (`spnc-run`) and
// `spnc-opt --spnc-event-to-llvm-host`.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_PIPELINES_HOSTPIPELINE_H
#define SPNC_PIPELINES_HOSTPIPELINE_H

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Pass/PassManager.h"

namespace spnc {

/// Appends the host pipeline to `pm` (which must run on builtin.module):
///
///  1. convert-event-to-linalg, convert-elementwise-to-linalg, canonicalize,
///     cse
///  2. spnc-ml-program-to-memref (recurrent state), spnc-readonly-arguments
///     (inputs are never written), one-shot-bufferize (function boundaries,
///     identity layouts), spnc-distinct-result-buffers (one buffer per
///     result)
///  3. buffer-results-to-out-params (public functions too, static allocs
///     hoisted): every function takes its inputs and then its outputs as
///     memrefs and returns nothing
///  4. the ownership-based buffer deallocation pipeline
///  5. bufferization-to-memref, spnc-expand-strided-copies,
///     convert-linalg-to-loops
///  6. spnc-approximate-math (the transcendental approximations shared with
///     SpiNNaker 2; strict floating point), convert-math-to-funcs
///  7. expand-strided-metadata, lower-affine, scf -> cf
///  8. spnc-emit-c-interface, then math (LLVM intrinsics, libm for the f64
///     rest), arith, index, memref (finalize), cf, func, ub -> LLVM and
///     reconcile-unrealized-casts
void populateEventToLLVMHostPipeline(mlir::OpPassManager &pm);

/// Tensors to identity-layout buffers: read-only arguments, results as out
/// parameters. `allowReturnAllocsFromLoops` for loop-carried state (the
/// host's sequence models; the caller then frees the old buffers).
void populateBufferizeToOutParamsPipeline(mlir::OpPassManager &pm,
                                          bool allowReturnAllocsFromLoops);

/// Buffers to loops, with the math approximations every target computes the
/// same way, down to the cf dialect: the part of the lowering the host and
/// the PEs must share for their results to agree bit for bit.
void populateLoopsAndMathPipeline(mlir::OpPassManager &pm);

/// Registers the dialects and external interface models (bufferization,
/// deallocation) the host pipeline needs.
void registerHostDialects(mlir::DialectRegistry &registry);

/// Registers the passes the host pipeline is built from that spnc defines
/// (convert-event-to-linalg, spnc-approximate-math, ...) and the pipeline
/// itself as `spnc-event-to-llvm-host`.
void registerHostPasses();

} // namespace spnc

#endif // SPNC_PIPELINES_HOSTPIPELINE_H
