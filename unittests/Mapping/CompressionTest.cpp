//===- CompressionTest.cpp - Ordered covering and the equivalence checker ---===//
//
// The fuzz tests draw random ordered tables whose entries fix every key bit
// outside a small "active" set (a low window and bit 31) to 0. Any key with
// another bit set then misses in the original and in every compressed or
// mutated table, so enumerating the active keys is a complete brute-force
// reference for the cube-based checker.
//
//===----------------------------------------------------------------------===//
#include "TestUtil.h"

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

constexpr uint32_t kHighBit = 0x80000000u;

struct Fuzz {
  explicit Fuzz(uint32_t seed) : rng(seed) {}
  std::mt19937 rng;
  uint32_t below(uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(rng); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; }

  int window = 8;
  uint32_t activeMask() const { return ((1u << window) - 1) | kHighBit; }

  Route route(uint32_t which) {
    Route r;
    if (which & 1)
      r.addPE(int(which * 7 % 150));
    r.links = (which >> 1) & 0x3F;
    if (r.empty())
      r.addPE(3);
    return r;
  }

  /// A random entry over the active bits; `routes` distinct routes.
  RoutingEntry entry(uint32_t routes, double xProbability) {
    RoutingEntry e;
    uint32_t mask = ~activeMask(); // inactive bits: fixed to 0
    for (int bit = 0; bit < window; ++bit)
      if (!chance(xProbability))
        mask |= 1u << bit;
    if (!chance(0.3))
      mask |= kHighBit;
    e.mask = mask;
    e.key = static_cast<uint32_t>(rng()) & mask & activeMask();
    e.route = route(below(routes) + 1);
    return e;
  }

  std::vector<RoutingEntry> table(uint32_t size, uint32_t routes, double xp) {
    std::vector<RoutingEntry> t;
    for (uint32_t i = 0; i < size; ++i)
      t.push_back(entry(routes, xp));
    return t;
  }

  std::vector<uint32_t> keys() const {
    std::vector<uint32_t> out;
    for (uint32_t k = 0; k < (1u << window); ++k) {
      out.push_back(k);
      out.push_back(k | kHighBit);
    }
    out.push_back(1u << window); // an inactive bit: misses everywhere
    out.push_back(0x7FFFFFFFu);
    return out;
  }
};

/// What the router does with `key`: the first matching entry's route, else
/// the default route (default routing, an original entry with one arrival
/// link holds the key), else nothing.
std::optional<Route> reference(const std::vector<RoutingEntry> &table,
                               const std::vector<RoutingEntry> &original,
                               bool defaultRouting, uint32_t key) {
  if (const RoutingEntry *e = lookup(table, key))
    return e->route;
  if (defaultRouting)
    for (const RoutingEntry &o : original)
      if ((key & o.mask) == o.key && o.sources && !(o.sources & (o.sources - 1)) &&
          !(o.sources & kSourceLocal)) {
        int link = 0;
        while (!(o.sources & (1u << link)))
          ++link;
        Route r;
        r.links = 1u << oppositeLink(link);
        return r;
      }
  return std::nullopt;
}

bool inDontCare(const std::vector<Cube> &dc, uint32_t key) {
  for (const Cube &c : dc)
    if (c.contains(key))
      return true;
  return false;
}

/// Brute force over the active keys: the first key routed differently.
std::optional<uint32_t> bruteForceDifference(const Fuzz &fuzz,
                                             const std::vector<RoutingEntry> &a,
                                             const std::vector<RoutingEntry> &b,
                                             bool defaultRouting = false,
                                             const std::vector<Cube> &dc = {}) {
  for (uint32_t key : fuzz.keys()) {
    if (inDontCare(dc, key))
      continue;
    if (reference(a, a, defaultRouting, key) != reference(b, a, defaultRouting, key))
      return key;
  }
  return std::nullopt;
}

TEST(CompressionTest, FuzzOrderedCoveringIsProvenAndBruteForceEquivalent) {
  size_t before = 0, after = 0;
  for (uint32_t seed = 1; seed <= 3000; ++seed) {
    Fuzz fuzz(seed);
    fuzz.window = 4 + fuzz.below(6);
    std::vector<RoutingEntry> table =
        fuzz.table(1 + fuzz.below(40), 1 + fuzz.below(4), 0.15 + 0.4 * fuzz.chance(0.5));
    Result<std::vector<RoutingEntry>> compressed = orderedCovering(table);
    ASSERT_TRUE(compressed) << compressed.error().message;
    CheckResult check = checkEquivalence(table, *compressed);
    ASSERT_TRUE(check.equivalent) << "seed " << seed << ": " << check.message;
    EXPECT_EQ(check.keysCovered, uint64_t(1) << 32);
    std::optional<uint32_t> diff = bruteForceDifference(fuzz, table, *compressed);
    ASSERT_FALSE(diff.has_value()) << "seed " << seed << " key " << *diff;
    EXPECT_LE(compressed->size(), table.size());
    before += table.size();
    after += compressed->size();
  }
  EXPECT_LT(after, before * 9 / 10); // it does compress
}

