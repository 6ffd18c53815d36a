//===- Placement.h - Slices onto PEs and chips ------------------*- C++ -*-===//
//
// The objective is hop-weighted traffic: the sum over source slices of
// (packets per step) x (edges of the multicast tree that delivers them),
// with the trees of Routing.h (shortest paths between chips, XY routes on a
// chip's QPE mesh, merged into one tree per source). Simulated annealing
// with a fixed seed starts from the naive row-major placement and keeps the
// best placement it saw, so it is never worse than naive.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_PLACEMENT_H
#define SPNC_MAPPING_PLACEMENT_H

#include "spnc-mapping/Model.h"
#include "spnc-mapping/Result.h"

namespace spnc::mapping {

struct PlacementOptions {
  uint64_t seed = 1;
  /// Annealing moves per slice (0 = keep the naive placement).
  uint32_t movesPerSlice = 4000;
  /// Chips the naive placement fills in order, and the annealer may use;
  /// 0 = all chips of the system.
  uint32_t maxChips = 0;
};

struct PlacementResult {
  Placement placement; // the annealed one
  Placement naive;     // row-major over the usable PEs, chip by chip
  /// Hop-weighted traffic (packets per step x tree edges).
  double cost = 0, naiveCost = 0;
  /// Per-placement lower bound of `cost`: every destination QPE other than
  /// the source's needs one incoming edge.
  double lowerBound = 0;
  /// The annealer's incrementally maintained objective for `placement`
  /// (equals `cost` up to rounding; kept to check the incremental model).
  double annealedObjective = 0;
  uint64_t movesTried = 0, movesAccepted = 0;
};

/// The row-major placement: slice i on the i-th usable PE (chip 0 first).
Result<Placement> naivePlacement(const SlicedGraph &graph,
                                 const spinnaker2::SystemModel &system,
                                 const PlacementOptions &options = {});

Result<PlacementResult> place(const SlicedGraph &graph,
                              const spinnaker2::SystemModel &system,
                              const PlacementOptions &options = {});

/// Hop-weighted traffic of `placement` (computed from scratch).
double trafficCost(const SlicedGraph &graph, const Placement &placement,
                   const spinnaker2::SystemModel &system);

/// Its lower bound: sum over sources of rate x distinct destination
/// (chip, QPE)s other than the source's own QPE.
double trafficLowerBound(const SlicedGraph &graph, const Placement &placement);

/// nullopt, or why `placement` is invalid for `graph` on `system` (wrong
/// size, unknown chip, unusable or shared PE).
std::optional<std::string>
validatePlacement(const SlicedGraph &graph, const Placement &placement,
                  const spinnaker2::SystemModel &system);

} // namespace spnc::mapping

#endif // SPNC_MAPPING_PLACEMENT_H
