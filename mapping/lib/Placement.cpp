//===- Placement.cpp - Slices onto PEs and chips --------------------------===//
#include "spnc-mapping/Placement.h"

#include "Geometry.h"
#include "spnc-mapping/Routing.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace spnc::mapping {

namespace {

uint32_t chipsFor(const spinnaker2::SystemModel &system,
                  const PlacementOptions &options) {
  uint32_t chips = static_cast<uint32_t>(system.numChips());
  return options.maxChips ? std::min(chips, options.maxChips) : chips;
}

/// Every usable PE of the first `chips` chips, row-major per chip.
std::vector<Location> slotsOf(const spinnaker2::SystemModel &system,
                              uint32_t chips) {
  std::vector<Location> slots;
  for (uint32_t c = 0; c < chips; ++c)
    for (const spinnaker2::PEId &pe : system.chip.usablePEs())
      slots.push_back({c, pe});
  return slots;
}

/// Simulated annealing over slot swaps, with the objective maintained
/// incrementally. Sources with the same destination set (all slices of a
/// population, usually) form a group that shares one count of destinations
/// per QPE and, per mesh column, the lowest and highest destination row.
/// A source's on-chip tree from (ex, ey) has H(ex) + V(ey) edges (the row
/// span plus the column spans from row ey), so a group's cost is
/// sum_x R_x H(x) + sum_y R_y V(y) with R_x, R_y the rates of its sources
/// per column and row: one evaluation costs O(columns x rows) however many
/// sources the group has.
class Annealer {
public:
  Annealer(const detail::Geometry &geo, const SlicedGraph &graph,
           std::vector<Location> slots, const std::vector<Location> &start)
      : geo(geo), slots(std::move(slots)), loc(start) {
    nChips = geo.numChips;
    W = geo.width;
    H = geo.height;
    C = geo.cells();
    std::vector<std::vector<uint32_t>> dests = graph.destinations();
    rate = graph.sourceRates();
    uint32_t n = static_cast<uint32_t>(graph.slices.size());
    groupOf.assign(n, -1);
    destGroups.resize(n);
    std::map<std::vector<uint32_t>, int> byDests;
    for (uint32_t s = 0; s < n; ++s) {
      if (dests[s].empty())
        continue;
      auto [it, added] =
          byDests.emplace(dests[s], static_cast<int>(byDests.size()));
      groupOf[s] = it->second;
      if (added)
        for (uint32_t d : dests[s])
          destGroups[d].push_back(static_cast<uint32_t>(it->second));
    }
    size_t G = byDests.size();
    counts.assign(G * nChips * C, 0);
    lo.assign(G * nChips * W, INT8_MAX);
    hi.assign(G * nChips * W, INT8_MIN);
    chipCount.assign(G * nChips, 0);
    rChip.assign(G * nChips, 0.0);
    rX.assign(G * nChips * W, 0.0);
    rY.assign(G * nChips * H, 0.0);
    cost.assign(G, 0.0);
    stamp.assign(G, 0);
    inTree.assign(nChips, 0);
    hasChild.assign(nChips, 0);
    occupied.resize(G);
    roots.resize(G);
    occupiedAt.assign(G * nChips, -1);
    rootAt.assign(G * nChips, -1);
    rootCount.assign(G * nChips, 0);
    scratchLo.resize(W);
    scratchHi.resize(W);
    for (uint32_t d = 0; d < n; ++d)
      for (uint32_t g : destGroups[d])
        addDest(g, loc[d], +1);
    for (uint32_t s = 0; s < n; ++s)
      if (groupOf[s] >= 0)
        addRoot(static_cast<uint32_t>(groupOf[s]), loc[s], rate[s], +1);
    sliceAt.assign(this->slots.size(), -1);
    slotOf.assign(n, 0);
    std::map<std::tuple<uint32_t, int, int, int>, uint32_t> slotIndex;
    for (size_t i = 0; i < this->slots.size(); ++i) {
      const Location &at = this->slots[i];
      slotIndex[{at.chip, at.pe.qx, at.pe.qy, at.pe.qp}] = static_cast<uint32_t>(i);
    }
    for (uint32_t s = 0; s < n; ++s) {
      uint32_t i = slotIndex.at({loc[s].chip, loc[s].pe.qx, loc[s].pe.qy, loc[s].pe.qp});
      sliceAt[i] = static_cast<int>(s);
      slotOf[s] = i;
    }
    std::map<std::tuple<int, std::vector<uint32_t>, double>, int> roles;
    role.resize(n);
    for (uint32_t s = 0; s < n; ++s)
      role[s] = roles.emplace(std::make_tuple(groupOf[s], destGroups[s], rate[s]),
                              static_cast<int>(roles.size()))
                    .first->second;
    total = 0;
    for (size_t g = 0; g < G; ++g) {
      cost[g] = groupCost(g);
      total += cost[g];
    }
  }

