//===- MachineModel.cpp - An s2.machine in the mapping library's terms ----===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/S2Target.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"

#include <algorithm>
#include <cmath>
#include <map>

using namespace mlir;

namespace spnc::s2 {

FailureOr<MachineOp> getMachine(ModuleOp module, StringRef what) {
  auto machines = module.getOps<MachineOp>();
  if (machines.empty())
    return module.emitError() << what
                              << " needs an s2.machine; run "
                                 "s2-build-populations first";
  if (std::next(machines.begin()) != machines.end())
    return module.emitError() << what << " expects one s2.machine";
  return *machines.begin();
}

FailureOr<MachineModel> loadMachine(MachineOp machine) {
  MachineModel model;
  model.machine = machine;
  std::string error;
  model.system = lookupSystem(machine.getSystem(), error);
  if (!model.system)
    return machine.emitError() << "system '" << machine.getSystem()
                               << "': " << error;
  Block &body = machine.getBody().front();
  for (PopulationOp population : body.getOps<PopulationOp>()) {
    model.populationIds[population.getSymName()] =
        static_cast<uint32_t>(model.populations.size());
    model.populations.push_back(population);
    model.graph.populations.push_back(
        {population.getSymName().str(),
         static_cast<uint32_t>(population.getUnits()),
         population.getRate().convertToDouble()});
  }
  for (ProjectionOp projection : body.getOps<ProjectionOp>())
    model.graph.projections.push_back(
        {model.populationIds.lookup(projection.getFrom()),
         model.populationIds.lookup(projection.getTo()),
         projection.getFanOut().convertToDouble()});

  // Slices in population order, then unit order.
  std::vector<SliceOp> slices(body.getOps<SliceOp>().begin(),
                              body.getOps<SliceOp>().end());
  std::sort(slices.begin(), slices.end(), [&](SliceOp a, SliceOp b) {
    uint32_t pa = model.populationIds.lookup(a.getPopulation());
    uint32_t pb = model.populationIds.lookup(b.getPopulation());
    return pa != pb ? pa < pb : a.getBegin() < b.getBegin();
  });
  model.slicesOf.resize(model.populations.size());
  for (SliceOp slice : slices) {
    uint32_t p = model.populationIds.lookup(slice.getPopulation());
    mapping::Slice s;
    s.population = p;
    s.firstUnit = static_cast<uint32_t>(slice.getBegin());
    s.units = static_cast<uint32_t>(slice.getUnits());
    MemoryAttr memory = slice.getMemory();
    s.memory.weightBytes = memory.getWeights();
    s.memory.stateBytes = memory.getState();
    s.memory.bufferBytes = memory.getBuffers();
    s.memory.codeBytes = memory.getCode();
    model.slicesOf[p].push_back(static_cast<uint32_t>(model.slices.size()));
    model.slices.push_back(slice);
    model.sliced.slices.push_back(s);
  }
  // Every slice of a projection's source feeds every slice of its target
  // (the partitioner's rule), with the source slice's packets per step: its
  // units times the rate, or for a vector population (one slice) the
  // packets of the values it sends, which need not be all of its outputs.
  std::vector<double> vectorPackets(model.populations.size(), 0);
  for (ProjectionOp projection : body.getOps<ProjectionOp>()) {
    double &packets =
        vectorPackets[model.populationIds.lookup(projection.getFrom())];
    packets = std::max(packets, projection.getPackets().convertToDouble());
  }
  std::map<std::pair<uint32_t, uint32_t>, double> edges;
  for (const mapping::Projection &projection : model.graph.projections) {
    if (projection.fanOut <= 0)
      continue;
    double rate = model.graph.populations[projection.pre].rate;
    bool vector =
        model.populations[projection.pre].getKind() == PopulationKind::vector;
    for (uint32_t pre : model.slicesOf[projection.pre])
      for (uint32_t post : model.slicesOf[projection.post]) {
        double &r = edges[{pre, post}];
        r = std::max(r, vector ? vectorPackets[projection.pre]
                               : rate * model.sliced.slices[pre].units);
      }
  }
  for (const auto &[ends, rate] : edges)
    model.sliced.edges.push_back({ends.first, ends.second, rate});
  return model;
}

mapping::Placement placementOf(const MachineModel &model) {
  mapping::Placement placement;
  for (SliceOp slice : model.slices)
    placement.slices.push_back(
        {static_cast<uint32_t>(*slice.getChip()), *parsePE(*slice.getPe())});
  return placement;
}

mapping::KeyAllocation keysOf(const MachineModel &model) {
  mapping::KeyAllocation keys;
  for (SliceOp slice : model.slices) {
    uint32_t mask = *slice.getMask();
    uint32_t bits = 0;
    while (bits < 32 && !(mask & (1u << bits)))
      ++bits;
    keys.slices.push_back({static_cast<uint32_t>(*slice.getKey()), bits});
    keys.keysUsed = std::max<uint64_t>(
        keys.keysUsed, uint64_t(*slice.getKey()) + (uint64_t(1) << bits));
  }
  return keys;
}

std::vector<mapping::RoutingTable> tablesOf(const MachineModel &model) {
  std::vector<mapping::RoutingTable> tables;
  const spinnaker2::ChipModel &chip = model.system->chip;
  for (RoutingTableOp table :
       model.machine.getBody().front().getOps<RoutingTableOp>()) {
    mapping::RoutingTable t;
    t.chip = table.getChip();
    for (RouteOp route : table.getBody().front().getOps<RouteOp>()) {
      mapping::RoutingEntry entry;
      entry.key = route.getKey();
      entry.mask = route.getMask();
      for (StringRef from : route.getArrival().getAsValueRange<StringAttr>())
        entry.sources |= from == kLocalArrival ? mapping::kSourceLocal
                                               : 1u << *parseLink(from);
      for (StringRef pe : route.getPes().getAsValueRange<StringAttr>())
        entry.route.addPE(mapping::peIndex(chip, *parsePE(pe)));
      for (StringRef link : route.getLinks().getAsValueRange<StringAttr>())
        entry.route.links |= 1u << *parseLink(link);
      t.entries.push_back(entry);
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

void buildRoutes(OpBuilder &builder, Location loc,
                 const mapping::RoutingTable &table,
                 const spinnaker2::ChipModel &chip) {
  for (const mapping::RoutingEntry &entry : table.entries) {
    SmallVector<StringRef> arrival, links;
    SmallVector<std::string> pes;
    if (entry.sources & mapping::kSourceLocal)
      arrival.push_back(kLocalArrival);
    for (int link = 0; link < mapping::kNumChipLinks; ++link) {
      if (entry.sources & (1u << link))
        arrival.push_back(linkName(link));
      if (entry.route.links & (1u << link))
        links.push_back(linkName(link));
    }
    for (int index : entry.route.peList())
      pes.push_back(chip.allPEs()[index].str());
    SmallVector<StringRef> peRefs(pes.begin(), pes.end());
    RouteOp::create(builder, loc, builder.getI32IntegerAttr(entry.key),
                    builder.getI32IntegerAttr(entry.mask),
                    builder.getStrArrayAttr(arrival),
                    builder.getStrArrayAttr(peRefs),
                    builder.getStrArrayAttr(links));
  }
}

func::FuncOp getStepFunction(MachineOp machine) {
  return dyn_cast_or_null<func::FuncOp>(SymbolTable::lookupNearestSymbolFrom(
      machine->getParentOp(), machine.getStepAttr()));
}

static std::string nameOf(DictionaryAttr attrs, StringRef fallback,
                          unsigned index) {
  if (attrs)
    if (auto name = attrs.getAs<StringAttr>("onnx.name"))
      return name.str();
  return (fallback + Twine(index)).str();
}

std::string inputName(func::FuncOp function, unsigned index) {
  return nameOf(function.getArgAttrDict(index), "arg", index);
}

std::string outputName(func::FuncOp function, unsigned index) {
  return nameOf(function.getResultAttrDict(index), "result", index);
}

FailureOr<std::vector<PopulationCost>> buildCosts(const MachineModel &model,
                                                  unsigned stepsInFlight) {
  func::FuncOp function = getStepFunction(model.machine);
  if (!function || function.isExternal())
    return model.machine.emitError()
           << "the step function " << model.machine.getStepAttr()
           << " has no body";
  // The ops of every population, in program order.
  std::vector<SmallVector<Operation *>> opsOf(model.populations.size());
  function.walk([&](Operation *op) {
    auto ref = op->getAttrOfType<SymbolRefAttr>(S2Dialect::kPopulationAttrName);
    if (!ref || ref.getRootReference() != model.machine.getSymNameAttr() ||
        ref.getNestedReferences().size() != 1)
      return;
    auto it = model.populationIds.find(ref.getLeafReference().getValue());
    if (it != model.populationIds.end())
      opsOf[it->second].push_back(op);
  });
  // Host input buffers and incoming events, from the machine's I/O and
  // projections.
  std::vector<CostContext> contexts(model.populations.size());
  for (CostContext &context : contexts)
    context.stepsInFlight = stepsInFlight;
  llvm::StringMap<uint64_t> inputBytes;
  for (BlockArgument argument : function.getArguments())
    inputBytes[inputName(function, argument.getArgNumber())] =
        tensorBytes(argument);
  for (IOOp io : model.machine.getBody().front().getOps<IOOp>()) {
    if (io.getDirection() != IODirection::input || io.getStateAttr())
      continue;
    for (auto ref : io.getPopulations().getAsRange<FlatSymbolRefAttr>())
      contexts[model.populationIds.lookup(ref.getValue())].hostInputBytes +=
          inputBytes.lookup(io.getName());
  }
  // A consumer receives every packet of its producers, whichever of their
  // values it reads (routes are per source), so each producer counts once.
  std::map<std::pair<uint32_t, uint32_t>, double> producerPackets;
  for (ProjectionOp projection :
       model.machine.getBody().front().getOps<ProjectionOp>()) {
    uint32_t to = model.populationIds.lookup(projection.getTo());
    CostContext &context = contexts[to];
    context.maxDelay =
        std::max<int64_t>(context.maxDelay, int64_t(projection.getDelay()));
    double &packets = producerPackets[{
        model.populationIds.lookup(projection.getFrom()), to}];
    packets = std::max(packets, projection.getPacketsAttr().getValueAsDouble());
  }
  for (const auto &[ends, packets] : producerPackets) {
    CostContext &context = contexts[ends.second];
    PopulationOp from = model.populations[ends.first];
    double rate = from.getRate().convertToDouble();
    // The keys it sends: packets per step over the rate.
    uint64_t keys = rate > 0 ? uint64_t(std::llround(packets / rate))
                             : uint64_t(from.getUnits());
    context.eventsPerStep += packets;
    context.eventsVariance += double(keys) * rate * (1 - rate);
    context.maxEventsPerStep += keys;
    context.producerSlices += (from.getUnits() + 15) / 16;
  }
  Constness constness(function.getBody().front());
  std::vector<PopulationCost> costs;
  for (size_t p = 0; p < model.populations.size(); ++p) {
    PopulationOp population = model.populations[p];
    if (opsOf[p].empty())
      return population.emitError()
             << "no op of " << model.machine.getStepAttr() << " carries "
             << S2Dialect::kPopulationAttrName << " = "
             << SymbolRefAttr::get(model.machine.getSymNameAttr(),
                                   {FlatSymbolRefAttr::get(
                                       population.getSymNameAttr())});
    std::optional<LayerInfo> info = describePopulationOps(opsOf[p], constness);
    if (!info)
      return failure();
    for (const DataOperand &operand : info->inputs)
      if (operand.use == InputUse::Elementwise)
        contexts[p].elementwisePortBytesPerUnit += elementBytes(operand.value);
    // Ports fed by events that every PE holds whole (code generation
    // rebuilds the dense vector from the events).
    for (ProjectionOp projection :
         model.machine.getBody().front().getOps<ProjectionOp>()) {
      if (projection.getTo() != population.getSymName())
        continue;
      for (const DataOperand &operand : info->inputs)
        if (operand.port == projection.getPort() &&
            operand.use != InputUse::Elementwise)
          contexts[p].eventPortBytes += tensorBytes(operand.value);
    }
    if (info->units != int64_t(population.getUnits()) ||
        info->kind != population.getKind())
      return population.emitError()
             << "its ops describe a " << stringifyPopulationKind(info->kind)
             << " population of " << info->units << " units";
    costs.emplace_back(*info, contexts[p]);
  }
  return costs;
}

} // namespace spnc::s2
