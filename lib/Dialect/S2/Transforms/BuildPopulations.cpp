//===- BuildPopulations.cpp - The s2.machine of a step function -----------===//
//
// Classifies the ops of the step function into populations (docs/
// Backend.md, "From the event dialect to the machine"; the ops that are not
// layer ops are grouped by ClusterGrouping below, docs/Mapping.md), resolves
// where each of their data operands comes from (another population, the
// host, or recurrent state) and writes the s2.machine with populations,
// projections and host I/O.
//
//===----------------------------------------------------------------------===//
#include "LayerOps.h"
#include "MachineModel.h"

#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Dialect/S2/S2Target.h"
#include "spnc/Dialect/S2/Transforms/Passes.h"
#include "spnc/Support/StateConvention.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"

#include <cstdio>
#include <map>
#include <set>

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

struct Edge {
  unsigned from, to;
  std::string port;
  int64_t delay;
  bool operator<(const Edge &o) const {
    return std::tie(from, to, port, delay) <
           std::tie(o.from, o.to, o.port, o.delay);
  }
};

/// Groups the ops that are neither layer ops nor glue (other linalg ops:
/// layer norms, gates, residual additions, ...) into populations.
///
/// Connected ops are merged greedily, the pairs that exchange the most
/// values first (a value between two populations costs packets every step),
/// under three rules:
///  - the population graph stays acyclic in the same step: a merge must not
///    put an op outside the pair on a path between its two groups (a PE
///    computes its population once per step, after all of its inputs);
///  - elementwise groups over one shape merge first and stay unit-parallel;
///    groups over different shapes meet only through a vector group (a
///    reduction, a broadcast), never directly;
///  - a vector group runs on one PE, so a merge that makes one is refused
///    when its constants, intermediates and inputs need more than half of a
///    PE's data memory (the rest is stack, event buffers and code data).
/// Layer ops (cells, matvecs, generators, gathers) are never merged. The
/// result is what a PE (or a few, unit-parallel) can hold: a LayerNorm with
/// the elementwise ops next to it is one vector population, an elementwise
/// chain between two matvecs is one unit-parallel population.
class ClusterGrouping {
public:
  ClusterGrouping(Block &body, ArrayRef<Operation *> layerOps,
                  ArrayRef<Operation *> clusterOps, const Constness &constness,
                  const llvm::DenseMap<Value, Value> &delayedSources,
                  uint64_t vectorBudget);
  /// The groups, each in program order, ordered by their first op.
  std::vector<SmallVector<Operation *>> run();

private:
  struct Node {
    Operation *op = nullptr;
    bool layer = false;
    std::optional<SmallVector<int64_t>> shape; // elementwise shape
  };
  /// Node `to` reads a value of node `from` (delayed: through state, at the
  /// next step).
  struct Use {
    unsigned from, to;
    Value value;
    bool delayed;
  };
  unsigned find(unsigned n) {
    while (parent[n] != n)
      n = parent[n] = parent[parent[n]];
    return n;
  }
  /// The elementwise shape of a group, or nullopt for a vector group.
  std::optional<SmallVector<int64_t>> shapeOf(ArrayRef<unsigned> group) const;
  /// Constants, intermediates and inputs of the ops of a vector group.
  uint64_t vectorBytes(ArrayRef<unsigned> group) const;
  /// True if no group outside {a, b} lies on a same-step path between them.
  bool convex(unsigned a, unsigned b);
  bool reaches(unsigned from, unsigned target, unsigned skip);
  /// Tries to merge the groups of a and b; `elementwiseOnly` restricts it
  /// to two elementwise groups of one shape.
  bool tryMerge(unsigned a, unsigned b, bool elementwiseOnly);
  /// One greedy pass over the connected pairs, heaviest first.
  bool pass(bool elementwiseOnly);

  const Constness &constness;
  uint64_t vectorBudget;
  std::vector<Node> nodes;
  llvm::DenseMap<Operation *, unsigned> nodeOf;
  std::vector<Use> uses;
  std::vector<SmallVector<unsigned>> usesFrom; // same-step uses by producer
  std::vector<unsigned> parent;
  std::vector<SmallVector<unsigned>> members; // valid at roots
};

