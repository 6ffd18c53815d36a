//===- Keys.cpp - Multicast keys for every event source -------------------===//
#include "spnc-mapping/Keys.h"

#include <algorithm>

namespace spnc::mapping {

static uint32_t ceilLog2(uint64_t n) {
  uint32_t bits = 0;
  while ((uint64_t(1) << bits) < n)
    ++bits;
  return bits;
}

Result<KeyAllocation> allocateKeys(const SlicedGraph &graph,
                                   uint32_t numPopulations,
                                   const KeyOptions &options) {
  if (options.fixedBlockBits > 31)
    return Error{"keys: a block of 2^" + std::to_string(options.fixedBlockBits) +
                 " keys does not fit the key space"};
  std::vector<std::vector<uint32_t>> slicesOf(numPopulations);
  for (uint32_t s = 0; s < graph.slices.size(); ++s) {
    uint32_t p = graph.slices[s].population;
    if (p >= numPopulations)
      return Error{"keys: slice " + std::to_string(s) + " names population " +
                   std::to_string(p) + " of " + std::to_string(numPopulations)};
    slicesOf[p].push_back(s);
  }
  struct Zone {
    uint32_t population, blockBits, zoneBits;
  };
  std::vector<Zone> zones;
  for (uint32_t p = 0; p < numPopulations; ++p) {
    if (slicesOf[p].empty())
      continue;
    uint64_t largest = 0;
    for (uint32_t s : slicesOf[p])
      largest = std::max<uint64_t>(largest, graph.slices[s].units);
    uint64_t needed = largest + options.reservedPerBlock;
    uint32_t blockBits = options.fixedBlockBits;
    if (blockBits == 0) {
      blockBits = ceilLog2(std::max<uint64_t>(needed, 1));
    } else if (needed > (uint64_t(1) << blockBits)) {
      return Error{"keys: population " + std::to_string(p) + " has a slice of " +
                   std::to_string(largest) + " units; with " +
                   std::to_string(options.reservedPerBlock) +
                   " reserved indices a block of 2^" +
                   std::to_string(blockBits) + " keys is too small (over by " +
                   std::to_string(needed - (uint64_t(1) << blockBits)) + ")"};
    }
    uint32_t zoneBits = blockBits + ceilLog2(slicesOf[p].size());
    if (zoneBits > 31)
      return Error{"keys: population " + std::to_string(p) + " needs 2^" +
                   std::to_string(zoneBits) + " keys"};
    zones.push_back({p, blockBits, zoneBits});
  }
  // Largest zones first: each then starts at a multiple of its size.
  std::sort(zones.begin(), zones.end(), [](const Zone &a, const Zone &b) {
    return a.zoneBits != b.zoneBits ? a.zoneBits > b.zoneBits
                                    : a.population < b.population;
  });
  KeyAllocation result;
  result.slices.resize(graph.slices.size());
  uint64_t next = 0;
  for (const Zone &zone : zones) {
    uint64_t size = uint64_t(1) << zone.zoneBits;
    if (next + size > SPNC_MAP_EVENT_KEY_LIMIT)
      return Error{"keys: the slices need more than the " +
                   std::to_string(uint64_t(SPNC_MAP_EVENT_KEY_LIMIT)) +
                   " keys below the control range (population " +
                   std::to_string(zone.population) + " would end at " +
                   std::to_string(next + size) + ")"};
    uint32_t base = static_cast<uint32_t>(next);
    result.zones.push_back(
        {zone.population, base, ~static_cast<uint32_t>(size - 1)});
    const std::vector<uint32_t> &slices = slicesOf[zone.population];
    for (size_t i = 0; i < slices.size(); ++i)
      result.slices[slices[i]] = {
          base | static_cast<uint32_t>(i << zone.blockBits), zone.blockBits};
    next += size;
  }
  result.keysUsed = next;
  return result;
}

} // namespace spnc::mapping