  double objective() const { return total; }

  /// Whether swapping the contents of slots a and b cannot change the
  /// objective: same QPE, or two slices with the same role (same source
  /// group, same destination groups, same rate).
  bool neutral(uint32_t a, uint32_t b) const {
    const Location &la = slots[a], &lb = slots[b];
    if (la.chip == lb.chip && la.pe.qx == lb.pe.qx && la.pe.qy == lb.pe.qy)
      return true;
    int sa = sliceAt[a], sb = sliceAt[b];
    return sa >= 0 && sb >= 0 && role[sa] == role[sb];
  }
  const std::vector<Location> &locations() const { return loc; }
  size_t numSlots() const { return slots.size(); }
  size_t numSlices() const { return loc.size(); }
  uint32_t slotOfSlice(uint32_t s) const { return slotOf[s]; }
  const Location &slot(size_t i) const { return slots[i]; }

  /// Swaps the contents of two slots (at least one occupied) and returns
  /// the change of the objective.
  double swap(uint32_t a, uint32_t b) {
    ++epoch;
    affected.clear();
    auto touch = [&](uint32_t g) {
      if (stamp[g] != epoch) {
        stamp[g] = epoch;
        affected.push_back(g);
      }
    };
    int sa = sliceAt[a], sb = sliceAt[b];
    for (int s : {sa, sb}) {
      if (s < 0)
        continue;
      if (groupOf[s] >= 0)
        touch(static_cast<uint32_t>(groupOf[s]));
      for (uint32_t g : destGroups[s])
        touch(g);
    }
    double before = 0;
    for (uint32_t g : affected)
      before += cost[g];
    const Location la = slots[a], lb = slots[b];
    auto moveSlice = [&](int s, const Location &from, const Location &to) {
      if (s < 0)
        return;
      for (uint32_t g : destGroups[s]) {
        addDest(g, from, -1);
        addDest(g, to, +1);
      }
      if (groupOf[s] >= 0) {
        addRoot(static_cast<uint32_t>(groupOf[s]), from, rate[s], -1);
        addRoot(static_cast<uint32_t>(groupOf[s]), to, rate[s], +1);
      }
      loc[s] = to;
    };
    moveSlice(sa, la, lb);
    moveSlice(sb, lb, la);
    if (sa >= 0)
      slotOf[sa] = b;
    if (sb >= 0)
      slotOf[sb] = a;
    std::swap(sliceAt[a], sliceAt[b]);
    double after = 0;
    for (uint32_t g : affected) {
      cost[g] = groupCost(g);
      after += cost[g];
    }
    total += after - before;
    return after - before;
  }

  /// Undoes the last swap(a, b).
  void undo(uint32_t a, uint32_t b) {
    swap(a, b);
    // Rounding makes the running total drift: resynchronise now and then.
    if (++undos % 4096 == 0) {
      total = 0;
      for (size_t g = 0; g < cost.size(); ++g)
        total += cost[g];
    }
  }

private:
  void addDest(uint32_t g, const Location &at, int delta) {
    size_t chipBase = size_t(g) * nChips + at.chip;
    counts[chipBase * C + geo.cell(at.pe.qx, at.pe.qy)] += delta;
    int32_t before = chipCount[chipBase];
    chipCount[chipBase] += delta;
    if (nChips > 1 && (before == 0) != (chipCount[chipBase] == 0))
      toggle(occupied[g], occupiedAt, chipBase, at.chip, before == 0);
    int x = at.pe.qx - geo.x0;
    int8_t l = INT8_MAX, h = INT8_MIN;
    const int16_t *column = &counts[chipBase * C + x];
    for (int y = 0; y < H; ++y)
      if (column[y * W] > 0) {
        int8_t row = static_cast<int8_t>(y + geo.y0);
        l = std::min(l, row);
        h = std::max(h, row);
      }
    lo[chipBase * W + x] = l;
    hi[chipBase * W + x] = h;
  }

