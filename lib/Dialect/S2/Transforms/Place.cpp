//===- Place.cpp - Slices onto PEs ----------------------------------------===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "spnc-mapping/Placement.h"

#include "mlir/IR/Builders.h"

#include <cstdio>

namespace spnc {
#define GEN_PASS_DEF_S2PLACE
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

class Place : public spnc::impl::S2PlaceBase<Place> {
public:
  using Base::Base;
  void runOnOperation() override;
};

void Place::runOnOperation() {
  FailureOr<MachineOp> machine = getMachine(getOperation(), "s2-place");
  if (failed(machine))
    return signalPassFailure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return signalPassFailure();
  if (model->slices.empty()) {
    machine->emitError() << "s2-place needs slices; run s2-partition first";
    return signalPassFailure();
  }
  if (model->slices.front().isPlaced()) {
    machine->emitError() << "the slices are already placed";
    return signalPassFailure();
  }
  mapping::PlacementOptions options;
  options.seed = seed;
  options.movesPerSlice = movesPerSlice;
  options.maxChips = maxChips;
  mapping::Result<mapping::PlacementResult> result =
      mapping::place(model->sliced, *model->system, options);
  if (!result) {
    machine->emitError() << "placement failed: " << result.error().message;
    return signalPassFailure();
  }
  Builder builder(&getContext());
  for (size_t i = 0; i < model->slices.size(); ++i) {
    const mapping::Location &at = result->placement.slices[i];
    model->slices[i].setChipAttr(builder.getI32IntegerAttr(at.chip));
    model->slices[i].setPeAttr(builder.getStringAttr(at.pe.str()));
  }
  char text[256];
  std::snprintf(text, sizeof text,
                "placement: %.1f packet-hops per step, row-major placement "
                "%.1f, lower bound %.1f",
                result->cost, result->naiveCost, result->lowerBound);
  machine->emitRemark() << text;
}

} // namespace
