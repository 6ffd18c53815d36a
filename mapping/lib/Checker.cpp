//===- Checker.cpp - Proving two routing tables equivalent ----------------===//
//
// Both tables are first-match functions from keys to routes (or a miss).
// The key space is split recursively into ternary cubes; a cube is split on
// a bit that an entry relevant to it fixes, until in both tables one entry
// (or none) matches every key of the cube. Then the two outcomes are
// compared. Depth is at most 32 and each leaf is a cube, so the proof covers
// all 2^32 keys without enumerating them.
//
//===----------------------------------------------------------------------===//
#include "spnc-mapping/Compression.h"

#include <bitset>
#include <cstdio>

namespace spnc::mapping {

int Cube::generality() const { return 32 - static_cast<int>(std::bitset<32>(mask).count()); }

std::string Cube::str() const {
  std::string out(32, 'X');
  for (int bit = 31; bit >= 0; --bit)
    if (mask & (1u << bit))
      out[31 - bit] = (value >> bit) & 1 ? '1' : '0';
  return out;
}

std::optional<std::string> validateTable(const std::vector<RoutingEntry> &table) {
  for (size_t i = 0; i < table.size(); ++i)
    if (table[i].key & ~table[i].mask) {
      char text[96];
      std::snprintf(text, sizeof text,
                    "entry %zu: key 0x%08x has bits outside mask 0x%08x", i,
                    table[i].key, table[i].mask);
      return std::string(text);
    }
  return std::nullopt;
}

const RoutingEntry *lookup(const std::vector<RoutingEntry> &table,
                           uint32_t key) {
  for (const RoutingEntry &entry : table)
    if ((key & entry.mask) == (entry.key & entry.mask))
      return &entry;
  return nullptr;
}

namespace {

struct Rule {
  Cube cube;
  Route route;
  int index; // entry index, or -1 - i for default rule i
};

/// The table followed by its default rules (what a miss does).
std::vector<Rule> effective(const std::vector<RoutingEntry> &table,
                            const std::vector<Rule> &defaults) {
  std::vector<Rule> rules;
  for (size_t i = 0; i < table.size(); ++i)
    rules.push_back({{table[i].key & table[i].mask, table[i].mask},
                     table[i].route, static_cast<int>(i)});
  rules.insert(rules.end(), defaults.begin(), defaults.end());
  return rules;
}

class Prover {
public:
  Prover(std::vector<Rule> a, std::vector<Rule> b, std::vector<Cube> dc)
      : a(std::move(a)), b(std::move(b)), dc(std::move(dc)) {}

  CheckResult run() {
    std::vector<int> la(a.size()), lb(b.size()), ld(dc.size());
    for (size_t i = 0; i < la.size(); ++i)
      la[i] = static_cast<int>(i);
    for (size_t i = 0; i < lb.size(); ++i)
      lb[i] = static_cast<int>(i);
    for (size_t i = 0; i < ld.size(); ++i)
      ld[i] = static_cast<int>(i);
    result.equivalent = walk({0, 0}, la, lb, ld);
    return result;
  }

private:
  static std::vector<int> filterRules(const std::vector<Rule> &rules,
                                      const std::vector<int> &list,
                                      const Cube &q) {
    std::vector<int> out;
    for (int i : list)
      if (rules[i].cube.intersects(q)) {
        out.push_back(i);
        if (rules[i].cube.covers(q))
          break; // everything below is shadowed on q
      }
    return out;
  }

  static int splitBit(const Cube &by, const Cube &q) {
    uint32_t candidates = by.mask & ~q.mask;
    for (int bit = 31; bit >= 0; --bit)
      if (candidates & (1u << bit))
        return bit;
    return -1;
  }

  std::string describe(const std::vector<Rule> &rules, const std::vector<int> &l,
                       const char *which) {
    if (l.empty())
      return std::string(which) + " misses";
    const Rule &rule = rules[l.front()];
    std::string entry = rule.index >= 0
                            ? "entry " + std::to_string(rule.index)
                            : "default routing";
    return std::string(which) + " sends it to " + rule.route.str() + " (" +
           entry + ")";
  }

  bool walk(Cube q, const std::vector<int> &laIn, const std::vector<int> &lbIn,
            const std::vector<int> &ldIn) {
    std::vector<int> la = filterRules(a, laIn, q);
    std::vector<int> lb = filterRules(b, lbIn, q);
    std::vector<int> ld;
    for (int i : ldIn)
      if (dc[i].intersects(q)) {
        if (dc[i].covers(q)) {
          leaf(q);
          return true;
        }
        ld.push_back(i);
      }
    bool aFixed = la.empty() || a[la.front()].cube.covers(q);
    bool bFixed = lb.empty() || b[lb.front()].cube.covers(q);
    int bit = -1;
    if (aFixed && bFixed) {
      bool same = la.empty() == lb.empty() &&
                  (la.empty() || a[la.front()].route == b[lb.front()].route);
      if (same) {
        leaf(q);
        return true;
      }
      if (ld.empty()) {
        leaf(q);
        char text[64];
        std::snprintf(text, sizeof text, "key 0x%08x: ", q.value);
        result.witnessKey = q.value;
        result.message = text + describe(a, la, "the original table") + ", " +
                         describe(b, lb, "the compressed table");
        return false;
      }
      bit = splitBit(dc[ld.front()], q);
    } else {
      bit = !aFixed ? splitBit(a[la.front()].cube, q)
                    : splitBit(b[lb.front()].cube, q);
    }
    Cube zero{q.value, q.mask | (1u << bit)};
    Cube one{q.value | (1u << bit), q.mask | (1u << bit)};
    return walk(zero, la, lb, ld) && walk(one, la, lb, ld);
  }

  void leaf(const Cube &q) {
    ++result.cubes;
    result.keysCovered += uint64_t(1) << q.generality();
  }

  std::vector<Rule> a, b;
  std::vector<Cube> dc;
  CheckResult result;
};

} // namespace

CheckResult checkEquivalence(const std::vector<RoutingEntry> &original,
                             const std::vector<RoutingEntry> &compressed,
                             const CheckOptions &options) {
  for (const auto *table : {&original, &compressed})
    if (std::optional<std::string> problem = validateTable(*table)) {
      CheckResult result;
      result.message = std::string(table == &original ? "original" : "compressed") +
                       " table: " + *problem;
      return result;
    }
  // Default routing: a key of an original entry whose packets arrive
  // through exactly one link L leaves through the opposite link on a miss.
  std::vector<Rule> defaults;
  if (options.defaultRouting)
    for (const RoutingEntry &entry : original) {
      uint32_t s = entry.sources;
      if (s == 0 || (s & (s - 1)) || (s & kSourceLocal))
        continue;
      int link = 0;
      while (!(s & (1u << link)))
        ++link;
      Route route;
      route.links = 1u << oppositeLink(link);
      defaults.push_back({{entry.key & entry.mask, entry.mask}, route,
                          -1 - static_cast<int>(defaults.size())});
    }
  std::vector<Cube> dc;
  for (const Cube &cube : options.dontCare)
    dc.push_back({cube.value & cube.mask, cube.mask});
  Prover prover(effective(original, defaults), effective(compressed, defaults),
                std::move(dc));
  return prover.run();
}

} // namespace spnc::mapping