TEST(CompressionTest, FuzzWithDontCareKeys) {
  for (uint32_t seed = 1; seed <= 1500; ++seed) {
    Fuzz fuzz(seed * 7919);
    fuzz.window = 5 + fuzz.below(4);
    std::vector<RoutingEntry> table = fuzz.table(2 + fuzz.below(30), 1 + fuzz.below(3), 0.3);
    std::vector<Cube> dc;
    for (uint32_t i = fuzz.below(4); i > 0; --i) {
      RoutingEntry e = fuzz.entry(1, 0.4);
      dc.push_back({e.key, e.mask});
    }
    Result<std::vector<RoutingEntry>> compressed = orderedCovering(table, dc);
    ASSERT_TRUE(compressed);
    CheckOptions options;
    options.dontCare = dc;
    CheckResult check = checkEquivalence(table, *compressed, options);
    ASSERT_TRUE(check.equivalent) << "seed " << seed << ": " << check.message;
    EXPECT_EQ(check.keysCovered, uint64_t(1) << 32);
    ASSERT_FALSE(bruteForceDifference(fuzz, table, *compressed, false, dc))
        << "seed " << seed;
  }
}

TEST(CompressionTest, FuzzWithDefaultRouting) {
  spinnaker2::SystemModel system = loadSystem("chip");
  size_t removed = 0;
  for (uint32_t seed = 1; seed <= 1500; ++seed) {
    Fuzz fuzz(seed * 104729);
    fuzz.window = 5 + fuzz.below(4);
    std::vector<RoutingEntry> table = fuzz.table(2 + fuzz.below(30), 1 + fuzz.below(3), 0.3);
    for (RoutingEntry &e : table) {
      uint32_t link = fuzz.below(6);
      e.sources = fuzz.chance(0.2) ? kSourceLocal : 1u << link;
      if (fuzz.chance(0.4)) { // a straight-through entry
        e.route = Route();
        e.route.links = 1u << oppositeLink(static_cast<int>(link));
      }
    }
    CompressOptions options;
    options.router.defaultRouting = true;
    Result<CompressedTables> compressed =
        compressTables({RoutingTable{0, table}}, system, options);
    ASSERT_TRUE(compressed) << "seed " << seed << ": " << compressed.error().message;
    const std::vector<RoutingEntry> &result = compressed->tables[0].entries;
    ASSERT_FALSE(bruteForceDifference(fuzz, table, result, true)) << "seed " << seed;
    std::vector<RoutingEntry> merged = *orderedCovering(table);
    removed += merged.size() - result.size();
  }
  EXPECT_GT(removed, 0u); // default routing removed entries
}

/// Random damage to a table.
std::vector<RoutingEntry> mutate(Fuzz &fuzz, std::vector<RoutingEntry> t) {
  if (t.empty())
    return {fuzz.entry(2, 0.3)};
  uint32_t i = fuzz.below(static_cast<uint32_t>(t.size()));
  switch (fuzz.below(6)) {
  case 0: { // widen or narrow a mask bit
    uint32_t bit = fuzz.below(fuzz.window);
    t[i].mask ^= 1u << bit;
    t[i].key &= t[i].mask;
    break;
  }
  case 1: // flip a key bit
    t[i].key ^= (1u << fuzz.below(fuzz.window)) & t[i].mask;
    break;
  case 2: // another route
    t[i].route = fuzz.route(fuzz.below(5) + 1);
    break;
  case 3: // drop an entry
    t.erase(t.begin() + i);
    break;
  case 4: { // swap two entries
    uint32_t j = fuzz.below(static_cast<uint32_t>(t.size()));
    std::swap(t[i], t[j]);
    break;
  }
  default: // free the high bit
    t[i].mask &= ~kHighBit;
    t[i].key &= t[i].mask;
    break;
  }
  return t;
}

