//===- S2Dialect.cpp - The SpiNNaker 2 hardware dialect -------------------===//
#include "spnc/Dialect/S2/S2Dialect.h"
#include "spnc/Dialect/S2/S2Target.h"

#include "spnc-mapping/Keys.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/Format.h"

#include <cmath>
#include <map>

using namespace mlir;
using namespace spnc::s2;

//===----------------------------------------------------------------------===//
// Custom directives
//===----------------------------------------------------------------------===//

/// A 32-bit key or mask, printed as 0x%08x (any integer literal parses).
static ParseResult parseHex(OpAsmParser &parser, IntegerAttr &attr) {
  SMLoc loc = parser.getCurrentLocation();
  uint64_t value;
  if (parser.parseInteger(value))
    return failure();
  if (value > 0xFFFFFFFFull)
    return parser.emitError(loc, "expected a 32-bit value");
  attr = parser.getBuilder().getIntegerAttr(parser.getBuilder().getI32Type(),
                                            APInt(32, value));
  return success();
}

static void printHex(OpAsmPrinter &printer, Operation *, IntegerAttr attr) {
  printer << llvm::format_hex(attr.getValue().getZExtValue(), 10);
}

static std::string num(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

static std::string hex(uint32_t value) {
  std::string text;
  llvm::raw_string_ostream(text) << llvm::format_hex(value, 10);
  return text;
}

#include "spnc/Dialect/S2/S2OpsDialect.cpp.inc"
#include "spnc/Dialect/S2/S2OpsEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "spnc/Dialect/S2/S2OpsAttrs.cpp.inc"

#define GET_OP_CLASSES
#include "spnc/Dialect/S2/S2Ops.cpp.inc"

void S2Dialect::initialize() {
  addAttributes<
#define GET_ATTRDEF_LIST
#include "spnc/Dialect/S2/S2OpsAttrs.cpp.inc"
      >();
  addOperations<
#define GET_OP_LIST
#include "spnc/Dialect/S2/S2Ops.cpp.inc"
      >();
}

LogicalResult S2Dialect::verifyOperationAttribute(Operation *op,
                                                  NamedAttribute attribute) {
  if (attribute.getName() == kStepsInFlightAttrName) {
    auto steps = dyn_cast<IntegerAttr>(attribute.getValue());
    if (!isa<MachineOp>(op) || !steps || steps.getInt() < 1 ||
        steps.getInt() > 64)
      return op->emitError() << "'" << kStepsInFlightAttrName
                             << "' must be an integer from 1 to 64 on an "
                                "s2.machine";
    return success();
  }
  if (attribute.getName() != kPopulationAttrName)
    return op->emitError() << "unknown s2 attribute '"
                           << attribute.getName().getValue() << "'";
  auto ref = dyn_cast<SymbolRefAttr>(attribute.getValue());
  if (!ref)
    return op->emitError() << "'" << kPopulationAttrName
                           << "' must be a symbol reference to an "
                              "s2.population (@machine::@population)";
  Operation *target = SymbolTable::lookupNearestSymbolFrom(op, ref);
  if (!isa_and_nonnull<PopulationOp>(target))
    return op->emitError() << "'" << kPopulationAttrName << "' names " << ref
                           << ", which is not an s2.population";
  return success();
}

//===----------------------------------------------------------------------===//
// Local verifiers
//===----------------------------------------------------------------------===//

LogicalResult PopulationOp::verify() {
  if (int64_t(getUnits()) <= 0)
    return emitOpError() << "has " << int64_t(getUnits())
                         << " units; expected at least 1";
  double rate = getRate().convertToDouble();
  if (!std::isfinite(rate) || rate < 0 || rate > 1)
    return emitOpError() << "rate " << num(rate)
                         << " is not an expected number of events per unit "
                            "and step (0 to 1)";
  return success();
}

LogicalResult ProjectionOp::verify() {
  double fanOut = getFanOut().convertToDouble();
  if (!std::isfinite(fanOut) || fanOut < 0)
    return emitOpError() << "fan-out " << num(fanOut) << " is not a number >= 0";
  double packets = getPackets().convertToDouble();
  if (!std::isfinite(packets) || packets < 0)
    return emitOpError() << "expects " << num(packets)
                         << " packets per step; expected a number >= 0";
  if (getDelay() != 0 && getDelay() != 1)
    return emitOpError() << "delay " << getDelayAttr().getInt()
                         << " is neither 0 (same step) nor 1 (next step)";
  return success();
}

LogicalResult IOOp::verify() {
  if (getStateAttr() && getDirection() != IODirection::input)
    return emitOpError() << "output '" << getName()
                         << "' cannot pair with a state; only inputs do";
  return success();
}

/// True for masks of the form 1...10...0.
static bool isBlockMask(uint32_t mask) {
  uint32_t low = ~mask;
  return (low & (low + 1)) == 0;
}

LogicalResult SliceOp::verify() {
  if (int64_t(getBegin()) < 0 || int64_t(getEnd()) <= int64_t(getBegin()))
    return emitOpError() << "unit range [" << int64_t(getBegin()) << ", "
                         << int64_t(getEnd())
                         << ") is empty or negative";
  if (bool(getChipAttr()) != bool(getPeAttr()))
    return emitOpError() << "needs both 'chip' and 'pe' once placed";
  if (getPeAttr() && !parsePE(*getPe()))
    return emitOpError() << "PE '" << *getPe() << "' is not of the form qx.qy.qp";
  int keyed = bool(getSourceAttr()) + bool(getKeyAttr()) + bool(getMaskAttr());
  if (keyed != 0 && keyed != 3)
    return emitOpError() << "needs 'source', 'key' and 'mask' together";
  if (keyed) {
    uint32_t key = *getKey(), mask = *getMask();
    if (key & ~mask)
      return emitOpError() << "key " << hex(key) << " has bits outside its mask "
                           << hex(mask);
    if (!isBlockMask(mask))
      return emitOpError() << "mask " << hex(mask)
                           << " is not a block mask (ones, then zeros)";
    uint64_t block = uint64_t(~mask) + 1;
    // The last index of the block is the end-of-step key.
    if (uint64_t(getUnits()) + SPNC_MAP_BLOCK_RESERVED > block)
      return emitOpError() << "key block of " << block << " keys cannot hold "
                           << getUnits() << " units and the end-of-step key";
    if (uint64_t(key) + block > uint64_t(SPNC_MAP_EVENT_KEY_LIMIT))
      return emitOpError() << "key block " << hex(key) << "/" << hex(mask)
                           << " reaches the control range (keys >= "
                           << hex(SPNC_MAP_CONTROL_KEY_BASE) << ")";
  }
  return success();
}

LogicalResult RoutingTableOp::verify() {
  for (Operation &op : getBody().front())
    if (!isa<RouteOp>(op))
      return op.emitOpError() << "is not allowed in a routing table";
  if (getUncompressedEntriesAttr() &&
      getUncompressedEntriesAttr().getInt() < 0)
    return emitOpError() << "had " << getUncompressedEntriesAttr().getInt()
                         << " entries before compression";
  return success();
}

LogicalResult RouteOp::verify() {
  uint32_t key = getKey(), mask = getMask();
  if (key & ~mask)
    return emitOpError() << "key " << hex(key) << " has bits outside its mask "
                         << hex(mask);
  if (getArrival().empty())
    return emitOpError() << "says nothing about where its packets arrive from";
  llvm::StringSet<> seen;
  for (StringRef from : getArrival().getAsValueRange<StringAttr>()) {
    if (from != kLocalArrival && !parseLink(from))
      return emitOpError() << "arrival '" << from
                           << "' is neither 'local' nor a link (E, NE, N, W, "
                              "SW, S)";
    if (!seen.insert(from).second)
      return emitOpError() << "lists arrival '" << from << "' twice";
  }
  seen.clear();
  for (StringRef pe : getPes().getAsValueRange<StringAttr>()) {
    if (!parsePE(pe))
      return emitOpError() << "PE '" << pe << "' is not of the form qx.qy.qp";
    if (!seen.insert(pe).second)
      return emitOpError() << "lists PE " << pe << " twice";
  }
  seen.clear();
  for (StringRef link : getLinks().getAsValueRange<StringAttr>()) {
    if (!parseLink(link))
      return emitOpError() << "link '" << link
                           << "' is not a chip link (E, NE, N, W, SW, S)";
    if (!seen.insert(link).second)
      return emitOpError() << "lists link " << link << " twice";
  }
  if (getPes().empty() && getLinks().empty())
    return emitOpError() << "sends its packets nowhere (no PEs, no links)";
  return success();
}

//===----------------------------------------------------------------------===//
// The machine: invariants across ops
//===----------------------------------------------------------------------===//

LogicalResult MachineOp::verifySymbolUses(SymbolTableCollection &symbolTable) {
  Operation *step = symbolTable.lookupNearestSymbolFrom(
      (*this)->getParentOp(), getStepAttr());
  if (!step || step->getNumRegions() != 1 ||
      step->getName().getStringRef() != "func.func")
    return emitOpError() << "step function " << getStepAttr()
                         << " is not a func.func of the module";
  return success();
}

namespace {
/// The slices of one population, for the tiling and key-order checks.
struct SliceRef {
  int64_t begin, end;
  SliceOp op;
};
} // namespace

static std::string rangeStr(int64_t begin, int64_t end) {
  return "[" + std::to_string(begin) + ", " + std::to_string(end) + ")";
}

LogicalResult MachineOp::verifyRegions() {
  std::string error;
  const spinnaker2::SystemModel *system = lookupSystem(getSystem(), error);
  if (!system)
    return emitOpError() << "system '" << getSystem()
                         << "' is not in the target description: " << error;
  const spinnaker2::ChipModel &chip = system->chip;
  if (!chip.findDVFSLevel(getDvfs().str())) {
    std::string levels;
    for (const spinnaker2::DVFSLevel &level : chip.dvfsLevels)
      levels += (levels.empty() ? "" : ", ") + level.name;
    return emitOpError() << "DVFS level '" << getDvfs()
                         << "' is not a level of the chip (" << levels << ")";
  }

  llvm::StringMap<PopulationOp> populations;
  SmallVector<SliceOp> slices;
  SmallVector<RoutingTableOp> tables;
  for (Operation &op : getBody().front()) {
    if (auto population = dyn_cast<PopulationOp>(op))
      populations[population.getSymName()] = population;
    else if (auto slice = dyn_cast<SliceOp>(op))
      slices.push_back(slice);
    else if (auto table = dyn_cast<RoutingTableOp>(op))
      tables.push_back(table);
    else if (!isa<ProjectionOp, IOOp>(op))
      return op.emitOpError() << "is not allowed in an s2.machine";
  }
  auto resolve = [&](Operation *user, FlatSymbolRefAttr ref,
                     StringRef role) -> PopulationOp {
    PopulationOp population = populations.lookup(ref.getValue());
    if (!population)
      user->emitOpError() << role << " " << ref
                          << " is not a population of this machine";
    return population;
  };

  // References and I/O names.
  llvm::StringSet<> inputs, outputs;
  for (Operation &op : getBody().front()) {
    if (auto projection = dyn_cast<ProjectionOp>(op)) {
      if (!resolve(projection, projection.getFromAttr(), "source") ||
          !resolve(projection, projection.getToAttr(), "target"))
        return failure();
    } else if (auto io = dyn_cast<IOOp>(op)) {
      for (auto ref : io.getPopulations().getAsRange<FlatSymbolRefAttr>())
        if (!resolve(io, ref, "population"))
          return failure();
      llvm::StringSet<> &names =
          io.getDirection() == IODirection::input ? inputs : outputs;
      if (!names.insert(io.getName()).second)
        return io.emitOpError()
               << stringifyIODirection(io.getDirection()) << " '"
               << io.getName() << "' is listed twice";
    }
  }

  // Slices tile every population.
  llvm::DenseMap<Operation *, SmallVector<SliceRef>> slicesOf;
  for (SliceOp slice : slices) {
    PopulationOp population =
        resolve(slice, slice.getPopulationAttr(), "population");
    if (!population)
      return failure();
    slicesOf[population].push_back(
        {int64_t(slice.getBegin()), int64_t(slice.getEnd()), slice});
  }
  if (!slices.empty()) {
    for (Operation &op : getBody().front()) {
      auto population = dyn_cast<PopulationOp>(op);
      if (!population)
        continue;
      auto it = slicesOf.find(population);
      if (it == slicesOf.end())
        return population.emitOpError()
               << "has no slices but other populations do";
      SmallVector<SliceRef> &list = it->second;
      llvm::sort(list, [](const SliceRef &a, const SliceRef &b) {
        return a.begin < b.begin;
      });
      int64_t next = 0;
      for (SliceRef &s : list) {
        if (s.begin > next)
          return population.emitOpError()
                 << "units " << rangeStr(next, s.begin) << " are in no slice";
        if (s.begin < next)
          return s.op.emitOpError()
                 << "units " << rangeStr(s.begin, std::min(next, s.end))
                 << " of @" << population.getSymName()
                 << " are also in another slice";
        if (s.end > int64_t(population.getUnits()))
          return s.op.emitOpError()
                 << "unit range " << rangeStr(s.begin, s.end) << " exceeds the "
                 << population.getUnits() << " units of @"
                 << population.getSymName();
        next = s.end;
      }
      if (next < int64_t(population.getUnits()))
        return population.emitOpError()
               << "units " << rangeStr(next, population.getUnits())
               << " are in no slice";
      // Keys increase with the units (summation order, docs/Backend.md).
      for (size_t i = 1; i < list.size(); ++i)
        if (list[i].op.hasKeys() && list[i - 1].op.hasKeys() &&
            *list[i].op.getKey() <= *list[i - 1].op.getKey())
          return list[i].op.emitOpError()
                 << "key " << hex(*list[i].op.getKey())
                 << " is not above the key " << hex(*list[i - 1].op.getKey())
                 << " of units " << rangeStr(list[i - 1].begin, list[i - 1].end)
                 << ": keys must increase with the units of a population";
    }
  }

  // Placement: all or nothing, usable PEs, one slice per PE.
  int placed = llvm::count_if(slices, [](SliceOp s) { return s.isPlaced(); });
  if (placed != 0 && placed != int(slices.size()))
    for (SliceOp slice : slices)
      if (!slice.isPlaced())
        return slice.emitOpError() << "is not placed but other slices are";
  std::map<std::pair<uint32_t, std::string>, SliceOp> onPE;
  for (SliceOp slice : slices) {
    if (!slice.isPlaced())
      continue;
    uint32_t chipIndex = *slice.getChip();
    if (chipIndex >= system->numChips())
      return slice.emitOpError()
             << "chip " << chipIndex << " is not a chip of system '"
             << getSystem() << "' (" << system->numChips() << " chips)";
    spinnaker2::PEId pe = *parsePE(*slice.getPe());
    if (!chip.hasQPE(pe.qx, pe.qy) || pe.qp >= chip.pesPerQPE)
      return slice.emitOpError() << "PE " << *slice.getPe()
                                 << " does not exist on a SpiNNaker 2 chip";
    if (!chip.isUsable(pe))
      return slice.emitOpError()
             << "PE " << *slice.getPe()
             << " is reserved for system software (target description)";
    auto [it, inserted] =
        onPE.try_emplace({chipIndex, pe.str()}, slice);
    if (!inserted) {
      InFlightDiagnostic diag = slice.emitOpError()
                                << "PE " << *slice.getPe() << " of chip "
                                << chipIndex << " already runs another slice";
      diag.attachNote(it->second.getLoc()) << "the other slice";
      return diag;
    }
  }

  // Keys: all or nothing, disjoint blocks, distinct sources.
  int keyed = llvm::count_if(slices, [](SliceOp s) { return s.hasKeys(); });
  if (keyed != 0 && keyed != int(slices.size()))
    for (SliceOp slice : slices)
      if (!slice.hasKeys())
        return slice.emitOpError() << "has no keys but other slices do";
  if (keyed) {
    SmallVector<SliceOp> byKey(slices.begin(), slices.end());
    llvm::sort(byKey, [](SliceOp a, SliceOp b) {
      return *a.getKey() < *b.getKey();
    });
    for (size_t i = 1; i < byKey.size(); ++i) {
      uint64_t previousEnd =
          uint64_t(*byKey[i - 1].getKey()) + uint64_t(~*byKey[i - 1].getMask()) + 1;
      if (uint64_t(*byKey[i].getKey()) < previousEnd)
        return byKey[i].emitOpError()
               << "key block " << hex(*byKey[i].getKey()) << "/"
               << hex(*byKey[i].getMask()) << " overlaps the block "
               << hex(*byKey[i - 1].getKey()) << "/"
               << hex(*byKey[i - 1].getMask()) << " of another slice";
    }
    llvm::DenseMap<uint32_t, SliceOp> sources;
    for (SliceOp slice : slices)
      if (!sources.try_emplace(*slice.getSource(), slice).second)
        return slice.emitOpError()
               << "source id " << *slice.getSource()
               << " is already used by another slice";
  }

  // Routing tables: one per chip, routes to PEs and links that exist.
  llvm::DenseMap<uint32_t, RoutingTableOp> tableOf;
  for (RoutingTableOp table : tables) {
    uint32_t chipIndex = table.getChip();
    if (chipIndex >= system->numChips())
      return table.emitOpError()
             << "chip " << chipIndex << " is not a chip of system '"
             << getSystem() << "' (" << system->numChips() << " chips)";
    if (!tableOf.try_emplace(chipIndex, table).second)
      return table.emitOpError()
             << "chip " << chipIndex << " already has a routing table";
    size_t entries = table.getBody().front().getOperations().size();
    if (table.isCompressed() && entries > chip.routerEntries)
      return table.emitOpError()
             << "has " << entries << " entries but the router of chip "
             << chipIndex << " holds " << chip.routerEntries;
    for (RouteOp route : table.getBody().front().getOps<RouteOp>()) {
      for (StringRef text : route.getPes().getAsValueRange<StringAttr>()) {
        spinnaker2::PEId pe = *parsePE(text);
        if (!chip.hasQPE(pe.qx, pe.qy) || pe.qp >= chip.pesPerQPE)
          return route.emitOpError()
                 << "PE " << text << " does not exist on a SpiNNaker 2 chip";
      }
      for (StringRef name : route.getLinks().getAsValueRange<StringAttr>())
        if (!system->neighbour(chipIndex, *parseLink(name)))
          return route.emitOpError()
                 << "link " << name << " of chip " << chipIndex
                 << " leads out of system '" << getSystem() << "'";
      for (StringRef name : route.getArrival().getAsValueRange<StringAttr>())
        if (name != kLocalArrival &&
            !system->neighbour(chipIndex, *parseLink(name)))
          return route.emitOpError()
                 << "packets cannot arrive through link " << name
                 << " of chip " << chipIndex << ": it leads out of system '"
                 << getSystem() << "'";
    }
  }
  return success();
}
