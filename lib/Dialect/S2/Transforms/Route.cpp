//===- Route.cpp - Multicast routing tables -------------------------------===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "spnc-mapping/Routing.h"

#include "mlir/IR/Builders.h"

#include <set>

namespace spnc {
#define GEN_PASS_DEF_S2ROUTE
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

class Route : public spnc::impl::S2RouteBase<Route> {
public:
  using Base::Base;
  void runOnOperation() override;
};

void Route::runOnOperation() {
  FailureOr<MachineOp> machine = getMachine(getOperation(), "s2-route");
  if (failed(machine))
    return signalPassFailure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return signalPassFailure();
  if (model->slices.empty() || !model->slices.front().isPlaced() ||
      !model->slices.front().hasKeys()) {
    machine->emitError() << "s2-route needs placed slices with keys; run "
                            "s2-place and s2-allocate-keys first";
    return signalPassFailure();
  }
  if (!machine->getBody().front().getOps<RoutingTableOp>().empty()) {
    machine->emitError() << "the machine already has routing tables";
    return signalPassFailure();
  }
  mapping::Result<mapping::RoutingResult> routed = mapping::route(
      model->sliced, placementOf(*model), keysOf(*model), *model->system);
  if (!routed) {
    machine->emitError() << "routing failed: " << routed.error().message;
    return signalPassFailure();
  }
  OpBuilder builder(&getContext());
  builder.setInsertionPointToEnd(&machine->getBody().front());
  // A table for every chip with entries or slices (possibly empty: a chip
  // whose slices send to nobody still has a router).
  std::set<uint32_t> used;
  for (SliceOp slice : model->slices)
    used.insert(*slice.getChip());
  size_t tables = 0;
  for (const mapping::RoutingTable &table : routed->tables) {
    if (table.entries.empty() && !used.count(table.chip))
      continue;
    ++tables;
    auto op = RoutingTableOp::create(builder, machine->getLoc(),
                                     builder.getI32IntegerAttr(table.chip),
                                     IntegerAttr());
    OpBuilder::InsertionGuard guard(builder);
    builder.createBlock(&op.getBody());
    buildRoutes(builder, machine->getLoc(), table, model->system->chip);
  }
  machine->emitRemark() << "routing: " << routed->entries << " entries in "
                        << tables << " table(s); multicast trees have "
                        << routed->hops << " edges (lower bound "
                        << routed->hopsLowerBound << ")";
}

} // namespace
