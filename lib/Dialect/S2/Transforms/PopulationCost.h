//===- PopulationCost.h - Memory of a slice, from the real weights -*- C++ -*-===//
//
// The memory model behind s2-partition (docs/Mapping.md, "The memory model
// of the s2 passes"): what one PE needs to hold units [begin, end) of a
// population, computed from the layer op's actual constant weights:
//
//   weights  every constant the slice reads: for each weight matrix the
//            smaller of dense (rows x inputs) and per-source-row CSR
//            (non-zeros x (value + 2-byte row index) + 4-byte offset per
//            input, only for matrices read per event; a quantised matrix,
//            event.dequantize, has 1-byte values plus a 4-byte scale per
//            stored row), plus biases, thresholds and other parameters;
//   state    per-unit state (internal state, accumulators, the output);
//   buffers  stack and its guard (abi.h), the program descriptor, the event
//            buffer (12 + 2 bytes per event) for W + delay steps of events
//            (docs/BinaryContract.md), each step the expected events plus
//            six standard deviations, the list of fired units, and host
//            input buffers;
//   code     an estimate of the PE program per kind of population.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_DIALECT_S2_TRANSFORMS_POPULATIONCOST_H
#define SPNC_LIB_DIALECT_S2_TRANSFORMS_POPULATIONCOST_H

#include "LayerOps.h"

#include "spnc-mapping/Model.h"

namespace spnc::s2 {

/// What the memory of a population depends on besides its op.
struct CostContext {
  /// Host-written input bytes every PE of the population holds.
  uint64_t hostInputBytes = 0;
  /// Dense buffers of the values other slices send as events and the PE
  /// reads whole (through a matrix or as a vector): each PE rebuilds them.
  uint64_t eventPortBytes = 0;
  /// Slices of the producers (one producer table entry each, an estimate
  /// before partitioning: the producers' units / 16).
  uint64_t producerSlices = 0;
  /// Per unit: the buffers of values read unit by unit (a unit's own
  /// previous state, another population's values for the same unit).
  uint64_t elementwisePortBytesPerUnit = 0;
  /// Expected events per step from all producers (units x rate) and their
  /// variance (each unit fires independently: units x rate x (1 - rate)).
  double eventsPerStep = 0, eventsVariance = 0;
  /// Events per step if every producer unit fired.
  uint64_t maxEventsPerStep = 0;
  /// The largest delay of the incoming projections.
  int64_t maxDelay = 0;
  /// Steps a PE may run ahead of the slowest (the runtime's step gate W).
  unsigned stepsInFlight = 2;
};

class PopulationCost {
public:
  PopulationCost(const LayerInfo &info, const CostContext &context);

  /// Exact memory of the slice [begin, end).
  mapping::MemoryUse of(uint32_t begin, uint32_t end) const;
  /// The most any slice of `units` consecutive units needs (what the
  /// partitioner asks; monotone in `units`). A population that must stay on
  /// one PE costs the whole population for any size.
  mapping::MemoryUse worst(uint32_t units) const;

  bool singlePE() const { return single; }
  uint32_t units() const { return numUnits; }
  /// True if some weights were not readable and were counted as dense.
  bool assumedDense() const { return guessed; }
  /// Total non-zero weights (over all matrices).
  uint64_t nonZeros() const;

  /// Event buffer capacity (events) of every PE of the population.
  uint32_t eventCapacity() const { return capacity; }

private:
  struct Block {
    uint64_t inputs = 0, rowsPerUnit = 0;
    unsigned bytes = 4;
    /// Per-row scales (quantised weights): bytes per stored row; stored
    /// rows are the units' rows, or every input row for unitsAreColumns.
    unsigned rowScaleBytes = 0;
    bool unitsAreColumns = false;
    bool csr = true;
    std::vector<uint64_t> prefix; // prefix sums of non-zeros per unit
  };
  uint64_t blockBytes(const Block &block, uint64_t units, uint64_t nnz) const;
  mapping::MemoryUse withoutWeights(uint64_t units) const;

  std::vector<Block> blocks;
  uint32_t numUnits = 0;
  bool single = false, guessed = false;
  uint64_t paramBytesPerUnit = 0, fixedBytes = 0;
  uint64_t stateBytesPerUnit = 0, fixedStateBytes = 0;
  uint64_t fixedBuffers = 0, bufferBytesPerUnit = 0;
  uint64_t code = 0;
  uint32_t capacity = 0;
};

} // namespace spnc::s2

#endif // SPNC_LIB_DIALECT_S2_TRANSFORMS_POPULATIONCOST_H