ClusterGrouping::ClusterGrouping(
    Block &body, ArrayRef<Operation *> layerOps,
    ArrayRef<Operation *> clusterOps, const Constness &constness,
    const llvm::DenseMap<Value, Value> &delayedSources, uint64_t vectorBudget)
    : constness(constness), vectorBudget(vectorBudget) {
  llvm::SmallPtrSet<Operation *, 16> layer(layerOps.begin(), layerOps.end()),
      cluster(clusterOps.begin(), clusterOps.end());
  auto isConstant = [&](Value value) { return constness.isConstant(value); };
  for (Operation &op : body) {
    if (!layer.contains(&op) && !cluster.contains(&op))
      continue;
    Node node;
    node.op = &op;
    node.layer = layer.contains(&op);
    if (!node.layer)
      node.shape = elementwiseShape(&op, isConstant);
    nodeOf[&op] = nodes.size();
    nodes.push_back(std::move(node));
  }
  usesFrom.resize(nodes.size());
  for (auto [to, node] : llvm::enumerate(nodes)) {
    llvm::SetVector<Value> used(node.op->operand_begin(),
                                node.op->operand_end());
    getUsedValuesDefinedAbove(node.op->getRegions(), used);
    for (Value value : used) {
      if (constness.isConstant(value))
        continue;
      Value root = stripGlue(value);
      bool delayed = false;
      if (auto it = delayedSources.find(root); it != delayedSources.end()) {
        root = it->second;
        delayed = true;
      }
      Operation *def = root.getDefiningOp();
      auto from = def ? nodeOf.find(def) : nodeOf.end();
      if (from == nodeOf.end() || (from->second == to && !delayed))
        continue;
      if (!delayed)
        usesFrom[from->second].push_back(uses.size());
      uses.push_back({from->second, unsigned(to), root, delayed});
    }
  }
  parent.resize(nodes.size());
  members.resize(nodes.size());
  for (unsigned n = 0; n < nodes.size(); ++n) {
    parent[n] = n;
    members[n].push_back(n);
  }
}

std::optional<SmallVector<int64_t>>
ClusterGrouping::shapeOf(ArrayRef<unsigned> group) const {
  const std::optional<SmallVector<int64_t>> &first = nodes[group.front()].shape;
  for (unsigned n : group)
    if (!nodes[n].shape || !first || *nodes[n].shape != *first)
      return std::nullopt;
  return first;
}

uint64_t ClusterGrouping::vectorBytes(ArrayRef<unsigned> group) const {
  auto isConstant = [&](Value value) { return constness.isConstant(value); };
  llvm::SmallPtrSet<Operation *, 16> ops;
  for (unsigned n : group)
    ops.insert(nodes[n].op);
  llvm::SetVector<Value> constants, inputs;
  uint64_t bytes = 0;
  for (unsigned n : group) {
    Operation *op = nodes[n].op;
    for (Value value : constantsOf(op, isConstant))
      constants.insert(value);
    for (Value result : op->getResults())
      bytes += tensorBytes(result);
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    for (Value value : used) {
      Value root = stripGlue(value);
      if (!constness.isConstant(value) && !ops.contains(root.getDefiningOp()))
        inputs.insert(root);
    }
  }
  for (Value value : constants)
    bytes += tensorBytes(value);
  for (Value value : inputs)
    bytes += tensorBytes(value);
  return bytes;
}

bool ClusterGrouping::reaches(unsigned from, unsigned target, unsigned skip) {
  // Depth-first over groups along same-step uses, starting at the groups
  // `from` feeds other than `skip` (the direct edge to the partner).
  llvm::DenseSet<unsigned> visited{from};
  SmallVector<unsigned> stack;
  auto push = [&](unsigned group, bool first) {
    for (unsigned m : members[group])
      for (unsigned u : usesFrom[m]) {
        unsigned next = find(uses[u].to);
        if (next == group || (first && next == skip))
          continue;
        if (visited.insert(next).second)
          stack.push_back(next);
      }
  };
  push(from, true);
  while (!stack.empty()) {
    unsigned group = stack.pop_back_val();
    if (group == target)
      return true;
    push(group, false);
  }
  return false;
}

bool ClusterGrouping::convex(unsigned a, unsigned b) {
  return !reaches(a, b, b) && !reaches(b, a, a);
}

