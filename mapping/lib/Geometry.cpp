//===- Geometry.cpp - Chip-level trees and the QPE mesh --------------------===//
#include "Geometry.h"

#include <algorithm>
#include <deque>

namespace spnc::mapping::detail {

Geometry::Geometry(const spinnaker2::SystemModel &system) : system(system) {
  const spinnaker2::ChipModel &chip = system.chip;
  numChips = static_cast<uint32_t>(system.numChips());
  portX = chip.linkPortQX;
  portY = chip.linkPortQY;
  int xMin = chip.qxMin, xMax = chip.qxMax, yMin = chip.qyMin, yMax = chip.qyMax;
  if (numChips > 1) {
    xMin = std::min(xMin, portX);
    xMax = std::max(xMax, portX);
    yMin = std::min(yMin, portY);
    yMax = std::max(yMax, portY);
  }
  x0 = xMin;
  y0 = yMin;
  width = std::max(0, xMax - xMin + 1);
  height = std::max(0, yMax - yMin + 1);

  parents.assign(size_t(numChips) * numChips, -1);
  parentLinks.assign(size_t(numChips) * numChips, -1);
  for (uint32_t root = 0; root < numChips; ++root) {
    std::vector<bool> seen(numChips, false);
    std::deque<uint32_t> queue{root};
    seen[root] = true;
    while (!queue.empty()) {
      uint32_t at = queue.front();
      queue.pop_front();
      for (int link = 0; link < kNumChipLinks; ++link) {
        std::optional<size_t> next = system.neighbour(at, link);
        if (!next || seen[*next])
          continue;
        seen[*next] = true;
        parents[root * numChips + *next] = static_cast<int>(at);
        parentLinks[root * numChips + *next] = link;
        queue.push_back(static_cast<uint32_t>(*next));
      }
    }
  }
}

void Geometry::xyTree(uint32_t chip, int ex, int ey,
                      const std::vector<std::pair<int, int>> &targets,
                      std::vector<MeshEdge> &edges) const {
  if (targets.empty())
    return;
  // Row ey from the leftmost to the rightmost column, then per column up
  // and down from row ey to the farthest target.
  int minX = ex, maxX = ex;
  for (const auto &[x, y] : targets) {
    minX = std::min(minX, x);
    maxX = std::max(maxX, x);
  }
  for (int x = ex; x > minX; --x)
    edges.push_back({chip, x, ey, x - 1, ey});
  for (int x = ex; x < maxX; ++x)
    edges.push_back({chip, x, ey, x + 1, ey});
  for (int x = minX; x <= maxX; ++x) {
    int lo = ey, hi = ey;
    for (const auto &[tx, ty] : targets)
      if (tx == x) {
        lo = std::min(lo, ty);
        hi = std::max(hi, ty);
      }
    for (int y = ey; y > lo; --y)
      edges.push_back({chip, x, y, x, y - 1});
    for (int y = ey; y < hi; ++y)
      edges.push_back({chip, x, y, x, y + 1});
  }
}

Random::Random(uint64_t seed) {
  for (uint64_t &word : s) {
    seed += 0x9E3779B97F4A7C15ull;
    uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    word = z ^ (z >> 31);
  }
}

uint64_t Random::next() {
  auto rotl = [](uint64_t x, int k) { return (x << k) | (x >> (64 - k)); };
  uint64_t result = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return result;
}

} // namespace spnc::mapping::detail
