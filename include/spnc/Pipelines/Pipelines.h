//===- Pipelines.h - spnc's compilation pipelines ---------------*- C++ -*-===//
//
// The pipelines `spnc` runs, built here so that `spnc-opt` can run exactly the
// same ones by name.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_PIPELINES_PIPELINES_H
#define SPNC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace spnc {

struct ONNXToEventPipelineOptions
    : public mlir::PassPipelineOptions<ONNXToEventPipelineOptions> {
  Option<bool> raiseCells{
      *this, "raise-cells",
      llvm::cl::desc("Recognise EGRU and LIF cells written in primitive ONNX "
                     "ops before legalizing"),
      llvm::cl::init(true)};
};

/// onnx.node ops -> event dialect + linalg/tensor/arith/math/scf.
void populateONNXToEventPipeline(mlir::OpPassManager &pm,
                                 const ONNXToEventPipelineOptions &options);

/// Registers the pipelines above with the pass registry
/// (`--spnc-onnx-to-event`).
void registerSPNCPipelines();

/// Registers every dialect spnc's IR may contain.
void registerSPNCDialects(mlir::DialectRegistry &registry);

/// Registers spnc's passes and the upstream passes its pipelines use.
void registerSPNCPasses();

} // namespace spnc

#endif // SPNC_PIPELINES_PIPELINES_H
