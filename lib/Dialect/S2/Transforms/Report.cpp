//===- Report.cpp - The mapping report of a mapped machine ----------------===//
#include "spnc/Dialect/S2/Transforms/Report.h"

#include "MachineModel.h"

#include "spnc-mapping/Partition.h"
#include "spnc-mapping/Placement.h"
#include "spnc-mapping/Routing.h"

#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/ToolOutputFile.h"

#include <cmath>
#include <cstdio>
#include <set>

using namespace mlir;
namespace json = llvm::json;

namespace spnc::s2 {

/// Rounded to 3 decimals: the report is read by people and diffed.
static double round3(double value) { return std::round(value * 1000) / 1000; }

namespace {
struct TreeFigures {
  uint64_t edges = 0, lowerBound = 0;
  double packetHops = 0;
  double deliveries = 0;
};
} // namespace

/// Tree edges of every source's multicast tree under `placement`, and the
/// lower bound (one edge per destination QPE other than the source's).
static FailureOr<TreeFigures> treeFigures(const MachineModel &model,
                                          const mapping::Placement &placement) {
  TreeFigures figures;
  std::vector<std::vector<uint32_t>> destinations =
      model.sliced.destinations();
  std::vector<double> rates = model.sliced.sourceRates();
  for (size_t s = 0; s < destinations.size(); ++s) {
    if (destinations[s].empty())
      continue;
    std::vector<mapping::Location> to;
    std::set<std::tuple<uint32_t, int, int>> qpes;
    const mapping::Location &root = placement.slices[s];
    for (uint32_t d : destinations[s]) {
      const mapping::Location &at = placement.slices[d];
      to.push_back(at);
      if (!(at.chip == root.chip && at.pe.qx == root.pe.qx &&
            at.pe.qy == root.pe.qy))
        qpes.insert({at.chip, at.pe.qx, at.pe.qy});
    }
    mapping::Result<mapping::MulticastTree> tree =
        mapping::multicastTree(*model.system, root, to);
    if (!tree)
      return model.machine.emitError() << tree.error().message;
    figures.edges += tree->hops();
    figures.lowerBound += qpes.size();
    figures.packetHops += rates[s] * tree->hops();
    figures.deliveries += rates[s] * destinations[s].size();
  }
  return figures;
}

FailureOr<json::Value> buildMappingReport(ModuleOp module,
                                          unsigned stepsInFlight) {
  FailureOr<MachineOp> machine = getMachine(module, "the mapping report");
  if (failed(machine))
    return failure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return failure();
  if (model->slices.empty() || !model->slices.front().isPlaced())
    return machine->emitError()
           << "the mapping report needs a placed machine (s2-place)";
  if (stepsInFlight == 0) {
    auto recorded = (*machine)->getAttrOfType<IntegerAttr>(
        S2Dialect::kStepsInFlightAttrName);
    stepsInFlight = recorded ? unsigned(recorded.getInt()) : 1;
  }
  FailureOr<std::vector<PopulationCost>> costs = buildCosts(*model, stepsInFlight);
  if (failed(costs))
    return failure();
  const spinnaker2::SystemModel &system = *model->system;
  const spinnaker2::ChipModel &chip = system.chip;

  // PEs.
  mapping::CostFunction cost = [&](uint32_t p, uint32_t units) {
    return (*costs)[p].worst(units);
  };
  std::set<uint32_t> chips;
  for (SliceOp slice : model->slices)
    chips.insert(*slice.getChip());
  json::Object pes{
      {"used", int64_t(model->slices.size())},
      {"lower_bound", int64_t(mapping::peLowerBound(model->graph, cost, chip))},
      {"available", int64_t(chip.usablePEs().size() * system.numChips())},
      {"chips_used", int64_t(chips.size())},
  };

  // Populations and SRAM per PE.
  json::Array populations;
  for (size_t p = 0; p < model->populations.size(); ++p) {
    PopulationOp population = model->populations[p];
    populations.push_back(json::Object{
        {"name", population.getSymName()},
        {"kind", stringifyPopulationKind(population.getKind())},
        {"op", population.getOrigin()},
        {"units", int64_t(population.getUnits())},
        {"rate", round3(population.getRate().convertToDouble())},
        {"slices", int64_t(model->slicesOf[p].size())},
        {"nonzero_weights", int64_t((*costs)[p].nonZeros())},
        {"event_capacity", int64_t((*costs)[p].eventCapacity())},
    });
  }
  json::Array perPE;
  uint64_t maxData = 0, maxCode = 0, totalData = 0;
  for (SliceOp slice : model->slices) {
    MemoryAttr memory = slice.getMemory();
    maxData = std::max(maxData, memory.getData());
    maxCode = std::max(maxCode, memory.getCode());
    totalData += memory.getData();
    perPE.push_back(json::Object{
        {"chip", int64_t(*slice.getChip())},
        {"pe", *slice.getPe()},
        {"population", slice.getPopulation()},
        {"units", json::Array{int64_t(slice.getBegin()), int64_t(slice.getEnd())}},
        {"weights", int64_t(memory.getWeights())},
        {"state", int64_t(memory.getState())},
        {"buffers", int64_t(memory.getBuffers())},
        {"code", int64_t(memory.getCode())},
        {"data", int64_t(memory.getData())},
    });
  }
  json::Object sram{
      {"data_limit", int64_t(chip.sramDataBytes)},
      {"code_limit", int64_t(chip.sramCodeBytes)},
      {"max_data", int64_t(maxData)},
      {"mean_data", round3(double(totalData) / model->slices.size())},
      {"max_code", int64_t(maxCode)},
      {"per_pe", std::move(perPE)},
  };

  // Traffic and placement.
  mapping::Placement placed = placementOf(*model);
  mapping::Result<mapping::Placement> naive =
      mapping::naivePlacement(model->sliced, system);
  if (!naive)
    return machine->emitError() << naive.error().message;
  FailureOr<TreeFigures> placedTrees = treeFigures(*model, placed);
  FailureOr<TreeFigures> naiveTrees = treeFigures(*model, *naive);
  if (failed(placedTrees) || failed(naiveTrees))
    return failure();
  double packets = 0;
  for (double rate : model->sliced.sourceRates())
    packets += rate;
  double objective = mapping::trafficCost(model->sliced, placed, system);
  double naiveObjective = mapping::trafficCost(model->sliced, *naive, system);
  double bound = mapping::trafficLowerBound(model->sliced, placed);
  json::Object traffic{
      {"packets_per_step", round3(packets)},
      {"deliveries_per_step", round3(placedTrees->deliveries)},
      {"packet_hops_per_step",
       json::Object{{"placed", round3(objective)},
                    {"naive", round3(naiveObjective)},
                    {"lower_bound", round3(bound)}}},
      {"tree_edges", json::Object{{"placed", int64_t(placedTrees->edges)},
                                  {"naive", int64_t(naiveTrees->edges)},
                                  {"lower_bound",
                                   int64_t(placedTrees->lowerBound)}}},
  };
  json::Object placement{
      {"objective", "hop-weighted traffic (packets per step x multicast "
                    "tree edges)"},
      {"placed", round3(objective)},
      {"naive", round3(naiveObjective)},
      {"lower_bound", round3(bound)},
  };

  json::Object report{
      {"step", machine->getStep()},
      {"steps_in_flight", int64_t(stepsInFlight)},
      {"system", machine->getSystem()},
      {"dvfs", machine->getDvfs()},
      {"pes", std::move(pes)},
      {"populations", std::move(populations)},
      {"sram", std::move(sram)},
      {"traffic", std::move(traffic)},
      {"placement", std::move(placement)},
  };

  // Routing, once routed.
  SmallVector<RoutingTableOp> tableOps(
      machine->getBody().front().getOps<RoutingTableOp>());
  if (!tableOps.empty()) {
    json::Array tables;
    int64_t before = 0, after = 0, largest = 0;
    bool compressed = true;
    for (RoutingTableOp table : tableOps) {
      int64_t entries =
          static_cast<int64_t>(table.getBody().front().getOperations().size());
      int64_t uncompressed =
          table.isCompressed() ? *table.getUncompressedEntries() : entries;
      compressed &= table.isCompressed();
      before += uncompressed;
      after += entries;
      largest = std::max(largest, entries);
      json::Object row{{"chip", int64_t(table.getChip())},
                       {"before", uncompressed}};
      if (table.isCompressed())
        row["after"] = entries;
      tables.push_back(std::move(row));
    }
    json::Object routing{
        {"entry_limit", int64_t(chip.routerEntries)},
        {"compressed", compressed},
        {"before", before},
        {"largest", largest},
        {"tables", std::move(tables)},
    };
    if (compressed)
      routing["after"] = after;
    report["routing"] = std::move(routing);
  }
  return json::Value(std::move(report));
}

/// JSON with sorted keys, two-space indentation, arrays of numbers on one
/// line and numbers with at most 6 significant digits (the report is read
/// by people and committed; llvm::json prints 17 digits).
static void printJSON(llvm::raw_ostream &os, const json::Value &value,
                      unsigned indent) {
  auto newline = [&](unsigned depth) {
    os << "\n";
    os.indent(depth * 2);
  };
  if (const json::Object *object = value.getAsObject()) {
    std::vector<StringRef> keys;
    for (const auto &entry : *object)
      keys.push_back(entry.first);
    llvm::sort(keys);
    os << "{";
    for (size_t i = 0; i < keys.size(); ++i) {
      newline(indent + 1);
      os << json::Value(keys[i]) << ": ";
      printJSON(os, *object->get(keys[i]), indent + 1);
      if (i + 1 < keys.size())
        os << ",";
    }
    if (!keys.empty())
      newline(indent);
    os << "}";
    return;
  }
  if (const json::Array *array = value.getAsArray()) {
    bool flat = llvm::all_of(*array, [](const json::Value &element) {
      return element.getAsNumber().has_value();
    });
    os << "[";
    for (size_t i = 0; i < array->size(); ++i) {
      if (flat)
        os << (i ? ", " : "");
      else
        newline(indent + 1);
      printJSON(os, (*array)[i], indent + 1);
      if (!flat && i + 1 < array->size())
        os << ",";
    }
    if (!flat && !array->empty())
      newline(indent);
    os << "]";
    return;
  }
  if (value.kind() == json::Value::Number && !value.getAsInteger()) {
    double number = *value.getAsNumber();
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", number);
    os << text;
    return;
  }
  os << value;
}

LogicalResult writeMappingReport(ModuleOp module, StringRef path,
                                 unsigned stepsInFlight) {
  FailureOr<json::Value> report = buildMappingReport(module, stepsInFlight);
  if (failed(report))
    return failure();
  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output = openOutputFile(path, &error);
  if (!output)
    return module.emitError() << "cannot write the mapping report: " << error;
  printJSON(output->os(), *report, 0);
  output->os() << "\n";
  output->keep();
  return success();
}

} // namespace spnc::s2