TEST(CompressionTest, FuzzCheckerAgreesWithBruteForceOnDamagedTables) {
  int rejected = 0, accepted = 0;
  for (uint32_t seed = 1; seed <= 3000; ++seed) {
    Fuzz fuzz(seed * 31 + 5);
    fuzz.window = 4 + fuzz.below(5);
    std::vector<RoutingEntry> table = fuzz.table(1 + fuzz.below(25), 1 + fuzz.below(4), 0.3);
    std::vector<RoutingEntry> damaged = mutate(fuzz, *orderedCovering(table));
    CheckResult check = checkEquivalence(table, damaged);
    std::optional<uint32_t> diff = bruteForceDifference(fuzz, table, damaged);
    ASSERT_EQ(check.equivalent, !diff.has_value())
        << "seed " << seed << ": " << check.message;
    if (check.equivalent) {
      ++accepted;
      EXPECT_EQ(check.keysCovered, uint64_t(1) << 32);
    } else {
      ++rejected;
      // The witness really is routed differently.
      uint32_t w = check.witnessKey;
      EXPECT_NE(reference(table, table, false, w), reference(damaged, table, false, w))
          << "seed " << seed << ": " << check.message;
    }
  }
  EXPECT_GT(rejected, 1000);
  EXPECT_GT(accepted, 100); // some damage is harmless (shadowed entries)
}

RoutingEntry exact(uint32_t key, const Route &route) {
  return {key, 0xFFFFFFFFu, route, 0};
}

Route pes(std::initializer_list<int> list) {
  Route r;
  for (int pe : list)
    r.addPE(pe);
  return r;
}

TEST(CompressionTest, KnownBadCompressionsAreRejected) {
  Route a = pes({1}), b = pes({2});
  std::vector<RoutingEntry> original = {exact(0x0, a), exact(0x1, a), exact(0x2, b)};
  // 00XX -> a captures 0x2 (routed to b) and 0x3 (missed).
  std::vector<RoutingEntry> bad = {{0x0, 0xFFFFFFFCu, a, 0}};
  CheckResult check = checkEquivalence(original, bad);
  EXPECT_FALSE(check.equivalent);
  EXPECT_TRUE(check.witnessKey == 0x2 || check.witnessKey == 0x3) << check.message;
  EXPECT_NE(check.message.find("compressed table sends it to"), std::string::npos)
      << check.message;
  // 0x2 protected above it, but 0x3 (missed before) is now captured.
  std::vector<RoutingEntry> stillBad = {exact(0x2, b), {0x0, 0xFFFFFFFCu, a, 0}};
  check = checkEquivalence(original, stillBad);
  EXPECT_FALSE(check.equivalent);
  EXPECT_EQ(check.witnessKey, 0x3u);
  EXPECT_NE(check.message.find("original table misses"), std::string::npos);
  // Right when 0x3 is never sent.
  CheckOptions dontCare;
  dontCare.dontCare = {{0x3, 0xFFFFFFFFu}};
  EXPECT_TRUE(checkEquivalence(original, stillBad, dontCare).equivalent);
  // Wrong order: the general entry first shadows the specific one.
  std::vector<RoutingEntry> reordered = {{0x0, 0xFFFFFFFCu, a, 0}, exact(0x2, b)};
  EXPECT_FALSE(checkEquivalence(original, reordered, dontCare).equivalent);
  // A dropped entry.
  check = checkEquivalence(original, {exact(0x0, a), exact(0x1, a)});
  EXPECT_FALSE(check.equivalent);
  EXPECT_EQ(check.witnessKey, 0x2u);
  // A route that lost a PE.
  EXPECT_FALSE(checkEquivalence(original, {{0x0, 0xFFFFFFFEu, a, 0},
                                           exact(0x2, pes({2, 3}))})
                   .equivalent);
  EXPECT_TRUE(checkEquivalence(original, {{0x0, 0xFFFFFFFEu, a, 0}, exact(0x2, b)})
                  .equivalent);
  // Invalid entries are reported, not trusted.
  check = checkEquivalence(original, {{0x3, 0x1, a, 0}});
  EXPECT_FALSE(check.equivalent);
  EXPECT_NE(check.message.find("bits outside mask"), std::string::npos);
  EXPECT_FALSE(orderedCovering({{0x3, 0x1, a, 0}}));
}

TEST(CompressionTest, OrderedCoveringExploitsPriority) {
  Route a = pes({1}), b = pes({2});
  std::vector<RoutingEntry> table;
  for (uint32_t k = 0; k < 8; ++k)
    table.push_back(exact(k, k == 5 ? b : a));
  Result<std::vector<RoutingEntry>> result = orderedCovering(table);
  ASSERT_TRUE(result);
  ASSERT_EQ(result->size(), 2u); // 0101 -> b above 0XXX -> a
  EXPECT_EQ((*result)[0].key, 5u);
  EXPECT_EQ((*result)[0].route, b);
  EXPECT_EQ((*result)[1].key, 0u);
  EXPECT_EQ((*result)[1].mask, 0xFFFFFFF8u);
  EXPECT_TRUE(checkEquivalence(table, *result).equivalent);
}

