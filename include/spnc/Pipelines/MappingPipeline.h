//===- MappingPipeline.h - Event dialect onto SpiNNaker 2 -------*- C++ -*-===//
//
// The mapping passes in order: event-driven-accumulate, s2-build-populations,
// s2-partition, s2-place, s2-allocate-keys, s2-route, s2-compress-tables.
// Used by `spnc --emit=mapped` and registered for spnc-opt as `spnc-map`.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_PIPELINES_MAPPINGPIPELINE_H
#define SPNC_PIPELINES_MAPPINGPIPELINE_H

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassOptions.h"

namespace spnc {

struct MappingOptions : public mlir::PassPipelineOptions<MappingOptions> {
  Option<std::string> system{
      *this, "system",
      llvm::cl::desc("The target system: chip or board48"),
      llvm::cl::init("chip")};
  Option<std::string> dvfs{
      *this, "dvfs",
      llvm::cl::desc("DVFS level (default: the chip's default)"),
      llvm::cl::init("")};
  Option<double> defaultActivity{
      *this, "default-activity",
      llvm::cl::desc("Expected events per unit and step of event outputs"),
      llvm::cl::init(0.15)};
  Option<unsigned> stepsInFlight{
      *this, "steps-in-flight",
      llvm::cl::desc("Steps a PE may run ahead (sizes the event buffers; "
                     "the package tells the simulator)"),
      llvm::cl::init(1)};
  Option<uint64_t> seed{*this, "seed",
                        llvm::cl::desc("Placement (annealing) seed"),
                        llvm::cl::init(1)};
  Option<unsigned> movesPerSlice{
      *this, "moves-per-slice",
      llvm::cl::desc("Annealing moves per slice (0: row-major placement)"),
      llvm::cl::init(4000)};
  Option<std::string> keyFormat{
      *this, "key-format",
      llvm::cl::desc("abi (source << 19 | index) or compact"),
      llvm::cl::init("abi")};
  Option<bool> unallocatedDontCare{
      *this, "unallocated-dont-care",
      llvm::cl::desc("Let table compression cover keys no slice sends"),
      llvm::cl::init(false)};
};

/// Appends the mapping passes to `pm` (on builtin.module).
void populateMappingPipeline(mlir::OpPassManager &pm,
                             const MappingOptions &options);

/// Registers the s2 passes and the `spnc-map` pipeline.
void registerMappingPasses();

} // namespace spnc

#endif // SPNC_PIPELINES_MAPPINGPIPELINE_H
