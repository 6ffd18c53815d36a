//===- BuildPEPrograms.cpp - One program per placed slice -----------------===//
//
// For every s2.slice: which values its population reads (ports) and where
// they come from (events of other slices, the host, or the PE's own state),
// the step kernel cut to the slice (SliceKernel.cpp), and the glue of the
// binary contract around it (PEGlue.cpp).
//
//===----------------------------------------------------------------------===//
#include "spnc/Conversion/S2ToPE/S2ToPE.h"

#include "PEGlue.h"
#include "SliceKernel.h"

#include "LayerOps.h"
#include "MachineModel.h"

#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Pipelines/HostPipeline.h"

#include "spinnaker2/abi.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/Transforms/TilingInterfaceImpl.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Transforms/Passes.h"
#include "mlir/Transforms/RegionUtils.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/StringMap.h"

#include <map>

using namespace mlir;

namespace spnc::pe {

namespace {

/// One population of the machine and its ops in the step function.
struct Population {
  s2::PopulationOp op;
  SmallVector<Operation *> members;
  SmallVector<s2::SliceOp> slices;
  /// The values other populations (or other slices) receive as events, in
  /// program order: each slice sends its elements of value k with key
  /// indices after those of values 0 .. k-1 (sentLayout).
  SmallVector<Value> sent;
  /// Values of the population it reads back on the same PE (a unit's own
  /// state).
  llvm::SmallPtrSet<Value, 4> local;
  /// The events the mapping budgeted for (expected activity + 6 sigma).
  uint32_t eventCapacity = 0;
};

/// The elements of one sent value that a slice computes, and the key
/// indices it sends them with: element `first + i` is index `index + i`.
struct SentRange {
  int64_t first = 0, count = 0;
  uint32_t index = 0;
};

/// The key layout of a slice: for every value the population sends, the
/// elements the slice computes (the slice's units of a per-unit value, see
/// KernelRequest::sliceUnits, or the whole value), one after the other in
/// the slice's key block, so that within a value keys increase with the
/// element (the summation order of docs/Backend.md).
std::vector<SentRange> sentLayout(const Population &population,
                                  s2::SliceOp slice) {
  std::vector<SentRange> layout;
  uint32_t index = 0;
  s2::PopulationOp op = population.op; // accessors are not const
  int64_t units = op.getUnits();
  bool sliceUnits = op.getKind() != s2::PopulationKind::vector;
  for (Value value : population.sent) {
    auto type = cast<ShapedType>(value.getType());
    SentRange range;
    if (isPerUnit(type, units, sliceUnits)) {
      range.first = slice.getBegin();
      range.count = slice.getEnd() - slice.getBegin();
    } else {
      range.count = type.getNumElements();
    }
    range.index = index;
    index += uint32_t(range.count);
    layout.push_back(range);
  }
  return layout;
}

/// Where the value of a port comes from.
struct PortSource {
  std::optional<unsigned> hostInput; // graph input index
  bool hostOnce = false;             // a state input: initial value only
  std::optional<unsigned> producer;  // population sending it as events
  Value produced;                    // the producer's value
  uint32_t delay = 0;
  event::StateOp state;              // an event.state read
};

class ProgramBuilder {
public:
  ProgramBuilder(ModuleOp mapped, s2::MachineOp machine, func::FuncOp step)
      : mapped(mapped), machine(machine), step(step) {}

  LogicalResult analyse();
  FailureOr<std::vector<PEProgram>> buildAll();
  FailureOr<PEProgram> build(unsigned population, s2::SliceOp slice);

private:
  FailureOr<PortSource> sourceOf(Value root);
  std::optional<unsigned> populationDefining(Value value) {
    Operation *def = stripGlue(value).getDefiningOp();
    auto it = def ? populationOfOp.find(def) : populationOfOp.end();
    if (it == populationOfOp.end())
      return std::nullopt;
    return it->second;
  }
  static Value stripGlue(Value value) { return s2::stripGlue(value); }

