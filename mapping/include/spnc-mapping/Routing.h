//===- Routing.h - Multicast trees and per-router tables --------*- C++ -*-===//
//
// Router model (the simulator's, runtime/lib/Simulator/Noc.h): each chip has
// one multicast table of ternary key/mask entries, first match wins; a route
// names destination PEs of the chip and chip links. A packet is looked up
// where it enters the chip (its source PE's QPE, or the chip-link port) and
// travels XY (x first, then y) over the QPE mesh to each destination QPE and
// to the port if it leaves through a link; the QPE delivers it to its PEs.
//
// Per source slice the tree is built chip level first (shortest paths over
// the hexagonal chip links: a breadth-first tree rooted at the source chip,
// so paths to different chips share their common prefix), then inside each
// chip of that tree (XY paths from the entry point, merged where they
// overlap). Hops = mesh edges + chip-link edges of the tree.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_ROUTING_H
#define SPNC_MAPPING_ROUTING_H

#include "spnc-mapping/Keys.h"
#include "spnc-mapping/Model.h"
#include "spnc-mapping/Result.h"

#include <array>

namespace spnc::mapping {

constexpr int kMaxPEsPerChip = 256;
constexpr int kNumChipLinks = 6;
/// RoutingEntry::sources bit for packets injected by a PE of the chip.
constexpr uint32_t kSourceLocal = 1u << kNumChipLinks;

/// Where a matching packet goes: chip links (bit i = link i: E, NE, N, W,
/// SW, S) and PEs of the chip (bit i = ChipModel::allPEs()[i]).
struct Route {
  uint32_t links = 0;
  std::array<uint64_t, kMaxPEsPerChip / 64> pes{};

  void addPE(int index) { pes[index / 64] |= uint64_t(1) << (index % 64); }
  bool hasPE(int index) const { return (pes[index / 64] >> (index % 64)) & 1; }
  bool empty() const;
  std::vector<int> peList() const;
  bool operator==(const Route &o) const { return links == o.links && pes == o.pes; }
  bool operator!=(const Route &o) const { return !(*this == o); }
  bool operator<(const Route &o) const;
  std::string str() const; // "links{E,N} pes{3,17}"
};

/// A ternary entry; a key matches when (key & mask) == this->key. Keys must
/// not have bits outside the mask.
struct RoutingEntry {
  uint32_t key = 0, mask = 0;
  Route route;
  /// Where the entry's packets arrive from: bit i = chip link i,
  /// kSourceLocal = a PE of this chip. Used only by default routing.
  uint32_t sources = 0;
};

struct RoutingTable {
  uint32_t chip = 0;
  std::vector<RoutingEntry> entries;
};

struct MeshEdge {
  uint32_t chip = 0;
  int fromX = 0, fromY = 0, toX = 0, toY = 0;
};

struct LinkEdge {
  uint32_t fromChip = 0, toChip = 0;
  int link = 0; // the link of fromChip
};

struct MulticastTree {
  uint32_t source = 0; // slice id
  std::vector<MeshEdge> meshEdges;
  std::vector<LinkEdge> linkEdges;
  uint32_t hops() const { return uint32_t(meshEdges.size() + linkEdges.size()); }
};

struct RoutingResult {
  std::vector<MulticastTree> trees;  // by slice id (empty for no consumers)
  std::vector<RoutingTable> tables;  // one per chip of the system
  uint64_t hops = 0;                 // sum of tree edges
  uint64_t hopsLowerBound = 0;       // sum of distinct non-root dest QPEs
  double weightedHops = 0;           // sum of rate x tree edges
  size_t entries = 0;                // over all tables
};

/// Builds every source's tree and the tables: one entry per (chip on the
/// tree, source slice) with the slice's key block. Errors: a placement that
/// is invalid, or a destination chip the links cannot reach.
Result<RoutingResult> route(const SlicedGraph &graph,
                            const Placement &placement,
                            const KeyAllocation &keys,
                            const spinnaker2::SystemModel &system);

/// Edges of the tree from `root` to `destinations` (what route() counts).
Result<MulticastTree> multicastTree(const spinnaker2::SystemModel &system,
                                    const Location &root,
                                    const std::vector<Location> &destinations);

/// Where a packet with `key` injected at `from` is delivered, following the
/// tables (like the simulator): (chip, PE index) pairs, sorted. `error`
/// reports drops and loops.
std::vector<std::pair<uint32_t, int>>
deliveries(const std::vector<RoutingTable> &tables,
           const spinnaker2::SystemModel &system, const Location &from,
           uint32_t key, std::string &error);

/// The link opposite `link` (E<->W, NE<->SW, N<->S).
inline int oppositeLink(int link) { return (link + 3) % kNumChipLinks; }

} // namespace spnc::mapping

#endif // SPNC_MAPPING_ROUTING_H