TEST(CompressionTest, TargetEntriesStopsEarly) {
  std::vector<RoutingEntry> table;
  for (uint32_t k = 0; k < 16; ++k) // four aligned runs of four
    table.push_back(exact(k, pes({int(k / 4)})));
  Result<std::vector<RoutingEntry>> full = orderedCovering(table);
  ASSERT_TRUE(full);
  EXPECT_EQ(full->size(), 4u);
  Result<std::vector<RoutingEntry>> partial = orderedCovering(table, {}, 10);
  ASSERT_TRUE(partial);
  EXPECT_EQ(partial->size(), 10u); // 16 -> 13 -> 10, then stop
  EXPECT_TRUE(checkEquivalence(table, *partial).equivalent);
}

TEST(CompressionTest, RoutesSplitIntoRunsStillMerge) {
  // Runs of 40 slices per route that do not align with powers of two: the
  // whole route cannot be one entry, but each run's aligned pieces can.
  std::vector<RoutingEntry> table;
  for (uint32_t i = 0; i < 250; ++i)
    table.push_back({i << 5, ~31u, pes({int(i / 40 % 7)}), 0});
  Result<std::vector<RoutingEntry>> result = orderedCovering(table);
  ASSERT_TRUE(result);
  EXPECT_LE(result->size(), 20u);
  EXPECT_TRUE(checkEquivalence(table, *result).equivalent);
}

TEST(CompressionTest, StrictModeKeepsMissedKeysMissed) {
  Route a = pes({1});
  std::vector<RoutingEntry> table = {exact(0x0, a), exact(0x3, a)};
  Result<std::vector<RoutingEntry>> strict = orderedCovering(table);
  ASSERT_TRUE(strict);
  EXPECT_EQ(strict->size(), 2u); // 00XX would capture 0x1 and 0x2
  Result<std::vector<RoutingEntry>> relaxed =
      orderedCovering(table, {{0x1, 0xFFFFFFFFu}, {0x2, 0xFFFFFFFFu}});
  ASSERT_TRUE(relaxed);
  ASSERT_EQ(relaxed->size(), 1u);
  EXPECT_EQ((*relaxed)[0].mask, 0xFFFFFFFCu);
}

TEST(CompressionTest, DefaultRoutableEntriesAreRemovedOnlyWhenModelled) {
  spinnaker2::SystemModel system = loadSystem("chip");
  Route east;
  east.links = 1u << 0;
  RoutingEntry through{0x10, 0xFFFFFFF0u, east, 1u << 3}; // in W, out E
  RoutingEntry local{0x20, 0xFFFFFFF0u, pes({3}), kSourceLocal};
  RoutingEntry turn{0x30, 0xFFFFFFF0u, east, 1u << 2};    // in N, out E
  std::vector<RoutingEntry> table = {through, local, turn};
  CompressOptions options;
  options.orderedCovering = false;
  options.router.defaultRouting = true;
  Result<CompressedTables> result =
      compressTables({RoutingTable{0, table}}, system, options);
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_EQ(result->tables[0].entries.size(), 2u);
  EXPECT_EQ(result->tables[0].entries[0].key, 0x20u);
  EXPECT_EQ(result->tables[0].entries[1].key, 0x30u);
  // Without default routing the removal drops the through traffic.
  CheckResult check = checkEquivalence(table, result->tables[0].entries);
  EXPECT_FALSE(check.equivalent);
  EXPECT_EQ(check.witnessKey & 0xFFFFFFF0u, 0x10u);
  EXPECT_NE(check.message.find("compressed table misses"), std::string::npos);
  CheckOptions withDefaults;
  withDefaults.defaultRouting = true;
  EXPECT_TRUE(checkEquivalence(table, result->tables[0].entries, withDefaults)
                  .equivalent);
  // The simulator's model (the default) keeps the entry.
  options.router.defaultRouting = false;
  result = compressTables({RoutingTable{0, table}}, system, options);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->tables[0].entries.size(), 3u);
}

TEST(CompressionTest, TablesOverTheRouterLimitAreErrors) {
  spinnaker2::SystemModel system = loadSystem("chip");
  std::vector<RoutingEntry> table;
  for (uint32_t k = 0; k < 5; ++k)
    table.push_back(exact(k << 4, pes({int(k)})));
  CompressOptions options;
  options.router.entryLimit = 3;
  Result<CompressedTables> result =
      compressTables({RoutingTable{0, table}}, system, options);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find(
                "router of chip 0 (0,0) needs 5 entries after compression "
                "(5 before); it holds 3 (over by 2)"),
            std::string::npos)
      << result.error().message;
  options.router.entryLimit = 5;
  EXPECT_TRUE(compressTables({RoutingTable{0, table}}, system, options));
}

} // namespace