  ModuleOp mapped;
  s2::MachineOp machine;
  func::FuncOp step;
  std::vector<Population> populations;
  llvm::StringMap<unsigned> populationIds;
  llvm::DenseMap<Operation *, unsigned> populationOfOp;
  llvm::StringMap<s2::IOOp> inputIO;
  SmallVector<Value> returned;
  llvm::StringMap<unsigned> outputIndex;
  llvm::DenseMap<StringAttr, Value> stateWrites;
  llvm::DenseSet<unsigned> vectorPopulations;
  unsigned stepsInFlight = 1;
};

LogicalResult ProgramBuilder::analyse() {
  if (auto recorded = machine->getAttrOfType<IntegerAttr>(
          s2::S2Dialect::kStepsInFlightAttrName))
    stepsInFlight = unsigned(recorded.getInt());
  FailureOr<s2::MachineModel> model = s2::loadMachine(machine);
  if (failed(model))
    return failure();
  FailureOr<std::vector<s2::PopulationCost>> costs =
      s2::buildCosts(*model, stepsInFlight);
  if (failed(costs))
    return failure();
  for (Operation &op : machine.getBody().front()) {
    if (auto population = dyn_cast<s2::PopulationOp>(op)) {
      populationIds[population.getSymName()] = populations.size();
      populations.push_back({population, {}, {}, {}, {}, 0});
      if (population.getKind() == s2::PopulationKind::vector)
        vectorPopulations.insert(populations.size() - 1);
    } else if (auto io = dyn_cast<s2::IOOp>(op)) {
      if (io.getDirection() == s2::IODirection::input)
        inputIO[io.getName()] = io;
    }
  }
  for (auto [id, population] : llvm::enumerate(populations))
    population.eventCapacity = (*costs)[id].eventCapacity();
  for (Operation &op : machine.getBody().front())
    if (auto slice = dyn_cast<s2::SliceOp>(op)) {
      if (!slice.isPlaced() || !slice.hasKeys())
        return slice.emitError("PE code generation needs placed slices with "
                               "keys; run s2-place and s2-allocate-keys");
      populations[populationIds.lookup(slice.getPopulation())].slices.push_back(
          slice);
    }
  Block &body = step.getBody().front();
  for (Operation &op : body) {
    auto ref = op.getAttrOfType<SymbolRefAttr>(s2::S2Dialect::kPopulationAttrName);
    if (ref) {
      auto it = populationIds.find(ref.getLeafReference().getValue());
      if (it == populationIds.end())
        return op.emitError() << "names population " << ref
                              << ", which the machine does not have";
      populations[it->second].members.push_back(&op);
      populationOfOp[&op] = it->second;
    }
    if (auto write = dyn_cast<event::StateWriteOp>(op))
      stateWrites[write.getStateAttr().getAttr()] = write.getValue();
    if (auto ret = dyn_cast<func::ReturnOp>(op))
      returned.assign(ret.operand_begin(), ret.operand_end());
  }
  for (unsigned i = 0; i < returned.size(); ++i)
    outputIndex[s2::outputName(step, i)] = i;
  for (Population &population : populations)
    if (population.members.empty())
      return population.op.emitError("no op of the step function belongs to "
                                     "this population");

  // What each population sends: the values others read through matrices or
  // whole, and what its own units read across slices.
  s2::Constness constness(body);
  std::vector<llvm::SetVector<Value>> sentValues(populations.size());
  for (auto [id, population] : llvm::enumerate(populations)) {
    std::optional<s2::LayerInfo> info =
        s2::describePopulationOps(population.members, constness);
    if (!info)
      return failure();
    for (const s2::DataOperand &operand : info->inputs) {
      Value root = stripGlue(operand.value);
      FailureOr<PortSource> source = sourceOf(root);
      if (failed(source))
        return failure();
      if (!source->producer)
        continue;
      // The mapper's rule (s2-build-populations): a unit's own state stays
      // on its PE, and so does all state of a vector population (one PE);
      // everything else travels as events.
      bool own = *source->producer == id;
      if (own && (operand.use == s2::InputUse::Elementwise ||
                  vectorPopulations.contains(id))) {
        population.local.insert(source->produced);
        continue;
      }
      sentValues[*source->producer].insert(source->produced);
    }
  }
  // Sent values in program order (of their ops, then result numbers).
  llvm::DenseMap<Operation *, unsigned> position;
  for (Operation &op : body)
    position[&op] = position.size();
  for (auto [id, population] : llvm::enumerate(populations)) {
    population.sent.assign(sentValues[id].begin(), sentValues[id].end());
    llvm::sort(population.sent, [&](Value a, Value b) {
      auto ra = cast<OpResult>(a), rb = cast<OpResult>(b);
      return std::make_pair(position.lookup(ra.getOwner()),
                            ra.getResultNumber()) <
             std::make_pair(position.lookup(rb.getOwner()),
                            rb.getResultNumber());
    });
    // Keys are abi.h's `source << 19 | index`: every sent element needs an
    // index below the reserved ones.
    for (s2::SliceOp slice : population.slices) {
      if (*slice.getMask() != SPNC_KEY_SOURCE_MASK ||
          *slice.getKey() != uint32_t(*slice.getSource())
                                 << SPNC_KEY_SOURCE_SHIFT)
        return slice.emitError()
               << "PE code generation needs abi.h's keys (source << "
               << SPNC_KEY_SOURCE_SHIFT
               << " | index); run s2-allocate-keys with key-format=abi";
      std::vector<SentRange> layout = sentLayout(population, slice);
      uint64_t keys = layout.empty() ? 0
                                     : uint64_t(layout.back().index) +
                                           uint64_t(layout.back().count);
      if (keys > SPNC_INDEX_RESERVED_FIRST)
        return slice.emitError()
               << "sends " << keys << " values per step; a source has "
               << SPNC_INDEX_RESERVED_FIRST << " key indices";
    }
  }
  return success();
}

FailureOr<std::vector<PEProgram>> ProgramBuilder::buildAll() {
  std::vector<PEProgram> programs;
  for (auto [id, population] : llvm::enumerate(populations))
    for (s2::SliceOp slice : population.slices) {
      FailureOr<PEProgram> program = build(id, slice);
      if (failed(program))
        return failure();
      programs.push_back(std::move(*program));
    }
  return programs;
}

FailureOr<PortSource> ProgramBuilder::sourceOf(Value root) {
  PortSource source;
  if (auto argument = dyn_cast<BlockArgument>(root)) {
    unsigned index = argument.getArgNumber();
    source.hostInput = index;
    s2::IOOp io = inputIO.lookup(s2::inputName(step, index));
    if (io && io.getState()) {
      source.hostOnce = true;
      auto it = outputIndex.find(*io.getState());
      if (it != outputIndex.end()) {
        source.produced = stripGlue(returned[it->second]);
        source.producer = populationDefining(source.produced);
        source.delay = 1;
      }
    }
    return source;
  }
  if (auto read = root.getDefiningOp<event::StateReadOp>()) {
    source.state =
        mapped.lookupSymbol<event::StateOp>(read.getStateAttr().getAttr());
    Value written = stateWrites.lookup(read.getStateAttr().getAttr());
    if (written) {
      source.produced = stripGlue(written);
      source.producer = populationDefining(source.produced);
      source.delay = 1;
    }
    return source;
  }
  source.producer = populationDefining(root);
  if (!source.producer)
    return emitError(root.getLoc())
           << "PE code generation: a value the population reads is not "
              "computed by any population";
  source.produced = root;
  return source;
}

FailureOr<PEProgram> ProgramBuilder::build(unsigned populationId,
                                           s2::SliceOp slice) {
  Population &population = populations[populationId];
  MLIRContext *context = mapped.getContext();
  s2::Constness constness(step.getBody().front());
  llvm::SmallPtrSet<Operation *, 8> members(population.members.begin(),
                                            population.members.end());

  // Ports: the non-constant values the members read from outside.
  llvm::SetVector<Value> ports;
  for (Operation *op : population.members) {
    llvm::SetVector<Value> used(op->operand_begin(), op->operand_end());
    getUsedValuesDefinedAbove(op->getRegions(), used);
    for (Value value : used) {
      if (constness.isConstant(value))
        continue;
      Value root = stripGlue(value);
      if (root.getDefiningOp() && members.contains(root.getDefiningOp()))
        continue;
      ports.insert(root);
    }
  }
  std::vector<PortSource> sources;
  for (Value port : ports) {
    FailureOr<PortSource> source = sourceOf(port);
    if (failed(source))
      return failure();
    sources.push_back(*source);
  }

  // Results the PE exports: what it sends, returns, or keeps.
  llvm::SetVector<Value> results;
  results.insert(population.sent.begin(), population.sent.end());
  for (Value value : returned) {
    Value root = stripGlue(value);
    if (root.getDefiningOp() && members.contains(root.getDefiningOp()))
      results.insert(root);
  }
  for (const PortSource &source : sources)
    if (source.producer == populationId && source.produced)
      results.insert(source.produced);

  PEProgram program;
  program.slice = slice;
  std::string pe = slice.getPe()->str();
  std::replace(pe.begin(), pe.end(), '.', '_');
  program.name = "pe_" + std::to_string(*slice.getChip()) + "_" + pe;
  program.module = ModuleOp::create(slice.getLoc(), program.name);

  KernelRequest request;
  request.ops = population.members;
  request.ports.assign(ports.begin(), ports.end());
  request.results.assign(results.begin(), results.end());
  request.units = population.op.getUnits();
  request.begin = slice.getBegin();
  request.end = slice.getEnd();
  request.sliceUnits =
      population.op.getKind() != s2::PopulationKind::vector;
  FailureOr<KernelInfo> kernel = buildSliceKernel(request, *program.module);
  if (failed(kernel))
    return slice.emitError("cannot build the program of this slice");

  // Buffers: the kernel reads its ports and writes its results in place.
  PassManager pm(context);
  populateBufferizeToOutParamsPipeline(pm,
                                       /*allowReturnAllocsFromLoops=*/false);
  pm.addPass(createCanonicalizerPass());
  if (failed(pm.run(*program.module)))
    return slice.emitError("cannot bufferize the program of this slice");

  // The glue around the kernel.
  GlueSpec glue;
  glue.sourceId = *slice.getSource();
  glue.keyBase = *slice.getKey();
  std::map<uint32_t, uint32_t> producerDelays;
  for (auto [i, port] : llvm::enumerate(ports)) {
    const PortSource &source = sources[i];
    GluePort gluePort;
    gluePort.slice = kernel->ports[i];
    gluePort.hostInput = source.hostInput;
    gluePort.hostOnce = source.hostOnce;
    event::StateOp state = source.state;
    if (state && state.getInitialValue())
      gluePort.initialValue = *state.getInitialValue();
    if (source.producer) {
      Population &producer = populations[*source.producer];
      bool local = *source.producer == populationId &&
                   population.local.contains(source.produced);
      if (local) {
        unsigned resultIndex =
            llvm::find(results, source.produced) - results.begin();
        if (kernel->results[resultIndex].type != gluePort.slice.type ||
            kernel->results[resultIndex].offset != gluePort.slice.offset)
          return slice.emitError()
                 << "port " << i
                 << " is the population's own state but its units on this "
                    "PE differ from the units the PE computes";
        gluePort.copyFromResult = resultIndex;
      } else if (llvm::is_contained(producer.sent, source.produced)) {
        auto events = dyn_cast<event::EventsType>(source.produced.getType());
        gluePort.binary = events && events.getBinary();
        size_t k = llvm::find(producer.sent, source.produced) -
                   producer.sent.begin();
        for (s2::SliceOp producerSlice : producer.slices) {
          uint32_t sourceId = *producerSlice.getSource();
          auto [it, inserted] =
              producerDelays.try_emplace(sourceId, source.delay);
          if (!inserted && it->second != source.delay)
            return slice.emitError()
                   << "receives the events of source " << sourceId
                   << " with delays " << it->second << " and " << source.delay
                   << "; one producer has one delay";
          std::vector<SentRange> layout = sentLayout(producer, producerSlice);
          ProducerSlice entry;
          entry.source = sourceId;
          entry.unitBegin = layout[k].first;
          entry.unitEnd = layout[k].first + layout[k].count;
          entry.indexOffset = layout[k].index;
          entry.keys = layout.back().index + uint32_t(layout.back().count);
          gluePort.producers.push_back(entry);
        }
      } else {
        return slice.emitError()
               << "reads a value of population @" << producer.op.getSymName()
               << " that the population does not send";
      }
    }
    glue.ports.push_back(gluePort);
  }
  std::vector<SentRange> layout = sentLayout(population, slice);
  for (auto [i, result] : llvm::enumerate(results)) {
    GlueResult glueResult;
    glueResult.slice = kernel->results[i];
    glueResult.sent = i < population.sent.size();
    if (glueResult.sent) {
      // The kernel cut the value as the consumers expect (sentLayout).
      const SentRange &range = layout[i];
      if (glueResult.slice.offset != range.first ||
          glueResult.slice.type.getNumElements() != range.count)
        return slice.emitError()
               << "sends elements [" << glueResult.slice.offset << ", "
               << glueResult.slice.offset +
                      glueResult.slice.type.getNumElements()
               << ") of a value whose consumers expect [" << range.first
               << ", " << range.first + range.count << ")";
      glueResult.keyIndex = range.index;
      auto events = dyn_cast<event::EventsType>(result.getType());
      glueResult.events = bool(events);
      glueResult.binary = events && events.getBinary();
    }
    for (auto [j, value] : llvm::enumerate(returned))
      if (stripGlue(value) == result)
        glueResult.hostOutputs.push_back(j);
    glue.results.push_back(glueResult);
  }
  for (auto [sourceId, delay] : producerDelays)
    glue.producers.push_back({sourceId, delay});
  glue.stepsInFlight = stepsInFlight;
  glue.minEventCapacity = population.eventCapacity;
  glue.sendsEndOfStep = false;
  for (Operation &op : machine.getBody().front())
    if (auto projection = dyn_cast<s2::ProjectionOp>(op))
      glue.sendsEndOfStep |=
          projection.getFrom() == population.op.getSymName();
  if (failed(makeBuffersStatic(*program.module)) ||
      failed(rewriteEventDrivenProducts(*program.module)) ||
      failed(buildGlue(glue, *program.module, program.interface)))
    return slice.emitError("cannot build the program of this slice");
  return program;
}

} // namespace

FailureOr<std::vector<PEProgram>> buildPEPrograms(ModuleOp mapped) {
  FailureOr<s2::MachineOp> machine =
      s2::getMachine(mapped, "PE code generation");
  if (failed(machine))
    return failure();
  func::FuncOp step = s2::getStepFunction(*machine);
  if (!step || step.isExternal())
    return machine->emitError("the machine's step function is missing");
  // Slicing asks linalg ops for tiles through their external models.
  DialectRegistry registry;
  linalg::registerTilingInterfaceExternalModels(registry);
  mapped.getContext()->appendDialectRegistry(registry);
  ProgramBuilder builder(mapped, *machine, step);
  if (failed(builder.analyse()))
    return failure();
  return builder.buildAll();
}

} // namespace spnc::pe
