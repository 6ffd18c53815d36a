//===- CompressTables.cpp - Minimise and check the routing tables ---------===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "spnc-mapping/Compression.h"
#include "spnc-mapping/Mapper.h"

#include "mlir/IR/Builders.h"

namespace spnc {
#define GEN_PASS_DEF_S2COMPRESSTABLES
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

class CompressTables : public spnc::impl::S2CompressTablesBase<CompressTables> {
public:
  using Base::Base;
  void runOnOperation() override;
};

void CompressTables::runOnOperation() {
  FailureOr<MachineOp> machine =
      getMachine(getOperation(), "s2-compress-tables");
  if (failed(machine))
    return signalPassFailure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return signalPassFailure();
  SmallVector<RoutingTableOp> tableOps(
      machine->getBody().front().getOps<RoutingTableOp>());
  if (tableOps.empty()) {
    machine->emitError()
        << "s2-compress-tables needs routing tables; run s2-route first";
    return signalPassFailure();
  }
  for (RoutingTableOp table : tableOps)
    if (table.isCompressed()) {
      table.emitError() << "the routing table is already compressed";
      return signalPassFailure();
    }
  mapping::CompressOptions options;
  options.router.entryLimit = entryLimit;
  options.orderedCovering = orderedCovering;
  if (unallocatedDontCare) {
    if (model->slices.empty() || !model->slices.front().hasKeys()) {
      machine->emitError() << "unallocated-dont-care needs slices with keys";
      return signalPassFailure();
    }
    options.dontCare = mapping::unallocatedKeys(keysOf(*model));
  }
  std::vector<mapping::RoutingTable> tables = tablesOf(*model);
  // Compresses every table, checks each result equivalent to its input and
  // enforces the router's capacity; errors name the router.
  mapping::Result<mapping::CompressedTables> compressed =
      mapping::compressTables(tables, *model->system, options);
  if (!compressed) {
    machine->emitError() << compressed.error().message;
    return signalPassFailure();
  }
  OpBuilder builder(&getContext());
  uint64_t cubes = 0;
  for (size_t i = 0; i < tableOps.size(); ++i) {
    RoutingTableOp table = tableOps[i];
    const mapping::RoutingTable &result = compressed->tables[i];
    if (result.chip != table.getChip()) {
      table.emitError() << "compressed tables came back out of order";
      return signalPassFailure();
    }
    Block &body = table.getBody().front();
    int64_t before = static_cast<int64_t>(body.getOperations().size());
    while (!body.empty())
      body.front().erase();
    builder.setInsertionPointToEnd(&body);
    buildRoutes(builder, table.getLoc(), result, model->system->chip);
    table.setUncompressedEntriesAttr(builder.getI64IntegerAttr(before));
    cubes += compressed->stats[i].checkedCubes;
  }
  machine->emitRemark() << "compression: " << compressed->before << " -> "
                        << compressed->after
                        << " entries; every table proven equivalent to its "
                           "input ("
                        << cubes << " key cubes checked); largest table "
                        << compressed->largest << " entries";
}

} // namespace
