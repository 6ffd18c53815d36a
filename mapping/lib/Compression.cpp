//===- Compression.cpp - Ordered covering and default-route removal -------===//
//
// Ordered covering, in spnc's words (docs/Mapping.md has the background):
//
// The table is kept sorted by generality where priorities allow. In every
// round, each group of entries sharing a route is a candidate merge; its
// covering cube c (X wherever the members differ) would be inserted at p,
// the first position after the last member whose entry is at least as
// general as c. The candidate is refined until the merge changes no key's
// route:
//   up:     a member that overlaps a different-route entry lying between it
//           and p would lose its keys to that entry: drop the member;
//   down:   for every different-route entry e below p, the keys of c that e
//           routes must already be taken by an entry above p, or by an entry
//           with c's route above e, or be don't-care;
//   missed: every key of c must match some entry above p or with c's route
//           (or be don't-care): the merge may not capture a missed key.
// A failed down/missed check yields an offending sub-cube U of c; the merge
// then fixes one of c's X bits to the value U does not have, keeping the
// members that agree (the bit that keeps the most members wins). When
// refinement drops members, the group's halves (split on the highest bit
// where the members differ) are tried too. The best refined candidate (most
// members) is applied; rounds repeat until no candidate keeps two members.
//
//===----------------------------------------------------------------------===//
#include "spnc-mapping/Compression.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace spnc::mapping {

namespace {

struct Item {
  Cube cube;
  Route route;
  uint32_t sources = 0;
  int generality = 0;
};

Item itemOf(const RoutingEntry &entry) {
  Item item;
  item.cube = {entry.key & entry.mask, entry.mask};
  item.route = entry.route;
  item.sources = entry.sources;
  item.generality = item.cube.generality();
  return item;
}

/// A sub-cube of q that no cube of `cubes` covers, or nullopt.
std::optional<Cube> uncovered(const Cube &q, const std::vector<Cube> &cubes) {
  std::vector<Cube> relevant;
  for (const Cube &c : cubes)
    if (c.intersects(q)) {
      if (c.covers(q))
        return std::nullopt;
      relevant.push_back(c);
    }
  if (relevant.empty())
    return q;
  uint32_t candidates = relevant.front().mask & ~q.mask;
  int bit = 31;
  while (!(candidates & (1u << bit)))
    --bit;
  for (uint32_t v : {0u, 1u}) {
    Cube half{q.value | (v << bit), q.mask | (1u << bit)};
    if (std::optional<Cube> u = uncovered(half, relevant))
      return u;
  }
  return std::nullopt;
}

Cube coverOf(const std::vector<Item> &table, const std::vector<int> &members) {
  uint32_t commonMask = ~0u, anyOne = 0, allOne = ~0u;
  for (int m : members) {
    commonMask &= table[m].cube.mask;
    anyOne |= table[m].cube.value;
    allOne &= table[m].cube.value;
  }
  uint32_t mask = commonMask & ~(anyOne & ~allOne);
  return {allOne & mask, mask};
}

/// Where the merged entry goes: the first position after the last member
/// whose entry is at least as general.
size_t insertionPoint(const std::vector<Item> &table,
                      const std::vector<int> &members, int generality) {
  size_t p = static_cast<size_t>(members.back()) + 1;
  while (p < table.size() && table[p].generality < generality)
    ++p;
  return p;
}

class OrderedCovering {
public:
  OrderedCovering(std::vector<Item> table, std::vector<Cube> dontCare,
                  uint32_t target)
      : table(std::move(table)), dontCare(std::move(dontCare)), target(target) {}

  std::vector<Item> run() {
    sortByGenerality();
    while (table.size() > target) {
      std::map<Route, std::vector<int>> groups;
      for (size_t i = 0; i < table.size(); ++i)
        groups[table[i].route].push_back(static_cast<int>(i));
      std::vector<int> best;
      for (auto &[route, members] : groups)
        explore(members, best);
      if (best.empty())
        break;
      apply(best);
    }
    return table;
  }

private:
  /// Insertion sort by generality that never moves an entry above an
  /// overlapping entry with another route (that would change priorities).
  void sortByGenerality() {
    for (size_t i = 1; i < table.size(); ++i)
      for (size_t j = i; j > 0; --j) {
        Item &upper = table[j - 1], &lower = table[j];
        if (upper.generality <= lower.generality)
          break;
        if (upper.cube.intersects(lower.cube) && upper.route != lower.route)
          break;
        std::swap(upper, lower);
      }
  }

