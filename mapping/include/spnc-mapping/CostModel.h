//===- CostModel.h - Memory of a slice of an event layer --------*- C++ -*-===//
//
// The partitioner only needs a function "units in a slice -> bytes"; the
// caller (the MLIR pass, which knows the real weights) provides it. This
// header offers a parametric one for layers whose PE keeps, for its slice of
// units, the rows of a weight matrix over all inputs: the shape of an EGRU,
// GRU or LIF layer. The benchmark and the tests use it.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_COSTMODEL_H
#define SPNC_MAPPING_COSTMODEL_H

#include "spnc-mapping/Model.h"

#include <functional>

namespace spnc::mapping {

/// The caller's memory model: bytes one PE needs to hold `units`
/// consecutive units of population `population`. Should be monotone in
/// `units` (the partitioner checks every slice it emits anyway).
using CostFunction =
    std::function<MemoryUse(uint32_t population, uint32_t units)>;

enum class WeightFormat {
  Dense,
  /// Per source (input) row: for every input j, the (target row, weight)
  /// pairs of the slice's non-zero weights in column j, plus an offset per
  /// input. An event from j walks exactly its row: the event-driven
  /// product W x = sum over fired j of x_j W[:, j].
  SourceRowCSR,
  /// Whichever of the two is smaller for the slice.
  Smallest,
};

struct LayerMemoryModel {
  /// Inputs every unit reads (all pre-synaptic units of all projections).
  uint32_t inputs = 0;
  /// Weight rows per unit (3 for an EGRU/GRU: update, reset, candidate).
  uint32_t rowsPerUnit = 1;
  /// Fraction of non-zero weights (1 = dense, 0.05 = 95 % pruned).
  double density = 1;
  WeightFormat format = WeightFormat::Smallest;
  uint32_t bytesPerWeight = 4; // FP32
  uint32_t bytesPerIndex = 2;  // target row inside the slice
  uint32_t bytesPerOffset = 4; // per input row start
  /// State, biases, thresholds and accumulators per unit.
  uint32_t stateBytesPerUnit = 0;
  /// Receive queues, event lists, stack: per PE.
  uint32_t bufferBytes = 0;
  uint32_t bufferBytesPerUnit = 0;
  /// Code of the PE program (an estimate).
  uint32_t codeBytes = 0;

  MemoryUse operator()(uint32_t units) const;
  uint64_t denseWeightBytes(uint32_t units) const;
  uint64_t csrWeightBytes(uint32_t units) const;
};

/// A CostFunction over one LayerMemoryModel per population (by population
/// id; a population without a model costs nothing).
CostFunction costFunctionFrom(std::vector<LayerMemoryModel> models);

} // namespace spnc::mapping

#endif // SPNC_MAPPING_COSTMODEL_H
