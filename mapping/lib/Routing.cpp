//===- Routing.cpp - Multicast trees and per-router tables ----------------===//
#include "spnc-mapping/Routing.h"

#include "Geometry.h"
#include "spnc-mapping/Compression.h"
#include "spnc-mapping/Placement.h"

#include <algorithm>
#include <map>
#include <set>

namespace spnc::mapping {

static const char *const kLinkNames[kNumChipLinks] = {"E", "NE", "N",
                                                      "W", "SW", "S"};

bool Route::empty() const {
  if (links)
    return false;
  for (uint64_t word : pes)
    if (word)
      return false;
  return true;
}

std::vector<int> Route::peList() const {
  std::vector<int> list;
  for (int i = 0; i < kMaxPEsPerChip; ++i)
    if (hasPE(i))
      list.push_back(i);
  return list;
}

bool Route::operator<(const Route &o) const {
  if (links != o.links)
    return links < o.links;
  return pes < o.pes;
}

std::string Route::str() const {
  std::string out = "links{";
  bool first = true;
  for (int link = 0; link < kNumChipLinks; ++link)
    if (links & (1u << link)) {
      out += std::string(first ? "" : ",") + kLinkNames[link];
      first = false;
    }
  out += "} pes{";
  first = true;
  for (int pe : peList()) {
    out += (first ? "" : ",") + std::to_string(pe);
    first = false;
  }
  return out + "}";
}

namespace {

/// Per chip of a tree: the entry, the local destination PEs, the links to
/// child chips and the link the packets arrive on.
struct ChipPart {
  int entryX = 0, entryY = 0;
  std::vector<int> pes; // indices in ChipModel::allPEs()
  std::vector<std::pair<int, int>> qpes;
  uint32_t childLinks = 0;
  int arrivalLink = -1; // -1: injected on this chip
};

struct BuiltTree {
  MulticastTree tree;
  std::map<uint32_t, ChipPart> chips;
  uint64_t distinctQPEs = 0; // destination QPEs other than the root's
};

Result<BuiltTree> buildTree(const detail::Geometry &geo, const Location &root,
                            const std::vector<Location> &destinations) {
  const spinnaker2::SystemModel &system = geo.system;
  BuiltTree built;
  auto checkLocation = [&](const Location &at) -> std::optional<Error> {
    if (at.chip >= geo.numChips)
      return Error{at.str() + ": the system has " +
                   std::to_string(geo.numChips) + " chips"};
    if (peIndex(system.chip, at.pe) < 0)
      return Error{at.str() + ": no such PE"};
    return std::nullopt;
  };
  if (std::optional<Error> error = checkLocation(root))
    return *error;
  built.chips[root.chip].entryX = root.pe.qx;
  built.chips[root.chip].entryY = root.pe.qy;
  for (const Location &dest : destinations) {
    if (std::optional<Error> error = checkLocation(dest))
      return *error;
    if (!geo.reachable(root.chip, dest.chip))
      return Error{"no chip-link path from chip " + std::to_string(root.chip) +
                   " to chip " + std::to_string(dest.chip)};
    // Chip-level: the path up the breadth-first tree until it meets the
    // part already built.
    for (uint32_t c = dest.chip; c != root.chip && !built.chips.count(c);) {
      uint32_t p = static_cast<uint32_t>(geo.parent(root.chip, c));
      int link = geo.linkFromParent(root.chip, c);
      ChipPart &part = built.chips[c];
      part.entryX = geo.portX;
      part.entryY = geo.portY;
      part.arrivalLink = oppositeLink(link);
      built.tree.linkEdges.push_back({p, c, link});
      c = p;
    }
    ChipPart &part = built.chips[dest.chip];
    int index = peIndex(system.chip, dest.pe);
    if (std::find(part.pes.begin(), part.pes.end(), index) == part.pes.end())
      part.pes.push_back(index);
    std::pair<int, int> qpe{dest.pe.qx, dest.pe.qy};
    if (std::find(part.qpes.begin(), part.qpes.end(), qpe) == part.qpes.end()) {
      part.qpes.push_back(qpe);
      if (!(dest.chip == root.chip && qpe.first == root.pe.qx &&
            qpe.second == root.pe.qy))
        ++built.distinctQPEs;
    }
  }
  for (const LinkEdge &edge : built.tree.linkEdges)
    built.chips[edge.fromChip].childLinks |= 1u << edge.link;
  std::sort(built.tree.linkEdges.begin(), built.tree.linkEdges.end(),
            [](const LinkEdge &a, const LinkEdge &b) {
              return std::tie(a.fromChip, a.link) < std::tie(b.fromChip, b.link);
            });
  for (auto &[chip, part] : built.chips) {
    std::vector<std::pair<int, int>> targets = part.qpes;
    if (part.childLinks)
      targets.push_back({geo.portX, geo.portY});
    geo.xyTree(chip, part.entryX, part.entryY, targets, built.tree.meshEdges);
    std::sort(part.pes.begin(), part.pes.end());
  }
  return built;
}

} // namespace

Result<MulticastTree> multicastTree(const spinnaker2::SystemModel &system,
                                    const Location &root,
                                    const std::vector<Location> &destinations) {
  detail::Geometry geo(system);
  Result<BuiltTree> built = buildTree(geo, root, destinations);
  if (!built)
    return built.error();
  return built->tree;
}

Result<RoutingResult> route(const SlicedGraph &graph,
                            const Placement &placement,
                            const KeyAllocation &keys,
                            const spinnaker2::SystemModel &system) {
  if (std::optional<std::string> problem =
          validatePlacement(graph, placement, system))
    return Error{"routing: " + *problem};
  if (keys.slices.size() != graph.slices.size())
    return Error{"routing: keys for " + std::to_string(keys.slices.size()) +
                 " slices, the graph has " +
                 std::to_string(graph.slices.size())};
  if (system.chip.allPEs().size() > size_t(kMaxPEsPerChip))
    return Error{"routing: a chip has " +
                 std::to_string(system.chip.allPEs().size()) +
                 " PEs; routes hold at most " + std::to_string(kMaxPEsPerChip)};
  detail::Geometry geo(system);
  RoutingResult result;
  result.tables.resize(geo.numChips);
  for (uint32_t c = 0; c < geo.numChips; ++c)
    result.tables[c].chip = c;
  result.trees.resize(graph.slices.size());
  std::vector<std::vector<uint32_t>> dests = graph.destinations();
  std::vector<double> rates = graph.sourceRates();
  for (uint32_t s = 0; s < graph.slices.size(); ++s) {
    result.trees[s].source = s;
    if (dests[s].empty())
      continue;
    std::vector<Location> targets;
    for (uint32_t d : dests[s])
      targets.push_back(placement.slices[d]);
    Result<BuiltTree> built = buildTree(geo, placement.slices[s], targets);
    if (!built)
      return Error{"routing slice " + std::to_string(s) + ": " +
                   built.error().message};
    built->tree.source = s;
    for (const auto &[chip, part] : built->chips) {
      RoutingEntry entry;
      entry.key = keys.slices[s].base;
      entry.mask = keys.slices[s].mask();
      entry.route.links = part.childLinks;
      for (int pe : part.pes)
        entry.route.addPE(pe);
      entry.sources =
          part.arrivalLink < 0 ? kSourceLocal : 1u << part.arrivalLink;
      result.tables[chip].entries.push_back(entry);
    }
    result.hops += built->tree.hops();
    result.hopsLowerBound += built->distinctQPEs;
    result.weightedHops += rates[s] * built->tree.hops();
    result.trees[s] = std::move(built->tree);
  }
  for (RoutingTable &table : result.tables) {
    std::sort(table.entries.begin(), table.entries.end(),
              [](const RoutingEntry &a, const RoutingEntry &b) {
                return a.key < b.key;
              });
    result.entries += table.entries.size();
  }
  return result;
}

std::vector<std::pair<uint32_t, int>>
deliveries(const std::vector<RoutingTable> &tables,
           const spinnaker2::SystemModel &system, const Location &from,
           uint32_t key, std::string &error) {
  std::vector<std::pair<uint32_t, int>> out;
  std::vector<const RoutingTable *> byChip(system.numChips(), nullptr);
  for (const RoutingTable &table : tables)
    if (table.chip < byChip.size())
      byChip[table.chip] = &table;
  std::vector<bool> visited(system.numChips(), false);
  std::vector<uint32_t> stack;
  if (from.chip >= system.numChips()) {
    error = "no chip " + std::to_string(from.chip);
    return out;
  }
  stack.push_back(from.chip);
  while (!stack.empty()) {
    uint32_t chip = stack.back();
    stack.pop_back();
    if (visited[chip]) {
      error += "key loops back to chip " + std::to_string(chip) + "; ";
      continue;
    }
    visited[chip] = true;
    const RoutingEntry *entry =
        byChip[chip] ? lookup(byChip[chip]->entries, key) : nullptr;
    if (!entry) {
      error += "key dropped on chip " + std::to_string(chip) + "; ";
      continue;
    }
    for (int pe : entry->route.peList())
      out.push_back({chip, pe});
    for (int link = 0; link < kNumChipLinks; ++link) {
      if (!(entry->route.links & (1u << link)))
        continue;
      std::optional<size_t> next = system.neighbour(chip, link);
      if (!next) {
        error += "key leaves the system from chip " + std::to_string(chip) +
                 " through link " + kLinkNames[link] + "; ";
        continue;
      }
      stack.push_back(static_cast<uint32_t>(*next));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace spnc::mapping
