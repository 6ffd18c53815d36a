//===- Mapper.cpp - Partition, place, allocate keys, route, compress ------===//
#include "spnc-mapping/Mapper.h"

#include <chrono>
#include <cstdio>
#include <set>

namespace spnc::mapping {

namespace {

/// q minus the union of `remove`, as disjoint cubes appended to `out`.
void subtract(const Cube &q, const std::vector<Cube> &remove,
              std::vector<Cube> &out) {
  std::vector<Cube> relevant;
  for (const Cube &c : remove)
    if (c.intersects(q)) {
      if (c.covers(q))
        return;
      relevant.push_back(c);
    }
  if (relevant.empty()) {
    out.push_back(q);
    return;
  }
  uint32_t candidates = relevant.front().mask & ~q.mask;
  int bit = 31;
  while (!(candidates & (1u << bit)))
    --bit;
  subtract({q.value, q.mask | (1u << bit)}, relevant, out);
  subtract({q.value | (1u << bit), q.mask | (1u << bit)}, relevant, out);
}

} // namespace

std::vector<Cube> unallocatedKeys(const KeyAllocation &keys) {
  std::vector<Cube> used;
  for (const SliceKeys &slice : keys.slices)
    used.push_back({slice.base & slice.mask(), slice.mask()});
  used.push_back({SPNC_MAP_CONTROL_KEY_BASE, SPNC_MAP_CONTROL_KEY_MASK});
  std::vector<Cube> out;
  subtract({0, 0}, used, out);
  return out;
}

std::string MappingReport::str(const spinnaker2::ChipModel &chip) const {
  char text[2048];
  std::snprintf(
      text, sizeof text,
      "mapping time      %.1f ms (partition %.2f, placement %.1f, keys %.3f, "
      "routing %.2f, compression %.3f, check %.3f ms)\n"
      "slices / PEs      %u slices on %u PEs of %u available, %u chip(s); "
      "lower bound %u PEs\n"
      "traffic           %.1f hop-packets/step placed, %.1f naive, lower "
      "bound %.1f\n"
      "tree edges        %llu placed, %llu naive, lower bound %llu\n"
      "routing entries   %zu before, %zu after compression; largest table "
      "%zu of %u; %llu cubes checked\n",
      totalSeconds * 1e3, partitionSeconds * 1e3, placementSeconds * 1e3,
      keySeconds * 1e3, routingSeconds * 1e3, compressSeconds * 1e3,
      checkSeconds * 1e3, slices, pesUsed,
      pesAvailable, chipsUsed, pesLowerBound, trafficPlaced, trafficNaive,
      trafficLowerBound, (unsigned long long)hops,
      (unsigned long long)hopsNaive, (unsigned long long)hopsLowerBound,
      entriesBefore, entriesAfter, largestTable, entryLimit,
      (unsigned long long)checkedCubes);
  return text + formatMemoryTable(memory, chip);
}

Result<Mapping> mapGraph(const PopulationGraph &graph, const CostFunction &cost,
                         const spinnaker2::SystemModel &system,
                         const MapOptions &options) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  Mapping mapping;
  MappingReport &report = mapping.report;
  Clock::time_point start = Clock::now();

  PartitionOptions partitionOptions = options.partition;
  if (options.keys.fixedBlockBits && options.keys.fixedBlockBits < 32) {
    uint64_t room = (uint64_t(1) << options.keys.fixedBlockBits);
    if (room <= options.keys.reservedPerBlock)
      return Error{"keys: blocks of 2^" +
                   std::to_string(options.keys.fixedBlockBits) +
                   " keys leave no room after the reserved indices"};
    uint32_t units = static_cast<uint32_t>(room - options.keys.reservedPerBlock);
    if (!partitionOptions.maxUnitsPerSlice ||
        partitionOptions.maxUnitsPerSlice > units)
      partitionOptions.maxUnitsPerSlice = units;
  }
  if (options.placement.maxChips && !partitionOptions.availablePEs)
    partitionOptions.availablePEs = static_cast<uint32_t>(
        options.placement.maxChips * system.chip.usablePEs().size());
  Result<PartitionResult> partitioned =
      partition(graph, cost, system, partitionOptions);
  if (!partitioned)
    return partitioned.error();
  mapping.partition = partitioned.take();
  Clock::time_point t1 = Clock::now();

  Result<PlacementResult> placed =
      place(mapping.partition.graph, system, options.placement);
  if (!placed)
    return placed.error();
  mapping.placement = placed.take();
  Clock::time_point t2 = Clock::now();

  Result<KeyAllocation> keys =
      allocateKeys(mapping.partition.graph,
                   static_cast<uint32_t>(graph.populations.size()), options.keys);
  if (!keys)
    return keys.error();
  mapping.keys = keys.take();
  Clock::time_point t3 = Clock::now();

  Result<RoutingResult> routed =
      route(mapping.partition.graph, mapping.placement.placement, mapping.keys,
            system);
  if (!routed)
    return routed.error();
  mapping.routing = routed.take();
  Clock::time_point t4 = Clock::now();

  CompressOptions compressOptions = options.compression;
  if (options.unallocatedKeysDontCare) {
    std::vector<Cube> unused = unallocatedKeys(mapping.keys);
    compressOptions.dontCare.insert(compressOptions.dontCare.end(),
                                    unused.begin(), unused.end());
  }
  Result<CompressedTables> compressed =
      compressTables(mapping.routing.tables, system, compressOptions);
  if (!compressed)
    return compressed.error();
  mapping.tables = compressed.take();
  Clock::time_point t5 = Clock::now();

  report.partitionSeconds = seconds(start, t1);
  report.placementSeconds = seconds(t1, t2);
  report.keySeconds = seconds(t2, t3);
  report.routingSeconds = seconds(t3, t4);
  report.compressSeconds = mapping.tables.compressSeconds;
  report.checkSeconds = mapping.tables.checkSeconds;
  report.totalSeconds = seconds(start, t5);
  report.slices = static_cast<uint32_t>(mapping.partition.graph.slices.size());
  report.pesUsed = mapping.partition.pesUsed;
  report.pesLowerBound = mapping.partition.pesLowerBound;
  report.pesAvailable = mapping.partition.pesAvailable;
  std::set<uint32_t> chips;
  for (const Location &at : mapping.placement.placement.slices)
    chips.insert(at.chip);
  report.chipsUsed = static_cast<uint32_t>(chips.size());
  report.trafficPlaced = mapping.placement.cost;
  report.trafficNaive = mapping.placement.naiveCost;
  report.trafficLowerBound = mapping.placement.lowerBound;
  report.hops = mapping.routing.hops;
  report.hopsLowerBound = mapping.routing.hopsLowerBound;
  Result<RoutingResult> naive = route(mapping.partition.graph,
                                      mapping.placement.naive, mapping.keys,
                                      system);
  report.hopsNaive = naive ? naive->hops : 0;
  report.entriesBefore = mapping.tables.before;
  report.entriesAfter = mapping.tables.after;
  report.largestTable = mapping.tables.largest;
  report.entryLimit = compressOptions.router.entryLimit
                          ? compressOptions.router.entryLimit
                          : system.chip.routerEntries;
  for (const TableStats &stats : mapping.tables.stats)
    report.checkedCubes += stats.checkedCubes;
  report.memory = mapping.partition.table;
  return mapping;
}

} // namespace spnc::mapping