  /// Adds or removes `chip` in a per-group list (position kept in `at`).
  void toggle(std::vector<uint32_t> &list, std::vector<int32_t> &at,
              size_t chipBase, uint32_t chip, bool add) {
    if (add) {
      at[chipBase] = static_cast<int32_t>(list.size());
      list.push_back(chip);
      return;
    }
    int32_t i = at[chipBase];
    uint32_t last = list.back();
    list[i] = last;
    at[chipBase - chip + last] = i;
    list.pop_back();
    at[chipBase] = -1;
  }

  void addRoot(uint32_t g, const Location &at, double rate, int sign) {
    size_t chipBase = size_t(g) * nChips + at.chip;
    double r = sign * rate;
    if (nChips > 1) {
      int32_t before = rootCount[chipBase];
      rootCount[chipBase] += sign;
      if ((before == 0) != (rootCount[chipBase] == 0))
        toggle(roots[g], rootAt, chipBase, at.chip, before == 0);
    }
    rChip[chipBase] += r;
    rX[chipBase * W + (at.pe.qx - geo.x0)] += r;
    rY[chipBase * H + (at.pe.qy - geo.y0)] += r;
  }

  /// Column extents of group g on `chip`, with the link port as an extra
  /// target when the chip forwards to other chips.
  void loadExtents(uint32_t g, uint32_t chip, bool port) {
    size_t base = (size_t(g) * nChips + chip) * W;
    std::copy(&lo[base], &lo[base] + W, scratchLo.begin());
    std::copy(&hi[base], &hi[base] + W, scratchHi.begin());
    if (port) {
      int px = geo.portX - geo.x0;
      scratchLo[px] = std::min<int8_t>(scratchLo[px], int8_t(geo.portY));
      scratchHi[px] = std::max<int8_t>(scratchHi[px], int8_t(geo.portY));
    }
  }

  /// Rate-weighted tree edges of the group's sources rooted on `chip`,
  /// inside that chip.
  double rootChipCost(uint32_t g, uint32_t chip, bool port) {
    loadExtents(g, chip, port);
    size_t base = size_t(g) * nChips + chip;
    int minX = INT32_MAX, maxX = INT32_MIN;
    for (int i = 0; i < W; ++i)
      if (scratchLo[i] <= scratchHi[i]) {
        minX = std::min(minX, i + geo.x0);
        maxX = std::max(maxX, i + geo.x0);
      }
    if (minX > maxX)
      return 0;
    double sum = 0;
    for (int i = 0; i < W; ++i) {
      double r = rX[base * W + i];
      if (r == 0)
        continue;
      int x = i + geo.x0;
      sum += r * (std::max(maxX, x) - std::min(minX, x));
    }
    for (int j = 0; j < H; ++j) {
      double r = rY[base * H + j];
      if (r == 0)
        continue;
      int y = j + geo.y0, vertical = 0;
      for (int i = 0; i < W; ++i) {
        if (scratchLo[i] > scratchHi[i])
          continue;
        vertical += std::max(0, scratchHi[i] - y) + std::max(0, y - scratchLo[i]);
      }
      sum += r * vertical;
    }
    return sum;
  }

