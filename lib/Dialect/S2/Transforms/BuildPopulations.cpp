//===- BuildPopulations.cpp - The s2.machine of a step function -----------===//
//
// Classifies the ops of the step function into populations (docs/
// Backend.md, "From the event dialect to the machine"), resolves where each
// of their data operands comes from (another population, the host, or
// recurrent state) and writes the s2.machine with populations, projections
// and host I/O.
//
//===----------------------------------------------------------------------===//
#include "LayerOps.h"
#include "MachineModel.h"

#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Dialect/S2/S2Target.h"
#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/SetVector.h"

#include <cstdio>
#include <map>

namespace spnc {
#define GEN_PASS_DEF_S2BUILDPOPULATIONS
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

/// Where a non-constant value comes from.
struct Source {
  enum Kind { Population, Input, State } kind = Population;
  unsigned index = 0;    // population id or argument number
  StringAttr state;      // event.state symbol
};

struct PopulationInfo {
  LayerInfo info;
  std::string name;
  double rate = 1;
};

/// The state convention's pairing rule (docs/StateConvention.md; the same
/// rule as spnc::getStateOutputName in lib/Runner/Stepping.cpp, which this
/// library cannot link): `<base>_prev<rest>` pairs with `<base><rest>`.
std::optional<std::string> stateOutputName(StringRef inputName) {
  constexpr StringLiteral marker = "_prev";
  size_t position = inputName.find(marker);
  while (position != StringRef::npos) {
    StringRef base = inputName.take_front(position);
    StringRef rest = inputName.drop_front(position + marker.size());
    if (!base.empty() &&
        (rest.empty() || rest.front() == '_' || rest.front() == '.'))
      return (base + rest).str();
    position = inputName.find(marker, position + 1);
  }
  return std::nullopt;
}

struct Edge {
  unsigned from, to;
  std::string port;
  int64_t delay;
  bool operator<(const Edge &o) const {
    return std::tie(from, to, port, delay) <
           std::tie(o.from, o.to, o.port, o.delay);
  }
};

class BuildPopulations
    : public spnc::impl::S2BuildPopulationsBase<BuildPopulations> {
public:
  using Base::Base;
  void runOnOperation() override;

private:
  func::FuncOp findStepFunction(ModuleOp module);
};

func::FuncOp BuildPopulations::findStepFunction(ModuleOp module) {
  if (!function.empty()) {
    auto named = module.lookupSymbol<func::FuncOp>(function);
    if (!named || named.isExternal()) {
      module.emitError() << "no function @" << function << " with a body";
      return {};
    }
    return named;
  }
  SmallVector<func::FuncOp> candidates;
  for (func::FuncOp f : module.getOps<func::FuncOp>())
    if (f.isPublic() && !f.isExternal())
      candidates.push_back(f);
  if (candidates.size() != 1) {
    module.emitError() << "expected one public function with a body (the step "
                          "function), found "
                       << candidates.size() << "; name it with function=";
    return {};
  }
  return candidates.front();
}

void BuildPopulations::runOnOperation() {
  ModuleOp module = getOperation();
  MLIRContext *context = &getContext();
  if (!module.getOps<MachineOp>().empty()) {
    module.emitError() << "the module already has an s2.machine";
    return signalPassFailure();
  }
  func::FuncOp step = findStepFunction(module);
  if (!step)
    return signalPassFailure();
  std::string error;
  const spinnaker2::SystemModel *target = lookupSystem(system, error);
  if (!target) {
    module.emitError() << "target system '" << system << "': " << error;
    return signalPassFailure();
  }
  std::string level = dvfs.empty() ? target->chip.defaultDVFSLevel : dvfs;
  if (!target->chip.findDVFSLevel(level)) {
    module.emitError() << "DVFS level '" << level
                       << "' is not a level of the chip";
    return signalPassFailure();
  }
  if (!(defaultActivity >= 0 && defaultActivity <= 1)) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", double(defaultActivity));
    module.emitError() << "default-activity " << text
                       << " is not a rate between 0 and 1";
    return signalPassFailure();
  }

  Block &body = step.getBody().front();
  Constness constness(body);
  auto isConstant = [&](Value value) { return constness.isConstant(value); };

