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
  // The sparsity passes that change the model (docs/Mapping.md, "Sparsity
  // passes"); they run here, before anything executes or maps the model, so
  // the host reference of a pruned or quantised deployment is that model.
  Option<double> pruneDensity{
      *this, "prune-density",
      llvm::cl::desc("Magnitude-prune every layer weight matrix to this "
                     "fraction of non-zeros (event-prune-weights; 1: off)"),
      llvm::cl::init(1.0)};
  Option<uint64_t> pruneMinElements{
      *this, "prune-min-elements",
      llvm::cl::desc("Leave weight matrices with fewer elements dense"),
      llvm::cl::init(0)};
  Option<unsigned> quantizeBits{
      *this, "quantize-bits",
      llvm::cl::desc("Quantise f32 layer weights to this many bits with "
                     "per-row scales (event-quantize-weights; 0: off)"),
      llvm::cl::init(0)};
  // Changes of the model's interface (docs/StateConvention.md, "Sequence
  // models on SpiNNaker 2"): graph inputs bound to constants right after
  // import, and a loop over time turned into a one-step function.
  ListOption<std::string> bindInputs{
      *this, "bind-inputs",
      llvm::cl::desc("NAME=FILE: make graph input NAME a constant holding "
                     "FILE's tensor (.npy or .pb; spnc-bind-inputs)")};
  Option<bool> sequenceToStep{
      *this, "sequence-to-step",
      llvm::cl::desc("Turn the loop over time into a one-step function "
                     "with state inputs/outputs (spnc-sequence-to-step)"),
      llvm::cl::init(false)};
};

/// onnx.node ops -> event dialect + linalg/tensor/arith/math/scf, then
/// event-prune-weights and event-quantize-weights when asked for.
void populateONNXToEventPipeline(mlir::OpPassManager &pm,
                                 const ONNXToEventPipelineOptions &options);

/// Registers the pipelines above with the pass registry
/// (`--spnc-onnx-to-event`).
void registerSPNCPipelines();

/// Registers --prune-density, --prune-min-elements and --quantize-weights
/// (none or int8) in `category`, before cl::ParseCommandLineOptions: every
/// tool that compiles or runs a model takes them, so that `spnc` and the
/// runners transform a model the same way.
void registerSparsityCLOptions(llvm::cl::OptionCategory &category);

/// Copies the values of those options into `options`.
void applySparsityCLOptions(ONNXToEventPipelineOptions &options);

/// Registers --bind-input=NAME=FILE (repeatable) and --sequence-to-step in
/// `category`: `spnc` and the runners take them, so that the host reference
/// runs the model the chip runs.
void registerInterfaceCLOptions(llvm::cl::OptionCategory &category);

/// Copies the values of those options into `options`.
void applyInterfaceCLOptions(ONNXToEventPipelineOptions &options);

/// Registers every dialect spnc's IR may contain.
void registerSPNCDialects(mlir::DialectRegistry &registry);

/// Registers spnc's passes and the upstream passes its pipelines use.
void registerSPNCPasses();

} // namespace spnc

#endif // SPNC_PIPELINES_PIPELINES_H
