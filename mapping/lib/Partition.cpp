//===- Partition.cpp - Split populations into per-PE slices ---------------===//
#include "spnc-mapping/Partition.h"

#include <algorithm>
#include <cstdio>
#include <map>

namespace spnc::mapping {

namespace {

struct Limits {
  uint64_t data = 0, code = 0;
  bool fits(const MemoryUse &use) const {
    return use.dataBytes() <= data && use.codeBytes <= code;
  }
};

MemoryRow makeRow(const std::string &name, uint32_t slices, uint32_t units,
                  const MemoryUse &use, const Limits &limits) {
  MemoryRow row;
  row.population = name;
  row.slices = slices;
  row.unitsPerSlice = units;
  row.perPE = use;
  row.dataOverBytes = int64_t(use.dataBytes()) - int64_t(limits.data);
  row.codeOverBytes = int64_t(use.codeBytes) - int64_t(limits.code);
  return row;
}

uint64_t ceilDiv(uint64_t a, uint64_t b) { return b ? (a + b - 1) / b : 0; }

} // namespace

std::string formatMemoryTable(const std::vector<MemoryRow> &rows,
                              const spinnaker2::ChipModel &chip) {
  std::string out;
  char line[256];
  std::snprintf(line, sizeof line,
                "  %-16s %6s %8s %9s %8s %8s %9s %8s  %s\n", "population",
                "PEs", "units/PE", "weights", "state", "buffers", "data",
                "code", "over the limit");
  out += line;
  for (const MemoryRow &row : rows) {
    std::string over;
    if (row.dataOverBytes > 0)
      over += "data by " + std::to_string(row.dataOverBytes) + " B";
    if (row.codeOverBytes > 0)
      over += std::string(over.empty() ? "" : ", ") + "code by " +
              std::to_string(row.codeOverBytes) + " B";
    if (over.empty())
      over = "-";
    std::snprintf(line, sizeof line,
                  "  %-16s %6u %8u %9llu %8llu %8llu %9llu %8llu  %s\n",
                  row.population.c_str(), row.slices, row.unitsPerSlice,
                  (unsigned long long)row.perPE.weightBytes,
                  (unsigned long long)row.perPE.stateBytes,
                  (unsigned long long)row.perPE.bufferBytes,
                  (unsigned long long)row.perPE.dataBytes(),
                  (unsigned long long)row.perPE.codeBytes, over.c_str());
    out += line;
  }
  std::snprintf(line, sizeof line,
                "  (per PE limits: data %u B, code %u B; bytes per PE of the "
                "largest slice)\n",
                chip.sramDataBytes, chip.sramCodeBytes);
  out += line;
  return out;
}

uint32_t peLowerBound(const PopulationGraph &graph, const CostFunction &cost,
                      const spinnaker2::ChipModel &chip) {
  if (!cost || chip.sramDataBytes == 0)
    return 0;
  uint64_t total = 0;
  for (uint32_t p = 0; p < graph.populations.size(); ++p)
    total += cost(p, graph.populations[p].units).dataBytes();
  return static_cast<uint32_t>(std::max<uint64_t>(
      graph.populations.size(), ceilDiv(total, chip.sramDataBytes)));
}

Result<PartitionResult> partition(const PopulationGraph &graph,
                                  const CostFunction &cost,
                                  const spinnaker2::SystemModel &system,
                                  const PartitionOptions &options) {
  if (std::optional<std::string> problem = graph.validate())
    return Error{"invalid population graph: " + *problem};
  if (!cost)
    return Error{"partition: no cost function"};
  const spinnaker2::ChipModel &chip = system.chip;
  Limits limits{chip.sramDataBytes, chip.sramCodeBytes};
  uint64_t systemPEs = uint64_t(chip.usablePEs().size()) * system.numChips();
  uint64_t available = options.availablePEs
                           ? std::min<uint64_t>(options.availablePEs, systemPEs)
                           : systemPEs;

  PartitionResult result;
  result.pesAvailable = static_cast<uint32_t>(available);
  std::vector<uint32_t> sliceCount(graph.populations.size());
  uint64_t totalPEs = 0;
  for (uint32_t p = 0; p < graph.populations.size(); ++p) {
    const Population &pop = graph.populations[p];
    uint32_t cap = pop.units;
    if (options.maxUnitsPerSlice)
      cap = std::min(cap, options.maxUnitsPerSlice);
    MemoryUse one = cost(p, 1);
    if (!limits.fits(one)) {
      MemoryRow row = makeRow(pop.name, 0, 1, one, limits);
      std::string what;
      if (row.dataOverBytes > 0)
        what += "its data needs " + std::to_string(one.dataBytes()) +
                " B of " + std::to_string(limits.data) + " B (over by " +
                std::to_string(row.dataOverBytes) + " B)";
      if (row.codeOverBytes > 0)
        what += std::string(what.empty() ? "" : " and ") + "its code needs " +
                std::to_string(one.codeBytes) + " B of " +
                std::to_string(limits.code) + " B (over by " +
                std::to_string(row.codeOverBytes) + " B)";
      return Error{"population '" + pop.name +
                   "' does not fit a PE even with one unit per PE: " + what +
                   "\n" + formatMemoryTable({row}, chip)};
    }
    // The largest slice that fits (binary search; cost is expected to be
    // monotone, every emitted slice is checked below regardless).
    uint32_t best = 1;
    if (limits.fits(cost(p, cap))) {
      best = cap;
    } else {
      uint32_t lo = 1, hi = cap; // fits(lo), !fits(hi)
      while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        (limits.fits(cost(p, mid)) ? lo : hi) = mid;
      }
      best = lo;
    }
    // The fewest balanced slices that all fit.
    uint32_t n = (pop.units + best - 1) / best;
    for (;; ++n) {
      uint32_t small = pop.units / n, large = small + (pop.units % n ? 1 : 0);
      if (large <= cap && limits.fits(cost(p, large)) &&
          limits.fits(cost(p, small == 0 ? 1 : small)))
        break;
      if (n >= pop.units) // one unit per PE fits (checked above)
        break;
    }
    sliceCount[p] = n;
    totalPEs += n;
  }

