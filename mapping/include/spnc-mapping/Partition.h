//===- Partition.h - Split populations into per-PE slices -------*- C++ -*-===//
//
// Every population is cut into slices of consecutive units, one slice per
// PE, so that each PE's data fits the target's data SRAM and its code fits
// the code SRAM. The search first minimises PEs (each population gets the
// fewest slices that fit) and then traffic: with the fewest slices per
// consumer population an event reaches the fewest PEs, and sizes are
// balanced (they differ by at most one unit) so no PE is fuller than needed.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_PARTITION_H
#define SPNC_MAPPING_PARTITION_H

#include "spnc-mapping/CostModel.h"
#include "spnc-mapping/Model.h"
#include "spnc-mapping/Result.h"

namespace spnc::mapping {

struct PartitionOptions {
  /// Upper bound on units per slice (0 = none), e.g. from the key format.
  uint32_t maxUnitsPerSlice = 0;
  /// PEs the model may use; 0 = every usable PE of every chip.
  uint32_t availablePEs = 0;
};

/// One row of the per-core memory table in reports and diagnostics.
struct MemoryRow {
  std::string population;
  uint32_t slices = 0;
  uint32_t unitsPerSlice = 0; // the largest slice
  MemoryUse perPE;            // of the largest slice
  /// Bytes over the data / code limit (<= 0 when it fits).
  int64_t dataOverBytes = 0, codeOverBytes = 0;
};

struct PartitionResult {
  SlicedGraph graph;
  /// Per population: its slice ids in unit order.
  std::vector<std::vector<uint32_t>> slicesOf;
  uint32_t pesUsed = 0;
  uint32_t pesAvailable = 0;
  /// ceil(total data bytes / data SRAM per PE), at least the number of
  /// populations: no partition can use fewer PEs.
  uint32_t pesLowerBound = 0;
  uint64_t totalDataBytes = 0;
  std::vector<MemoryRow> table;
};

/// Partitions `graph`. Errors (as values): a malformed graph; a population
/// whose single unit does not fit a PE (names it and says by how many bytes
/// it is over); a model needing more PEs than available (with the per-core
/// memory table and the PE shortfall).
Result<PartitionResult> partition(const PopulationGraph &graph,
                                  const CostFunction &cost,
                                  const spinnaker2::SystemModel &system,
                                  const PartitionOptions &options = {});

/// The lower bound alone: max(#populations,
/// ceil(sum of data bytes of whole populations / data SRAM per PE)).
uint32_t peLowerBound(const PopulationGraph &graph, const CostFunction &cost,
                      const spinnaker2::ChipModel &chip);

/// The memory table as aligned text (one row per population).
std::string formatMemoryTable(const std::vector<MemoryRow> &rows,
                              const spinnaker2::ChipModel &chip);

} // namespace spnc::mapping

#endif // SPNC_MAPPING_PARTITION_H