  double groupCost(uint32_t g) {
    if (nChips == 1)
      return rootChipCost(g, 0, false);
    double sum = 0;
    for (uint32_t root : roots[g]) {
      double r = rChip[size_t(g) * nChips + root];
      ++treeEpoch;
      tree.clear();
      inTree[root] = treeEpoch;
      tree.push_back(root);
      uint32_t shared = 0; // chip links and the mesh edges on other chips
      for (uint32_t c : occupied[g])
        for (uint32_t at = c; inTree[at] != treeEpoch;) {
          inTree[at] = treeEpoch;
          tree.push_back(at);
          uint32_t p = static_cast<uint32_t>(geo.parent(root, at));
          hasChild[p] = treeEpoch;
          ++shared;
          at = p;
        }
      for (uint32_t c : tree) {
        if (c == root)
          continue;
        loadExtents(g, c, hasChild[c] == treeEpoch);
        shared += static_cast<uint32_t>(detail::xyHops(
            geo.portX, geo.portY, scratchLo.data(), scratchHi.data(), W, geo.x0));
      }
      sum += r * shared + rootChipCost(g, root, hasChild[root] == treeEpoch);
    }
    return sum;
  }

  const detail::Geometry &geo;
  std::vector<Location> slots, loc;
  uint32_t nChips = 0;
  int W = 0, H = 0, C = 0;
  std::vector<double> rate;                      // per slice
  std::vector<int> groupOf;                      // slice -> its group as a source
  std::vector<int> role;                         // slice -> interchangeability class
  std::vector<std::vector<uint32_t>> destGroups; // slice -> groups reaching it
  std::vector<int16_t> counts;
  std::vector<int8_t> lo, hi;
  std::vector<int32_t> chipCount;
  std::vector<double> rChip, rX, rY;
  std::vector<double> cost;
  std::vector<int> sliceAt;
  std::vector<uint32_t> slotOf;
  std::vector<uint64_t> stamp;
  uint64_t epoch = 0, undos = 0;
  std::vector<uint32_t> affected;
  std::vector<uint64_t> inTree, hasChild; // stamped with treeEpoch
  uint64_t treeEpoch = 0;
  std::vector<uint32_t> tree;
  // Multi-chip only: per group, the chips holding destinations and the
  // chips holding sources (with positions in those lists per group x chip).
  std::vector<std::vector<uint32_t>> occupied, roots;
  std::vector<int32_t> occupiedAt, rootAt, rootCount;
  std::vector<int8_t> scratchLo, scratchHi;
  double total = 0;
};

} // namespace

std::optional<std::string>
validatePlacement(const SlicedGraph &graph, const Placement &placement,
                  const spinnaker2::SystemModel &system) {
  if (placement.slices.size() != graph.slices.size())
    return "the placement places " + std::to_string(placement.slices.size()) +
           " slices, the graph has " + std::to_string(graph.slices.size());
  std::set<std::tuple<uint32_t, int, int, int>> used;
  for (size_t s = 0; s < placement.slices.size(); ++s) {
    const Location &at = placement.slices[s];
    std::string name = "slice " + std::to_string(s) + " on " + at.str();
    if (at.chip >= system.numChips())
      return name + ": the system has " + std::to_string(system.numChips()) +
             " chips";
    if (!system.chip.isUsable(at.pe))
      return name + ": not a usable PE";
    if (!used.insert({at.chip, at.pe.qx, at.pe.qy, at.pe.qp}).second)
      return name + ": the PE already runs another slice";
  }
  return std::nullopt;
}

Result<Placement> naivePlacement(const SlicedGraph &graph,
                                 const spinnaker2::SystemModel &system,
                                 const PlacementOptions &options) {
  std::vector<Location> slots = slotsOf(system, chipsFor(system, options));
  if (graph.slices.size() > slots.size())
    return Error{"placement: " + std::to_string(graph.slices.size()) +
                 " slices but only " + std::to_string(slots.size()) +
                 " usable PEs (over by " +
                 std::to_string(graph.slices.size() - slots.size()) + ")"};
  Placement placement;
  placement.slices.assign(slots.begin(), slots.begin() + graph.slices.size());
  return placement;
}

