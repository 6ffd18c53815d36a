//===- MappingPipeline.cpp - Event dialect onto SpiNNaker 2 ---------------===//
#include "spnc/Pipelines/MappingPipeline.h"

#include "spnc/Dialect/Event/Transforms/Passes.h"
#include "spnc/Dialect/S2/Transforms/Passes.h"
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include "mlir/Pass/PassRegistry.h"

using namespace mlir;

namespace spnc {

void populateMappingPipeline(OpPassManager &pm, const MappingOptions &options) {
  // One population computes one sample: cell steps over a batch become one
  // step per row (nothing changes at batch 1).
  pm.addNestedPass<func::FuncOp>(createSplitBatch());
  // Matvecs that read events visit only the inputs that fired (the same
  // product, so the host reference is unaffected).
  pm.addPass(createEventDrivenAccumulate());
  S2BuildPopulationsOptions build;
  build.system = options.system;
  build.dvfs = options.dvfs;
  build.defaultActivity = options.defaultActivity;
  pm.addPass(createS2BuildPopulations(build));
  S2PartitionOptions partition;
  partition.stepsInFlight = options.stepsInFlight;
  pm.addPass(createS2Partition(partition));
  S2PlaceOptions place;
  place.seed = options.seed;
  place.movesPerSlice = options.movesPerSlice;
  pm.addPass(createS2Place(place));
  S2AllocateKeysOptions keys;
  keys.keyFormat = options.keyFormat;
  pm.addPass(createS2AllocateKeys(keys));
  pm.addPass(createS2Route());
  S2CompressTablesOptions compress;
  compress.unallocatedDontCare = options.unallocatedDontCare;
  pm.addPass(createS2CompressTables(compress));
}

void registerMappingPasses() {
  registerSPNCS2Passes();
  PassPipelineRegistration<MappingOptions>(
      "spnc-map",
      "Map the event dialect onto SpiNNaker 2: populations, slices, "
      "placement, keys, routing tables",
      populateMappingPipeline);
}

} // namespace spnc