  // 1. Classify: layer ops, clusters of other linalg ops, glue, state.
  SmallVector<Operation *> layerOps, clusterOps;
  llvm::EquivalenceClasses<Operation *> clusters;
  bool unsupported = false;
  for (Operation &op : body) {
    auto isDynamic = [&](Value value) { return !constness.isConstant(value); };
    bool dynamic = isa<event::StateReadOp, event::StateWriteOp,
                       func::ReturnOp>(op) ||
                   llvm::any_of(op.getResults(), isDynamic) ||
                   (op.getNumResults() == 0 &&
                    llvm::any_of(op.getOperands(), isDynamic));
    if (!dynamic || isGlueOp(&op) ||
        isa<event::StateReadOp, event::StateWriteOp, func::ReturnOp>(op))
      continue;
    if (isLayerOp(&op, isConstant)) {
      layerOps.push_back(&op);
    } else if (isa<linalg::LinalgOp>(op)) {
      clusterOps.push_back(&op);
      clusters.insert(&op);
      llvm::SetVector<Value> used(op.operand_begin(), op.operand_end());
      getUsedValuesDefinedAbove(op.getRegions(), used);
      for (Value value : used) {
        Operation *producer = stripGlue(value).getDefiningOp();
        if (producer && clusters.contains(producer))
          clusters.unionSets(producer, &op);
      }
    } else {
      op.emitError() << "'" << op.getName()
                     << "' is not supported on SpiNNaker 2 yet; run with "
                        "--target=host";
      unsupported = true;
    }
  }
  if (unsupported)
    return signalPassFailure();

  // 2. Populations in program order (a cluster where its first op is).
  std::vector<PopulationInfo> populations;
  llvm::DenseMap<Operation *, unsigned> populationOf;
  std::map<std::string, unsigned> counts;
  llvm::SmallPtrSet<Operation *, 16> layerSet(layerOps.begin(), layerOps.end());
  for (Operation &op : body) {
    if (populationOf.contains(&op))
      continue;
    SmallVector<Operation *> members;
    if (layerSet.contains(&op)) {
      members.push_back(&op);
    } else if (clusters.contains(&op)) {
      Operation *leader = clusters.getLeaderValue(&op);
      for (Operation *member : clusterOps)
        if (clusters.getLeaderValue(member) == leader)
          members.push_back(member);
    } else {
      continue;
    }
    std::optional<LayerInfo> info = describePopulationOps(members, constness);
    if (!info)
      return signalPassFailure();
    PopulationInfo population;
    population.name =
        info->mnemonic + "_" + std::to_string(counts[info->mnemonic]++);
    population.rate = info->sendsEvents ? defaultActivity : 1.0;
    population.info = std::move(*info);
    for (Operation *member : members)
      populationOf[member] = populations.size();
    populations.push_back(std::move(population));
  }