  // Per-core memory table (largest slice of each population).
  for (uint32_t p = 0; p < graph.populations.size(); ++p) {
    const Population &pop = graph.populations[p];
    uint32_t large = (pop.units + sliceCount[p] - 1) / sliceCount[p];
    result.table.push_back(
        makeRow(pop.name, sliceCount[p], large, cost(p, large), limits));
  }
  if (totalPEs > available) {
    return Error{"the model needs " + std::to_string(totalPEs) +
                 " PEs but only " + std::to_string(available) +
                 " usable PEs are available on '" + system.name + "' (over by " +
                 std::to_string(totalPEs - available) + " PEs)\n" +
                 formatMemoryTable(result.table, chip)};
  }

  // Slices, in population order, units in order.
  SlicedGraph &sliced = result.graph;
  result.slicesOf.resize(graph.populations.size());
  for (uint32_t p = 0; p < graph.populations.size(); ++p) {
    const Population &pop = graph.populations[p];
    uint32_t n = sliceCount[p], first = 0;
    for (uint32_t i = 0; i < n; ++i) {
      uint32_t units = pop.units / n + (i < pop.units % n ? 1 : 0);
      Slice slice;
      slice.population = p;
      slice.firstUnit = first;
      slice.units = units;
      slice.memory = cost(p, units);
      result.slicesOf[p].push_back(static_cast<uint32_t>(sliced.slices.size()));
      sliced.slices.push_back(slice);
      result.totalDataBytes += slice.memory.dataBytes();
      first += units;
    }
  }
  // Every slice of a projection's source feeds every slice of its target.
  std::map<std::pair<uint32_t, uint32_t>, double> edges;
  for (const Projection &projection : graph.projections) {
    if (projection.fanOut <= 0)
      continue;
    double rate = graph.populations[projection.pre].rate;
    for (uint32_t pre : result.slicesOf[projection.pre])
      for (uint32_t post : result.slicesOf[projection.post]) {
        double &r = edges[{pre, post}];
        r = std::max(r, rate * sliced.slices[pre].units);
      }
  }
  for (const auto &[ends, rate] : edges)
    sliced.edges.push_back({ends.first, ends.second, rate});

  result.pesUsed = static_cast<uint32_t>(sliced.slices.size());
  result.pesLowerBound = peLowerBound(graph, cost, chip);
  return result;
}

} // namespace spnc::mapping
