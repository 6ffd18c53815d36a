//===- Model.h - The mapping problem: populations, slices, places -*- C++ -*-===//
//
// Plain value types shared by every mapping step. Ids are indices into the
// vectors that hold the objects (population id = index in
// PopulationGraph::populations, slice id = index in SlicedGraph::slices).
//
//   PopulationGraph --partition--> SlicedGraph --place--> Placement
//                                        |                    |
//                                        +--allocateKeys-->  route --> tables
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_MODEL_H
#define SPNC_MAPPING_MODEL_H

#include "spinnaker2/TargetModel.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spnc::mapping {

/// A layer's units: each unit is an event source (it may fire once per
/// step, sending one multicast packet).
struct Population {
  std::string name;
  uint32_t units = 0;
  /// Expected events per unit per step (the firing rate; 0.15-0.2 for a
  /// trained EGRU). Every event becomes one multicast packet.
  double rate = 0;
};

/// Events of `pre` feed `post`.
struct Projection {
  uint32_t pre = 0, post = 0;
  /// Average number of `post` units one `pre` unit reaches (non-zero
  /// weights per source row); 0 means no connection.
  double fanOut = 0;
};

struct PopulationGraph {
  std::vector<Population> populations;
  std::vector<Projection> projections;

  /// nullopt, or why the graph is malformed (unknown ids, empty layers,
  /// negative rates).
  std::optional<std::string> validate() const;
};

/// Bytes one PE needs for one slice. Data (weights + state + buffers) and
/// code are checked against the target's data and code SRAM separately.
struct MemoryUse {
  uint64_t weightBytes = 0;
  uint64_t stateBytes = 0;
  uint64_t bufferBytes = 0;
  uint64_t codeBytes = 0;
  uint64_t dataBytes() const { return weightBytes + stateBytes + bufferBytes; }
};

/// A contiguous range of one population's units, mapped to one PE.
struct Slice {
  uint32_t population = 0;
  uint32_t firstUnit = 0;
  uint32_t units = 0;
  MemoryUse memory;
};

/// Packets from slice `pre` must reach slice `post`'s PE.
struct SliceEdge {
  uint32_t pre = 0, post = 0;
  /// Expected packets per step `pre` sends (units x rate). Every packet of
  /// `pre` is multicast to all of its destinations at once.
  double rate = 0;
};

struct SlicedGraph {
  std::vector<Slice> slices;
  std::vector<SliceEdge> edges;

  /// Per slice: its destination slices, sorted and unique.
  std::vector<std::vector<uint32_t>> destinations() const;
  /// Per slice: packets per step it sends (the largest rate of its edges;
  /// 0 for a slice without consumers).
  std::vector<double> sourceRates() const;
};

/// Where a slice runs: a chip of the system (index into
/// SystemModel::chips) and a PE of that chip.
struct Location {
  uint32_t chip = 0;
  spinnaker2::PEId pe;
  bool operator==(const Location &other) const {
    return chip == other.chip && pe == other.pe;
  }
  std::string str() const; // "chip 0 PE 2.1.3"
};

/// slices[i] = where slice i runs.
struct Placement {
  std::vector<Location> slices;
};

/// Index of `pe` in ChipModel::allPEs() (the numbering routes and the
/// simulator use), or -1.
int peIndex(const spinnaker2::ChipModel &chip, const spinnaker2::PEId &pe);

} // namespace spnc::mapping

#endif // SPNC_MAPPING_MODEL_H