  // 3. Where every non-constant value comes from.
  llvm::DenseMap<Value, Source> sources;
  for (BlockArgument argument : body.getArguments())
    sources[argument] = {Source::Input, argument.getArgNumber(), {}};
  llvm::DenseMap<StringAttr, Value> stateWrites;
  SmallVector<Value> returned;
  for (Operation &op : body) {
    if (auto read = dyn_cast<event::StateReadOp>(op)) {
      sources[read.getResult()] = {Source::State, 0,
                                   read.getStateAttr().getAttr()};
    } else if (auto write = dyn_cast<event::StateWriteOp>(op)) {
      stateWrites[write.getStateAttr().getAttr()] = write.getValue();
    } else if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      returned.assign(ret.operand_begin(), ret.operand_end());
    } else if (isGlueOp(&op)) {
      auto it = sources.find(op.getOperand(0));
      if (it != sources.end())
        for (Value result : op.getResults())
          sources[result] = it->second;
    } else if (populationOf.contains(&op)) {
      for (Value result : op.getResults())
        sources[result] = {Source::Population, populationOf.lookup(&op), {}};
    }
  }
  auto producerOf = [&](Value value) -> std::optional<unsigned> {
    auto it = value ? sources.find(value) : sources.end();
    if (it == sources.end() || it->second.kind != Source::Population)
      return std::nullopt;
    return it->second.index;
  };
  llvm::StringMap<unsigned> outputIndex;
  for (unsigned i = 0; i < returned.size(); ++i)
    outputIndex[outputName(step, i)] = i;
  // State inputs whose paired output a population produces.
  std::vector<std::optional<unsigned>> stateProducer(body.getNumArguments());
  std::vector<std::string> statePartner(body.getNumArguments());
  for (BlockArgument argument : body.getArguments()) {
    std::optional<std::string> partner =
        stateOutputName(inputName(step, argument.getArgNumber()));
    if (!partner || !outputIndex.contains(*partner))
      continue;
    Value output = returned[outputIndex.lookup(*partner)];
    if (output.getType() != argument.getType())
      continue;
    stateProducer[argument.getArgNumber()] = producerOf(output);
    if (stateProducer[argument.getArgNumber()])
      statePartner[argument.getArgNumber()] = *partner;
  }

  // 4. Projections, host inputs and local state.
  std::map<Edge, double> fanOuts; // the largest fan-out of each edge
  std::vector<llvm::SetVector<unsigned>> consumersOf(body.getNumArguments());
  for (unsigned p = 0; p < populations.size(); ++p) {
    const LayerInfo &info = populations[p].info;
    for (const DataOperand &operand : info.inputs) {
      auto it = sources.find(operand.value);
      if (it == sources.end())
        continue;
      const Source &source = it->second;
      std::optional<unsigned> from;
      int64_t delay = 0;
      if (source.kind == Source::Population) {
        from = source.index;
      } else if (source.kind == Source::Input) {
        consumersOf[source.index].insert(p);
        from = stateProducer[source.index];
        delay = 1;
      } else {
        Value written = stateWrites.lookup(source.state);
        from = producerOf(written);
        if (!from) {
          info.ops.front()->emitError()
              << "'" << info.ops.front()->getName() << "' reads event.state @" << source.state.getValue()
              << ", which no mapped op writes";
          return signalPassFailure();
        }
        delay = 1;
      }
      if (!from)
        continue; // a host input
      if (*from == p && operand.use == InputUse::Elementwise)
        continue; // a unit's own state stays on its PE
      double fanOut = 1;
      if (operand.use == InputUse::Matrix)
        fanOut = fanOutThrough(info.weights[operand.weight], info.units);
      else if (operand.use == InputUse::Whole)
        fanOut = double(info.units);
      if (fanOut <= 0)
        continue; // all weights of the operand are zero: nothing to send
      double &slot = fanOuts[{*from, p, operand.port, delay}];
      slot = std::max(slot, fanOut);
    }
  }

  // 5. The machine.
  SymbolTable symbols(module);
  OpBuilder builder(context);
  builder.setInsertionPointToEnd(module.getBody());
  Location loc = step.getLoc();
  auto machine = MachineOp::create(
      builder, loc, builder.getStringAttr("machine"),
      FlatSymbolRefAttr::get(step.getSymNameAttr()),
      builder.getStringAttr(system), builder.getStringAttr(level));
  symbols.insert(machine); // renamed if "machine" is taken
  Block *machineBody = builder.createBlock(&machine.getBody());
  builder.setInsertionPointToEnd(machineBody);
  auto ref = [&](unsigned p) {
    return FlatSymbolRefAttr::get(context, populations[p].name);
  };
  for (const PopulationInfo &population : populations) {
    auto op = PopulationOp::create(
        builder, population.info.ops.front()->getLoc(),
        builder.getStringAttr(population.name),
        PopulationKindAttr::get(context, population.info.kind),
        builder.getI64IntegerAttr(population.info.units),
        builder.getF64FloatAttr(population.rate),
        builder.getStringAttr(
            population.info.ops.front()->getName().getStringRef()));
    auto populationRef = SymbolRefAttr::get(
        machine.getSymNameAttr(), {FlatSymbolRefAttr::get(op.getSymNameAttr())});
    for (Operation *member : population.info.ops)
      member->setAttr(S2Dialect::kPopulationAttrName, populationRef);
  }
  for (const auto &[edge, fanOut] : fanOuts) {
    const PopulationInfo &from = populations[edge.from];
    ProjectionOp::create(
        builder, loc, ref(edge.from), ref(edge.to),
        builder.getStringAttr(edge.port), builder.getF64FloatAttr(fanOut),
        builder.getF64FloatAttr(double(from.info.units) * from.rate),
        builder.getI64IntegerAttr(edge.delay));
  }
  for (BlockArgument argument : body.getArguments()) {
    unsigned i = argument.getArgNumber();
    SmallVector<Attribute> consumers;
    for (unsigned p : consumersOf[i])
      consumers.push_back(ref(p));
    IOOp::create(builder, loc,
                 IODirectionAttr::get(context, IODirection::input),
                 builder.getStringAttr(inputName(step, i)),
                 builder.getArrayAttr(consumers),
                 statePartner[i].empty()
                     ? StringAttr()
                     : builder.getStringAttr(statePartner[i]));
  }
  for (unsigned i = 0; i < returned.size(); ++i) {
    SmallVector<Attribute> producers;
    if (std::optional<unsigned> p = producerOf(returned[i]))
      producers.push_back(ref(*p));
    IOOp::create(builder, loc,
                 IODirectionAttr::get(context, IODirection::output),
                 builder.getStringAttr(outputName(step, i)),
                 builder.getArrayAttr(producers), StringAttr());
  }
}

} // namespace