bool ClusterGrouping::tryMerge(unsigned a, unsigned b, bool elementwiseOnly) {
  a = find(a);
  b = find(b);
  if (a == b || nodes[a].layer || nodes[b].layer)
    return false;
  std::optional<SmallVector<int64_t>> shapeA = shapeOf(members[a]),
                                      shapeB = shapeOf(members[b]);
  SmallVector<unsigned> merged(members[a]);
  merged.append(members[b]);
  llvm::sort(merged);
  if (shapeA && shapeB) {
    if (*shapeA != *shapeB)
      return false; // widths meet only through a vector group
  } else if (elementwiseOnly || vectorBytes(merged) > vectorBudget) {
    return false;
  }
  if (!convex(a, b))
    return false;
  parent[b] = a;
  members[a] = std::move(merged);
  members[b].clear();
  return true;
}

bool ClusterGrouping::pass(bool elementwiseOnly) {
  // Values exchanged per pair of groups (each value counted once).
  std::map<std::pair<unsigned, unsigned>, int64_t> weights;
  std::set<std::tuple<unsigned, unsigned, void *>> counted;
  for (const Use &use : uses) {
    unsigned a = find(use.from), b = find(use.to);
    if (a == b || nodes[a].layer || nodes[b].layer)
      continue;
    auto pair = std::minmax(a, b);
    if (counted.insert({pair.first, pair.second, use.value.getAsOpaquePointer()})
            .second)
      weights[pair] += tensorElements(use.value);
  }
  std::vector<std::pair<std::pair<unsigned, unsigned>, int64_t>> order(
      weights.begin(), weights.end());
  // Heaviest first; ties in program order (node ids are program order).
  std::stable_sort(order.begin(), order.end(), [](const auto &x, const auto &y) {
    return x.second > y.second;
  });
  bool changed = false;
  for (const auto &[pair, weight] : order)
    changed |= tryMerge(pair.first, pair.second, elementwiseOnly);
  return changed;
}