  /// Searches `members` (one route) for the largest valid merge, updating
  /// `best`: first the whole set, then, if refinement had to drop members,
  /// each half of it split on the highest bit where the members differ.
  /// A half no larger than `best` cannot improve it and is skipped.
  void explore(const std::vector<int> &members, std::vector<int> &best) {
    if (members.size() < 2 || members.size() <= best.size())
      return;
    std::vector<int> refined = refine(members);
    if (refined.size() >= 2 && refined.size() > best.size())
      best = refined;
    if (refined.size() == members.size())
      return;
    Cube c = coverOf(table, members);
    uint32_t differ = ~c.mask;
    for (int m : members)
      differ &= table[m].cube.mask; // bits every member fixes
    if (!differ)
      return;
    int bit = 31;
    while (!(differ & (1u << bit)))
      --bit;
    std::vector<int> halves[2];
    for (int m : members)
      halves[(table[m].cube.value >> bit) & 1].push_back(m);
    if (halves[0].size() < halves[1].size())
      std::swap(halves[0], halves[1]);
    explore(halves[0], best);
    explore(halves[1], best);
  }

  /// Fixes one X bit of `c` against the offending sub-cube `u`.
  std::vector<int> resolve(const std::vector<int> &members, const Cube &c,
                           const Cube &u) {
    uint32_t bits = ~c.mask & u.mask;
    std::vector<int> best;
    for (int bit = 31; bit >= 0; --bit) {
      if (!(bits & (1u << bit)))
        continue;
      uint32_t want = ~u.value & (1u << bit);
      std::vector<int> keep;
      for (int m : members)
        if ((table[m].cube.mask & (1u << bit)) &&
            (table[m].cube.value & (1u << bit)) == want)
          keep.push_back(m);
      if (keep.size() > best.size())
        best = std::move(keep);
    }
    return best;
  }

  std::vector<int> refine(std::vector<int> members) {
    const Route &route = table[members.front()].route;
    while (members.size() >= 2) {
      Cube c = coverOf(table, members);
      size_t p = insertionPoint(table, members, c.generality());
      // Up: members hidden by a different-route entry between them and p.
      std::vector<int> kept;
      for (int m : members) {
        bool hidden = false;
        for (size_t f = m + 1; f < p && !hidden; ++f)
          hidden = table[f].route != route &&
                   table[f].cube.intersects(table[m].cube);
        if (!hidden)
          kept.push_back(m);
      }
      if (kept.size() != members.size()) {
        members = std::move(kept);
        continue;
      }
      // Down: different-route entries below p whose keys c would capture.
      std::optional<Cube> offending;
      for (size_t e = p; e < table.size() && !offending; ++e) {
        if (table[e].route == route || !table[e].cube.intersects(c))
          continue;
        Cube both{c.value | table[e].cube.value, c.mask | table[e].cube.mask};
        std::vector<Cube> allowed = dontCare;
        for (size_t g = 0; g < e; ++g)
          if (g < p || table[g].route == route)
            allowed.push_back(table[g].cube);
        offending = uncovered(both, allowed);
      }
      // Missed keys c would capture.
      if (!offending) {
        std::vector<Cube> allowed = dontCare;
        for (size_t g = 0; g < table.size(); ++g)
          if (g < p || table[g].route == route)
            allowed.push_back(table[g].cube);
        offending = uncovered(c, allowed);
      }
      if (!offending)
        return members;
      members = resolve(members, c, *offending);
    }
    return {};
  }

  void apply(const std::vector<int> &members) {
    Item merged;
    merged.cube = coverOf(table, members);
    merged.generality = merged.cube.generality();
    merged.route = table[members.front()].route;
    for (int m : members)
      merged.sources |= table[m].sources;
    size_t p = insertionPoint(table, members, merged.generality);
    std::vector<Item> next;
    next.reserve(table.size() - members.size() + 1);
    size_t k = 0;
    for (size_t i = 0; i <= table.size(); ++i) {
      if (i == p)
        next.push_back(merged);
      if (i == table.size())
        break;
      if (k < members.size() && members[k] == static_cast<int>(i)) {
        ++k;
        continue;
      }
      next.push_back(table[i]);
    }
    table = std::move(next);
  }

  std::vector<Item> table;
  std::vector<Cube> dontCare;
  size_t target = 0;
};

RoutingEntry entryOf(const Item &item) {
  RoutingEntry entry;
  entry.key = item.cube.value;
  entry.mask = item.cube.mask;
  entry.route = item.route;
  entry.sources = item.sources;
  return entry;
}

} // namespace