double trafficCost(const SlicedGraph &graph, const Placement &placement,
                   const spinnaker2::SystemModel &system) {
  std::vector<std::vector<uint32_t>> dests = graph.destinations();
  std::vector<double> rates = graph.sourceRates();
  double total = 0;
  for (uint32_t s = 0; s < graph.slices.size() && s < placement.slices.size();
       ++s) {
    if (dests[s].empty())
      continue;
    std::vector<Location> targets;
    for (uint32_t d : dests[s])
      if (d < placement.slices.size())
        targets.push_back(placement.slices[d]);
    Result<MulticastTree> tree =
        multicastTree(system, placement.slices[s], targets);
    if (tree)
      total += rates[s] * tree->hops();
  }
  return total;
}

double trafficLowerBound(const SlicedGraph &graph, const Placement &placement) {
  std::vector<std::vector<uint32_t>> dests = graph.destinations();
  std::vector<double> rates = graph.sourceRates();
  double total = 0;
  for (uint32_t s = 0; s < graph.slices.size() && s < placement.slices.size();
       ++s) {
    const Location &root = placement.slices[s];
    std::set<std::tuple<uint32_t, int, int>> qpes;
    for (uint32_t d : dests[s]) {
      if (d >= placement.slices.size())
        continue;
      const Location &at = placement.slices[d];
      if (at.chip == root.chip && at.pe.qx == root.pe.qx &&
          at.pe.qy == root.pe.qy)
        continue;
      qpes.insert({at.chip, at.pe.qx, at.pe.qy});
    }
    total += rates[s] * qpes.size();
  }
  return total;
}