std::vector<SmallVector<Operation *>> ClusterGrouping::run() {
  // Elementwise chains first, then vector groups with what they touch;
  // a merge can make another one convex, so repeat until nothing changes.
  bool changed = true;
  while (changed) {
    while (pass(/*elementwiseOnly=*/true))
      ;
    changed = pass(/*elementwiseOnly=*/false);
  }
  std::vector<SmallVector<Operation *>> groups;
  for (unsigned n = 0; n < nodes.size(); ++n) {
    if (nodes[n].layer || find(n) != n)
      continue;
    SmallVector<Operation *> ops;
    for (unsigned m : members[n])
      ops.push_back(nodes[m].op);
    groups.push_back(std::move(ops));
  }
  llvm::sort(groups, [&](const auto &x, const auto &y) {
    return nodeOf.lookup(x.front()) < nodeOf.lookup(y.front());
  });
  return groups;
}

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

  // 1. Classify: layer ops, other linalg ops (grouped below), glue, state.
  SmallVector<Operation *> layerOps, clusterOps;
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
    } else {
      InFlightDiagnostic diagnostic =
          op.emitError() << "'" << op.getName()
                         << "' is not supported on SpiNNaker 2 yet; run with "
                            "--target=host";
      if (op.getName().getStringRef() == "scf.for")
        diagnostic << ", or compile a loop over time (ONNX GRU/LSTM/RNN) as "
                      "a one-step function with --sequence-to-step";
      // Typically the slicing of weights a model takes as graph inputs.
      for (Value operand : op.getOperands())
        if (auto argument = dyn_cast<BlockArgument>(stripGlue(operand));
            argument && argument.getOwner() == &body) {
          diagnostic << " (it reads graph input '"
                     << inputName(step, argument.getArgNumber())
                     << "' at run time: bind weights given as graph inputs to "
                        "files with --bind-input=NAME=FILE, and compile models "
                        "that loop over time with --sequence-to-step)";
          break;
        }
      unsupported = true;
    }
  }
  if (unsupported)
    return signalPassFailure();

  // Values that recurrent state carries from one step to the next: a state
  // input (docs/StateConvention.md) or event.state read is, at the next
  // step, the value its paired output or event.state_write had.
  SmallVector<Value> returned;
  llvm::DenseMap<StringAttr, Value> stateWrites;
  for (Operation &op : body) {
    if (auto write = dyn_cast<event::StateWriteOp>(op))
      stateWrites[write.getStateAttr().getAttr()] = write.getValue();
    else if (auto ret = dyn_cast<func::ReturnOp>(op))
      returned.assign(ret.operand_begin(), ret.operand_end());
  }
  llvm::StringMap<unsigned> outputIndex;
  for (unsigned i = 0; i < returned.size(); ++i)
    outputIndex[outputName(step, i)] = i;
  // State inputs and the outputs that carry their next value.
  struct StatePartner {
    std::string name;
    Value output;
  };
  std::vector<std::optional<StatePartner>> statePartners(
      body.getNumArguments());
  llvm::DenseMap<Value, Value> delayedSources;
  for (BlockArgument argument : body.getArguments()) {
    std::optional<std::string> partner =
        getStateOutputName(inputName(step, argument.getArgNumber()));
    if (!partner || !outputIndex.contains(*partner))
      continue;
    Value output = returned[outputIndex.lookup(*partner)];
    if (output.getType() != argument.getType())
      continue;
    statePartners[argument.getArgNumber()] = StatePartner{*partner, output};
    delayedSources[argument] = stripGlue(output);
  }
  for (auto read : body.getOps<event::StateReadOp>())
    if (Value written = stateWrites.lookup(read.getStateAttr().getAttr()))
      delayedSources[read.getResult()] = stripGlue(written);

  // 2. Populations in program order: layer ops alone, the other linalg ops
  // in groups (a group where its first op is).
  uint64_t vectorBudget = target->chip.sramDataBytes / 2;
  std::vector<SmallVector<Operation *>> groups =
      ClusterGrouping(body, layerOps, clusterOps, constness, delayedSources,
                      vectorBudget)
          .run();
  llvm::DenseMap<Operation *, unsigned> groupOf;
  for (auto [g, group] : llvm::enumerate(groups))
    groupOf[group.front()] = g;
  std::vector<PopulationInfo> populations;
  llvm::DenseMap<Operation *, unsigned> populationOf;
  std::map<std::string, unsigned> counts;
  llvm::SmallPtrSet<Operation *, 16> layerSet(layerOps.begin(), layerOps.end());
  for (Operation &op : body) {
    if (populationOf.contains(&op))
      continue;
    SmallVector<Operation *> members;
    if (layerSet.contains(&op))
      members.push_back(&op);
    else if (auto it = groupOf.find(&op); it != groupOf.end())
      members = groups[it->second];
    else
      continue;
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
  for (Operation &op : body) {
    if (auto read = dyn_cast<event::StateReadOp>(op)) {
      sources[read.getResult()] = {Source::State, 0,
                                   read.getStateAttr().getAttr()};
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
  // State inputs whose paired output a population produces.
  std::vector<std::optional<unsigned>> stateProducer(body.getNumArguments());
  std::vector<std::string> statePartner(body.getNumArguments());
  for (auto [i, partner] : llvm::enumerate(statePartners)) {
    if (!partner)
      continue;
    stateProducer[i] = producerOf(partner->output);
    if (stateProducer[i])
      statePartner[i] = partner->name;
  }

  // 4. Projections, host inputs and local state.
  std::map<Edge, double> fanOuts; // the largest fan-out of each edge
  std::vector<llvm::SetVector<unsigned>> consumersOf(body.getNumArguments());
  // The values each population sends (its packets per step are their
  // elements, all of them for dense values).
  std::vector<llvm::SetVector<Value>> sent(populations.size());
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
      // A unit's own state stays on its PE, and so does all state of a
      // vector population (one PE).
      if (*from == p && (operand.use == InputUse::Elementwise ||
                         info.kind == PopulationKind::vector))
        continue;
      double fanOut = 1;
      if (operand.use == InputUse::Matrix)
        fanOut = fanOutThrough(info.weights[operand.weight], info.units);
      else if (operand.use == InputUse::Whole)
        fanOut = double(info.units);
      if (fanOut <= 0)
        continue; // all weights of the operand are zero: nothing to send
      double &slot = fanOuts[{*from, p, operand.port, delay}];
      slot = std::max(slot, fanOut);
      Value root = stripGlue(operand.value);
      sent[*from].insert(delay ? delayedSources.lookup(root) : root);
    }
  }
  std::vector<int64_t> sentKeys(populations.size(), 0);
  for (auto [p, values] : llvm::enumerate(sent))
    for (Value value : values)
      sentKeys[p] += tensorElements(value);

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
        builder.getF64FloatAttr(double(sentKeys[edge.from]) * from.rate),
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