Result<std::vector<RoutingEntry>>
orderedCovering(const std::vector<RoutingEntry> &table,
                const std::vector<Cube> &dontCare, uint32_t targetEntries) {
  if (std::optional<std::string> problem = validateTable(table))
    return Error{"ordered covering: " + *problem};
  std::vector<Item> items;
  for (const RoutingEntry &entry : table)
    items.push_back(itemOf(entry));
  std::vector<Cube> dc;
  for (const Cube &cube : dontCare)
    dc.push_back({cube.value & cube.mask, cube.mask});
  std::vector<Item> result =
      OrderedCovering(std::move(items), std::move(dc), targetEntries).run();
  std::vector<RoutingEntry> out;
  for (const Item &item : result)
    out.push_back(entryOf(item));
  return out;
}

std::vector<RoutingEntry>
removeDefaultRoutes(const std::vector<RoutingEntry> &table) {
  std::vector<RoutingEntry> out;
  for (size_t i = 0; i < table.size(); ++i) {
    const RoutingEntry &entry = table[i];
    uint32_t s = entry.sources;
    bool oneLink = s != 0 && !(s & (s - 1)) && !(s & kSourceLocal);
    bool removable = false;
    if (oneLink) {
      int link = 0;
      while (!(s & (1u << link)))
        ++link;
      Route straight;
      straight.links = 1u << oppositeLink(link);
      removable = entry.route == straight;
      Cube cube{entry.key & entry.mask, entry.mask};
      for (size_t j = i + 1; j < table.size() && removable; ++j) {
        Cube other{table[j].key & table[j].mask, table[j].mask};
        if (other.intersects(cube) && table[j].route != entry.route)
          removable = false;
      }
    }
    if (!removable)
      out.push_back(entry);
  }
  return out;
}

Result<CompressedTables> compressTables(const std::vector<RoutingTable> &tables,
                                        const spinnaker2::SystemModel &system,
                                        const CompressOptions &options) {
  using Clock = std::chrono::steady_clock;
  auto seconds = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double>(b - a).count();
  };
  uint32_t limit = options.router.entryLimit ? options.router.entryLimit
                                             : system.chip.routerEntries;
  CompressedTables result;
  std::vector<std::string> overfull;
  for (const RoutingTable &table : tables) {
    auto where = [&]() {
      std::string name = "router of chip " + std::to_string(table.chip);
      if (table.chip < system.chips.size())
        name += " (" + std::to_string(system.chips[table.chip].x) + "," +
                std::to_string(system.chips[table.chip].y) + ")";
      return name;
    };
    TableStats stats;
    stats.chip = table.chip;
    stats.before = table.entries.size();
    Clock::time_point t0 = Clock::now();
    std::vector<RoutingEntry> entries = table.entries;
    if (options.orderedCovering) {
      Result<std::vector<RoutingEntry>> merged =
          orderedCovering(table.entries, options.dontCare, options.targetEntries);
      if (!merged)
        return Error{where() + ": " + merged.error().message};
      entries = merged.take();
    } else if (std::optional<std::string> problem = validateTable(entries)) {
      return Error{where() + ": " + *problem};
    }
    if (options.router.defaultRouting)
      entries = removeDefaultRoutes(entries);
    Clock::time_point t1 = Clock::now();
    CheckResult check = checkEquivalence(
        table.entries, entries,
        {options.router.defaultRouting, options.dontCare});
    Clock::time_point t2 = Clock::now();
    if (!check.equivalent)
      return Error{where() + ": the compressed table is not equivalent to "
                             "the original: " + check.message};
    stats.after = entries.size();
    stats.compressSeconds = seconds(t0, t1);
    stats.checkSeconds = seconds(t1, t2);
    stats.checkedCubes = check.cubes;
    result.before += stats.before;
    result.after += stats.after;
    result.largest = std::max(result.largest, stats.after);
    result.compressSeconds += stats.compressSeconds;
    result.checkSeconds += stats.checkSeconds;
    if (entries.size() > limit)
      overfull.push_back(where() + " needs " + std::to_string(entries.size()) +
                         " entries after compression (" +
                         std::to_string(stats.before) + " before); it holds " +
                         std::to_string(limit) + " (over by " +
                         std::to_string(entries.size() - limit) + ")");
    result.stats.push_back(stats);
    result.tables.push_back({table.chip, std::move(entries)});
  }
  if (!overfull.empty()) {
    std::string message = "routing tables exceed the router's capacity:";
    for (const std::string &line : overfull)
      message += "\n  " + line;
    return Error{message};
  }
  return result;
}

} // namespace spnc::mapping
