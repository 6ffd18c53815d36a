//===- Partition.cpp - Cut populations into per-PE slices -----------------===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "spnc-mapping/Partition.h"

#include "mlir/IR/Builders.h"

namespace spnc {
#define GEN_PASS_DEF_S2PARTITION
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

class Partition : public spnc::impl::S2PartitionBase<Partition> {
public:
  using Base::Base;
  void runOnOperation() override;
};

void Partition::runOnOperation() {
  FailureOr<MachineOp> machine = getMachine(getOperation(), "s2-partition");
  if (failed(machine))
    return signalPassFailure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return signalPassFailure();
  if (!model->slices.empty()) {
    machine->emitError() << "the machine is already partitioned";
    return signalPassFailure();
  }
  if (stepsInFlight < 1 || stepsInFlight > 64) {
    machine->emitError() << "steps-in-flight must be 1 to 64, got "
                         << stepsInFlight;
    return signalPassFailure();
  }
  FailureOr<std::vector<PopulationCost>> costs = buildCosts(*model, stepsInFlight);
  if (failed(costs))
    return signalPassFailure();
  (*machine)->setAttr(S2Dialect::kStepsInFlightAttrName,
                      IntegerAttr::get(IntegerType::get(&getContext(), 32),
                                       stepsInFlight));
  const spinnaker2::ChipModel &chip = model->system->chip;

  // A vector population runs whole on one PE.
  for (size_t p = 0; p < costs->size(); ++p) {
    const PopulationCost &cost = (*costs)[p];
    if (!cost.singlePE())
      continue;
    mapping::MemoryUse use = cost.of(0, cost.units());
    if (use.dataBytes() <= chip.sramDataBytes &&
        use.codeBytes <= chip.sramCodeBytes)
      continue;
    mapping::MemoryRow row;
    row.population = model->graph.populations[p].name;
    row.slices = 1;
    row.unitsPerSlice = cost.units();
    row.perPE = use;
    row.dataOverBytes = int64_t(use.dataBytes()) - int64_t(chip.sramDataBytes);
    row.codeOverBytes = int64_t(use.codeBytes) - int64_t(chip.sramCodeBytes);
    model->populations[p].emitError()
        << "the vector population '" << row.population
        << "' must run on one PE but needs " << use.dataBytes()
        << " B of data (over by " << std::max<int64_t>(row.dataOverBytes, 0)
        << " B) and " << use.codeBytes << " B of code (over by "
        << std::max<int64_t>(row.codeOverBytes, 0) << " B)\n"
        << mapping::formatMemoryTable({row}, chip);
    return signalPassFailure();
  }

  mapping::CostFunction cost = [&](uint32_t population, uint32_t units) {
    return (*costs)[population].worst(units);
  };
  mapping::Result<mapping::PartitionResult> result =
      mapping::partition(model->graph, cost, *model->system);
  if (!result) {
    machine->emitError() << "the model does not fit system '"
                         << machine->getSystem()
                         << "': " << result.error().message;
    return signalPassFailure();
  }

  OpBuilder builder(&getContext());
  builder.setInsertionPointToEnd(&machine->getBody().front());
  for (const mapping::Slice &slice : result->graph.slices) {
    PopulationOp population = model->populations[slice.population];
    mapping::MemoryUse use =
        (*costs)[slice.population].of(slice.firstUnit,
                                      slice.firstUnit + slice.units);
    SliceOp::create(
        builder, population.getLoc(),
        FlatSymbolRefAttr::get(population.getSymNameAttr()),
        builder.getI64IntegerAttr(slice.firstUnit),
        builder.getI64IntegerAttr(slice.firstUnit + slice.units),
        MemoryAttr::get(&getContext(), use.weightBytes, use.stateBytes,
                        use.bufferBytes, use.codeBytes),
        IntegerAttr(), StringAttr(), IntegerAttr(), IntegerAttr(),
        IntegerAttr());
  }
  for (size_t p = 0; p < costs->size(); ++p)
    if ((*costs)[p].assumedDense())
      model->populations[p].emitWarning()
          << "some weights of '" << model->graph.populations[p].name
          << "' are not constants the mapper can read; counted as dense";
  machine->emitRemark() << "partition: " << result->pesUsed << " slices on "
                        << result->pesUsed << " PEs of "
                        << result->pesAvailable
                        << " usable; lower bound " << result->pesLowerBound
                        << " PEs";
}

} // namespace