Result<PlacementResult> place(const SlicedGraph &graph,
                              const spinnaker2::SystemModel &system,
                              const PlacementOptions &options) {
  for (const SliceEdge &edge : graph.edges)
    if (edge.pre >= graph.slices.size() || edge.post >= graph.slices.size() ||
        !(edge.rate >= 0) || !std::isfinite(edge.rate))
      return Error{"placement: an edge names slice " +
                   std::to_string(std::max(edge.pre, edge.post)) +
                   " or has an invalid rate; the graph has " +
                   std::to_string(graph.slices.size()) + " slices"};
  Result<Placement> naive = naivePlacement(graph, system, options);
  if (!naive)
    return naive.error();
  detail::Geometry geo(system);
  uint32_t chips = chipsFor(system, options);
  for (uint32_t a = 0; a < chips; ++a)
    for (uint32_t b = 0; b < chips; ++b)
      if (!geo.reachable(a, b))
        return Error{"placement: chip " + std::to_string(b) +
                     " cannot be reached from chip " + std::to_string(a)};

  PlacementResult result;
  result.naive = *naive;
  Annealer annealer(geo, graph, slotsOf(system, chips), naive->slices);
  result.naiveCost = annealer.objective();
  std::vector<Location> best = annealer.locations();
  double bestCost = annealer.objective();

  // Slot lookup by (chip, QPE cell, qp) for range-limited moves.
  const spinnaker2::ChipModel &model = system.chip;
  const int pesPerQPE = model.pesPerQPE;
  std::vector<int> slotAt(size_t(chips) * geo.cells() * pesPerQPE, -1);
  for (size_t i = 0; i < annealer.numSlots(); ++i) {
    const Location &at = annealer.slot(i);
    slotAt[(size_t(at.chip) * geo.cells() + geo.cell(at.pe.qx, at.pe.qy)) *
               pesPerQPE + at.pe.qp] = static_cast<int>(i);
  }
  // Who each slice exchanges packets with (destinations and sources).
  std::vector<std::vector<uint32_t>> neighbours = graph.destinations();
  for (uint32_t pre = 0; pre < neighbours.size(); ++pre)
    for (uint32_t post : std::vector<uint32_t>(neighbours[pre]))
      if (post != pre)
        neighbours[post].push_back(pre);
  for (std::vector<uint32_t> &list : neighbours) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  detail::Random random(options.seed);
  const uint64_t budget = uint64_t(options.movesPerSlice) * graph.slices.size();
  const double maxRange = std::max(model.qxMax - model.qxMin, model.qyMax - model.qyMin);
  double range = maxRange;
  // A move: a random slice and a random PE at most `range` QPEs away in x
  // and y (on a neighbouring chip now and then); swap their contents.
  auto propose = [&](uint32_t &a, uint32_t &b) {
    uint32_t s = static_cast<uint32_t>(random.below(annealer.numSlices()));
    a = annealer.slotOfSlice(s);
    Location from = annealer.slot(a);
    // Half the moves aim next to a slice this one talks to.
    if (!neighbours[s].empty() && random.below(2) == 0)
      from = annealer.locations()[neighbours[s][random.below(neighbours[s].size())]];
    uint32_t chip = from.chip;
    if (chips > 1 && random.below(8) == 0) {
      std::optional<size_t> next =
          system.neighbour(chip, static_cast<int>(random.below(kNumChipLinks)));
      if (next && *next < chips)
        chip = static_cast<uint32_t>(*next);
    }
    int r = std::max(1, static_cast<int>(range + 0.5));
    for (int attempt = 0; attempt < 16; ++attempt) {
      int qx = from.pe.qx + static_cast<int>(random.below(2 * r + 1)) - r;
      int qy = from.pe.qy + static_cast<int>(random.below(2 * r + 1)) - r;
      if (!model.hasQPE(qx, qy))
        continue;
      int qp = static_cast<int>(random.below(pesPerQPE));
      int slot = slotAt[(size_t(chip) * geo.cells() + geo.cell(qx, qy)) *
                            pesPerQPE + qp];
      if (slot >= 0 && !annealer.neutral(a, static_cast<uint32_t>(slot))) {
        b = static_cast<uint32_t>(slot);
        return;
      }
    }
    b = a;
  };
  auto step = [&](double temperature) {
    uint32_t a, b;
    propose(a, b);
    ++result.movesTried;
    if (a == b)
      return false;
    double delta = annealer.swap(a, b);
    if (delta <= 0 ||
        (temperature > 0 && random.unit() < std::exp(-delta / temperature))) {
      ++result.movesAccepted;
      if (annealer.objective() < bestCost - 1e-9 * std::max(1.0, bestCost)) {
        bestCost = annealer.objective();
        best = annealer.locations();
      }
      return true;
    }
    annealer.undo(a, b);
    return false;
  };
  if (budget > 0 && !graph.slices.empty() && annealer.objective() > 0) {
    // Start where a typical (median) uphill move is accepted half the
    // time; the median, not the mean, because a few heavy sources (a dense
    // input layer) would otherwise set a temperature at which all other
    // slices wander at random. Cool geometrically by a factor of 1000 over
    // 90 % of the budget while the move range adapts to keep the acceptance
    // rate near 0.44 (VPR's range limiter, Betz and Rose); then quench.
    std::vector<double> uphill;
    for (int i = 0; i < 200; ++i) {
      uint32_t a, b;
      propose(a, b);
      if (a == b)
        continue;
      double delta = annealer.swap(a, b);
      annealer.undo(a, b);
      if (delta > 0)
        uphill.push_back(delta);
    }
    double typical = 1.0;
    if (!uphill.empty()) {
      std::nth_element(uphill.begin(), uphill.begin() + uphill.size() / 2, uphill.end());
      typical = uphill[uphill.size() / 2];
    }
    double temperature = typical / std::log(2.0);
    const uint64_t block = 256;
    uint64_t annealMoves = budget - budget / 10;
    double cooling = std::pow(1e-3, double(block) / double(std::max<uint64_t>(annealMoves, 1)));
    while (result.movesTried + block <= annealMoves) {
      uint64_t accepted = 0;
      for (uint64_t i = 0; i < block; ++i)
        accepted += step(temperature);
      double rate = double(accepted) / double(block);
      temperature *= cooling;
      range = std::clamp(range * (1.0 - 0.44 + rate), 1.0, maxRange);
    }
    // Quench: only improving moves, nearby.
    range = 1;
    while (result.movesTried < budget)
      step(0);
  }
  result.placement.slices = best;
  result.annealedObjective = bestCost;
  result.cost = trafficCost(graph, result.placement, system);
  result.naiveCost = trafficCost(graph, result.naive, system);
  result.lowerBound = trafficLowerBound(graph, result.placement);
  return result;
}

} // namespace spnc::mapping
