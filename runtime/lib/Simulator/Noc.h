//===- Noc.h - Multicast routing over the QPE mesh and chip links -*- C++ -*-===//
//
// Each chip has a multicast routing table (ternary key/mask entries, first
// match wins) whose routes name destination PEs of that chip and chip links.
// A packet is looked up where it enters a chip (its source QPE, or the
// chip-link port) and travels XY (first x, then y) over the QPE mesh to each
// destination; the union of those paths is a multicast tree. Latency to a
// destination is (1 + mesh hops) router traversals of cycles_per_hop NoC
// cycles on each chip it crosses, plus the chip-link latency per link.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_NOC_H
#define SPNC_RUNTIME_SIMULATOR_NOC_H

#include "spinnaker2/TargetModel.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace spnc::sim {

struct RouteEntry {
  uint32_t key = 0, mask = 0;
  std::vector<int> pes; // PE indices within the chip (ChipModel::allPEs order)
  uint32_t links = 0;   // bit i = chip link i
};

struct Delivery {
  size_t chip = 0;
  int pe = 0;                // index within the chip
  uint64_t latencyNocCycles = 0; // NoC cycles from injection to arrival
  uint32_t hops = 0;         // links (mesh + chip) on the path to it
};

struct RouteResult {
  std::vector<Delivery> deliveries;
  uint32_t treeHops = 0; // distinct links the packet traverses
  std::vector<std::string> drops; // why copies of the packet were dropped
};

class Noc {
public:
  explicit Noc(const spinnaker2::SystemModel &system);

  /// Appends an entry to `chip`'s table; "" or an error.
  std::string addRoute(size_t chip, RouteEntry entry);
  size_t numRoutes(size_t chip) const { return tables[chip].size(); }

  /// Where a packet with `key`, injected by PE `pe` of `chip`, goes.
  /// Cached per (chip, pe, key).
  const RouteResult &route(size_t chip, int pe, uint32_t key);

private:
  struct Edge {
    size_t chip;
    int x0, y0, x1, y1;
    bool operator<(const Edge &o) const {
      if (chip != o.chip)
        return chip < o.chip;
      if (x0 != o.x0)
        return x0 < o.x0;
      if (y0 != o.y0)
        return y0 < o.y0;
      if (x1 != o.x1)
        return x1 < o.x1;
      return y1 < o.y1;
    }
  };
  void routeOnChip(size_t chip, int x, int y, uint32_t key,
                   uint64_t latency, uint32_t hops,
                   std::vector<bool> &visited, std::map<Edge, bool> &edges,
                   uint32_t &linkHops, RouteResult &result);

  const spinnaker2::SystemModel &system;
  std::vector<std::vector<RouteEntry>> tables;
  std::map<std::tuple<size_t, int, uint32_t>, RouteResult> cache;
};

} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_NOC_H
