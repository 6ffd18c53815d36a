//===- Geometry.h - Chip-level trees and the QPE mesh (internal) -*- C++ -*-===//
//
// Shared by placement (which counts tree edges incrementally) and routing
// (which builds the trees explicitly); both must agree, and the tests check
// that they do.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_LIB_GEOMETRY_H
#define SPNC_MAPPING_LIB_GEOMETRY_H

#include "spnc-mapping/Model.h"
#include "spnc-mapping/Routing.h"

#include <cstdint>
#include <vector>

namespace spnc::mapping::detail {

class Geometry {
public:
  explicit Geometry(const spinnaker2::SystemModel &system);

  const spinnaker2::SystemModel &system;
  uint32_t numChips = 0;
  /// The mesh grid (bounding box of the QPEs and the link port).
  int x0 = 0, y0 = 0, width = 0, height = 0;
  int portX = 0, portY = 0;

  int cells() const { return width * height; }
  int cell(int qx, int qy) const { return (qy - y0) * width + (qx - x0); }
  int cellX(int cell) const { return cell % width + x0; }
  int cellY(int cell) const { return cell / width + y0; }

  /// The breadth-first chip tree rooted at `root` (links tried in order
  /// 0..5): the parent of `chip` (-1 for the root or an unreachable chip)
  /// and the parent's link that leads to `chip`.
  int parent(uint32_t root, uint32_t chip) const {
    return parents[root * numChips + chip];
  }
  int linkFromParent(uint32_t root, uint32_t chip) const {
    return parentLinks[root * numChips + chip];
  }
  bool reachable(uint32_t root, uint32_t chip) const {
    return root == chip || parent(root, chip) >= 0;
  }

  /// Edges of the union of XY paths from (ex, ey) to every (x, y) in
  /// `targets` (mesh coordinates), appended to `edges`.
  void xyTree(uint32_t chip, int ex, int ey,
              const std::vector<std::pair<int, int>> &targets,
              std::vector<MeshEdge> &edges) const;

private:
  std::vector<int> parents, parentLinks;
};

/// Edge count of the union of XY paths from row ey / column ex to targets
/// described per column by the lowest and highest target row (lo > hi: no
/// target in that column).
inline int xyHops(int ex, int ey, const int8_t *lo, const int8_t *hi,
                  int width, int x0) {
  int minX = ex, maxX = ex, vertical = 0;
  for (int i = 0; i < width; ++i) {
    if (lo[i] > hi[i])
      continue;
    int x = i + x0;
    minX = x < minX ? x : minX;
    maxX = x > maxX ? x : maxX;
    if (hi[i] > ey)
      vertical += hi[i] - ey;
    if (lo[i] < ey)
      vertical += ey - lo[i];
  }
  return (maxX - minX) + vertical;
}

/// A small deterministic generator (xoshiro256**, seeded by splitmix64), so
/// placements are the same on every platform for a seed.
class Random {
public:
  explicit Random(uint64_t seed);
  uint64_t next();
  /// Uniform in [0, n), n > 0.
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  /// Uniform in [0, 1).
  double unit() { return double(next() >> 11) * 0x1.0p-53; }

private:
  uint64_t s[4];
};

} // namespace spnc::mapping::detail

#endif // SPNC_MAPPING_LIB_GEOMETRY_H
