//===- Noc.cpp - Multicast routing over the QPE mesh and chip links -------===//
#include "Noc.h"

#include <cstdio>
#include <tuple>

namespace spnc::sim {

namespace {
const char *const linkNames[6] = {"east",  "north-east", "north",
                                  "west",  "south-west", "south"};

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}
} // namespace

Noc::Noc(const spinnaker2::SystemModel &system)
    : system(system), tables(system.numChips()) {}

std::string Noc::addRoute(size_t chip, RouteEntry entry) {
  if (chip >= tables.size())
    return "no chip " + std::to_string(chip) + " in the system";
  if (tables[chip].size() >= system.chip.routerEntries)
    return "the routing table of chip " + std::to_string(chip) +
           " is full (" + std::to_string(system.chip.routerEntries) +
           " entries)";
  if (entry.links >> system.chip.chipLinks)
    return "link mask " + hex(entry.links) + " names links beyond the " +
           std::to_string(system.chip.chipLinks) + " chip links";
  for (int pe : entry.pes)
    if (pe < 0 || pe >= static_cast<int>(system.chip.allPEs().size()))
      return "route names a PE outside the chip";
  tables[chip].push_back(std::move(entry));
  cache.clear();
  return "";
}

const RouteResult &Noc::route(size_t chip, int pe, uint32_t key) {
  auto cacheKey = std::make_tuple(chip, pe, key);
  auto it = cache.find(cacheKey);
  if (it != cache.end())
    return it->second;
  RouteResult result;
  std::vector<bool> visited(tables.size(), false);
  std::map<Edge, bool> edges;
  uint32_t linkHops = 0;
  const spinnaker2::PEId &source = system.chip.allPEs()[pe];
  routeOnChip(chip, source.qx, source.qy, key, 0, 0, visited, edges, linkHops,
              result);
  result.treeHops = static_cast<uint32_t>(edges.size()) + linkHops;
  return cache.emplace(cacheKey, std::move(result)).first->second;
}

void Noc::routeOnChip(size_t chip, int x, int y, uint32_t key,
                      uint64_t latency, uint32_t hops,
                      std::vector<bool> &visited, std::map<Edge, bool> &edges,
                      uint32_t &linkHops, RouteResult &result) {
  const spinnaker2::ChipModel &model = system.chip;
  const spinnaker2::ChipCoord &coord = system.chips[chip];
  std::string where = "chip (" + std::to_string(coord.x) + "," +
                      std::to_string(coord.y) + ")";
  if (visited[chip]) {
    result.drops.push_back("key " + hex(key) + " loops back to " + where);
    return;
  }
  visited[chip] = true;
  const RouteEntry *match = nullptr;
  for (const RouteEntry &entry : tables[chip])
    if ((key & entry.mask) == (entry.key & entry.mask)) {
      match = &entry;
      break;
    }
  if (!match) {
    result.drops.push_back("no routing entry for key " + hex(key) + " on " +
                           where);
    return;
  }
  // XY path from (x, y) to (tx, ty): adds its links to the tree, returns
  // its length.
  auto walk = [&](int tx, int ty) {
    int cx = x, cy = y, length = 0;
    while (cx != tx) {
      int nx = cx + (tx > cx ? 1 : -1);
      edges[{chip, cx, cy, nx, cy}] = true;
      cx = nx;
      ++length;
    }
    while (cy != ty) {
      int ny = cy + (ty > cy ? 1 : -1);
      edges[{chip, cx, cy, cx, ny}] = true;
      cy = ny;
      ++length;
    }
    return length;
  };
  uint64_t perHop = static_cast<uint64_t>(model.nocCyclesPerHop);
  for (int pe : match->pes) {
    const spinnaker2::PEId &dest = model.allPEs()[pe];
    int length = walk(dest.qx, dest.qy);
    result.deliveries.push_back(
        {chip, pe, latency + (1 + static_cast<uint64_t>(length)) * perHop,
         hops + static_cast<uint32_t>(length)});
  }
  for (int link = 0; link < model.chipLinks; ++link) {
    if (!(match->links & (1u << link)))
      continue;
    auto next = system.neighbour(chip, link);
    if (!next) {
      result.drops.push_back("key " + hex(key) + " leaves " + where +
                             " through the " + linkNames[link % 6] +
                             " link, which leads off the system");
      continue;
    }
    int length = walk(model.linkPortQX, model.linkPortQY);
    ++linkHops;
    routeOnChip(*next, model.linkPortQX, model.linkPortQY, key,
                latency + (1 + static_cast<uint64_t>(length)) * perHop +
                    static_cast<uint64_t>(model.chipLinkLatencyCycles),
                hops + static_cast<uint32_t>(length) + 1, visited, edges,
                linkHops, result);
  }
  visited[chip] = false;
}

} // namespace spnc::sim
