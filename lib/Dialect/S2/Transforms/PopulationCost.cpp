//===- PopulationCost.cpp - Memory of a slice, from the real weights ------===//
#include "PopulationCost.h"

#include "spinnaker2/abi.h"

#include <algorithm>
#include <cmath>

namespace spnc::s2 {

namespace {
/// Bytes of one buffered event (spnc_event) and its sort scratch (uint16_t).
constexpr uint64_t kEventBytes = 12 + 2;
/// The program descriptor, producer table and I/O descriptors (an estimate).
constexpr uint64_t kDescriptorBytes = 256;
/// The fired-unit list: one 16-bit index per unit of an event sender.
constexpr uint64_t kFiredListBytesPerUnit = 2;
constexpr uint64_t kCSRIndexBytes = 2;  // row inside the slice
/// Start of each input's row: 16 bits while a block has < 64 Ki non-zeros.
constexpr uint64_t kCSRNarrowOffsetBytes = 2;
constexpr uint64_t kCSROffsetBytes = 4;
/// spnc_producer (abi.h) and the per-port table of first units.
constexpr uint64_t kProducerBytes = 16 + 4;
constexpr uint32_t kMinEventCapacity = 64;
constexpr double kStandardDeviations = 6;
constexpr uint32_t kMaxEventCapacity = 65535; // abi.h: event_capacity
} // namespace

PopulationCost::PopulationCost(const LayerInfo &info,
                               const CostContext &context) {
  numUnits = static_cast<uint32_t>(info.units);
  single = info.kind == PopulationKind::vector;
  for (const WeightOperand &w : info.weights) {
    Block block;
    block.inputs = static_cast<uint64_t>(w.inputs());
    block.rowsPerUnit = w.gates;
    block.csr = w.eventDriven;
    bool known = true;
    std::vector<uint64_t> perUnit = nonZerosPerUnit(w, info.units, &known);
    guessed |= !known;
    WeightStorage storage = weightStorage(w.value);
    block.bytes = storage.elementBytes;
    block.rowScaleBytes = storage.rowScaleBytes;
    block.unitsAreColumns = w.unitsAreColumns;
    block.prefix.assign(perUnit.size() + 1, 0);
    for (size_t u = 0; u < perUnit.size(); ++u)
      block.prefix[u + 1] = block.prefix[u] + perUnit[u];
    blocks.push_back(std::move(block));
  }
  paramBytesPerUnit = info.paramBytesPerUnit;
  fixedBytes = info.fixedBytes;
  stateBytesPerUnit = uint64_t(info.stateValuesPerUnit) * info.elementBytes +
                      context.elementwisePortBytesPerUnit;
  fixedStateBytes = info.fixedStateBytes;
  // Event buffer (docs/BinaryContract.md): the events of W + the largest
  // delay steps of all producers; per step the expected events plus six
  // standard deviations (units fire independently), but never more than all
  // producer units firing.
  if (context.maxEventsPerStep > 0) {
    double perStep = context.eventsPerStep +
                     kStandardDeviations * std::sqrt(context.eventsVariance);
    uint64_t steps = context.stepsInFlight + uint64_t(context.maxDelay);
    uint64_t events = std::min<uint64_t>(
        uint64_t(std::ceil(perStep * steps)), context.maxEventsPerStep * steps);
    capacity = static_cast<uint32_t>(std::clamp<uint64_t>(
        events, kMinEventCapacity, kMaxEventCapacity));
  }
  fixedBuffers = SPNC_STACK_DEFAULT_BYTES + SPNC_STACK_GUARD_BYTES +
                 kDescriptorBytes + capacity * kEventBytes +
                 context.hostInputBytes + context.eventPortBytes +
                 context.producerSlices * kProducerBytes;
  bufferBytesPerUnit = info.sendsEvents ? kFiredListBytesPerUnit : 0;
  code = info.codeBytes;
}

uint64_t PopulationCost::blockBytes(const Block &block, uint64_t units,
                                    uint64_t nnz) const {
  uint64_t scales = (block.unitsAreColumns ? block.inputs
                                            : units * block.rowsPerUnit) *
                    block.rowScaleBytes;
  uint64_t dense = units * block.rowsPerUnit * block.inputs * block.bytes;
  if (!block.csr)
    return dense + scales;
  // Code generation cuts gates apart: each gate block of the slice's rows
  // is its own compressed matrix with its own row starts.
  uint64_t gates = block.unitsAreColumns ? 1 : block.rowsPerUnit;
  uint64_t offsetBytes =
      nnz / std::max<uint64_t>(gates, 1) <= 0xFFFF ? kCSRNarrowOffsetBytes
                                                   : kCSROffsetBytes;
  uint64_t csr = nnz * (block.bytes + kCSRIndexBytes) +
                 gates * (block.inputs + 1) * offsetBytes;
  return std::min(dense, csr) + scales;
}

mapping::MemoryUse PopulationCost::withoutWeights(uint64_t units) const {
  mapping::MemoryUse use;
  use.weightBytes = fixedBytes + paramBytesPerUnit * units;
  use.stateBytes = fixedStateBytes + stateBytesPerUnit * units;
  use.bufferBytes = fixedBuffers + bufferBytesPerUnit * units;
  use.codeBytes = code;
  return use;
}

mapping::MemoryUse PopulationCost::of(uint32_t begin, uint32_t end) const {
  mapping::MemoryUse use = withoutWeights(end - begin);
  for (const Block &block : blocks)
    use.weightBytes += blockBytes(block, end - begin,
                                  block.prefix[end] - block.prefix[begin]);
  return use;
}

mapping::MemoryUse PopulationCost::worst(uint32_t units) const {
  if (single || units >= numUnits)
    return of(0, numUnits);
  mapping::MemoryUse use = withoutWeights(units);
  uint64_t most = 0;
  for (uint32_t begin = 0; begin + units <= numUnits; ++begin) {
    uint64_t bytes = 0;
    for (const Block &block : blocks)
      bytes += blockBytes(block, units,
                          block.prefix[begin + units] - block.prefix[begin]);
    most = std::max(most, bytes);
  }
  use.weightBytes += most;
  return use;
}

uint64_t PopulationCost::nonZeros() const {
  uint64_t total = 0;
  for (const Block &block : blocks)
    total += block.prefix.back();
  return total;
}

} // namespace spnc::s2
