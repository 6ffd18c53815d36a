//===- Compression.h - Routing-table minimisation and its checker -*- C++ -*-===//
//
// Ordered covering (after Mundy, Heathcote and Garside, 2016): entries with
// the same route are merged into one covering key/mask and the table is
// kept in increasing order of generality (number of X bits), so a merged,
// more general entry sits below the specific entries it must not override.
// A merge is accepted only when no key changes its route; see
// docs/Mapping.md. Optionally, entries that default routing would handle
// anyway are removed afterwards.
//
// The checker proves two ordered tables equivalent over all 2^32 keys by
// splitting the key space into ternary cubes on which both tables are
// constant (never by enumerating keys): every key that matched an original
// entry routes exactly as before, and every key that missed still misses
// (or is default-routed as before).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_COMPRESSION_H
#define SPNC_MAPPING_COMPRESSION_H

#include "spnc-mapping/Result.h"
#include "spnc-mapping/Routing.h"

namespace spnc::mapping {

/// A ternary cube of keys: bits set in `mask` are fixed to `value`, the
/// others are X. value has no bits outside mask.
struct Cube {
  uint32_t value = 0, mask = 0;
  bool contains(uint32_t key) const { return (key & mask) == value; }
  bool intersects(const Cube &o) const {
    return ((value ^ o.value) & mask & o.mask) == 0;
  }
  /// o is a subset of this.
  bool covers(const Cube &o) const {
    return (mask & ~o.mask) == 0 && ((value ^ o.value) & mask) == 0;
  }
  int generality() const; // number of X bits
  std::string str() const; // 32 characters of 0/1/X, most significant first
};

/// The router behaviour the tables are compressed for.
struct RouterModel {
  /// SpiNNaker 1 style default routing: a packet that matches no entry and
  /// arrived through link L leaves through the opposite link. The simulator
  /// (and thus spnc by default) drops such packets instead.
  bool defaultRouting = false;
  /// Entries per table; 0 = the target's chip.router.entries.
  uint32_t entryLimit = 0;
};

struct CompressOptions {
  RouterModel router;
  /// Keys that are never sent: the compressor may route them anywhere and
  /// the checker ignores them. Empty = strict: missed keys stay missed.
  std::vector<Cube> dontCare;
  /// Run ordered covering (false: only check and enforce the limit).
  bool orderedCovering = true;
  /// Stop merging once a table has at most this many entries; 0 minimises
  /// fully. Ordered covering costs O(entries^2) per merge, so very large
  /// tables (thousands of entries with many distinct routes) should set it,
  /// e.g. to the router's capacity.
  uint32_t targetEntries = 0;
};

/// nullopt, or the first entry whose key has bits outside its mask.
std::optional<std::string> validateTable(const std::vector<RoutingEntry> &table);

/// Ordered covering of one table (any order; overlapping entries are
/// allowed and their priorities kept). Errors only for invalid tables.
Result<std::vector<RoutingEntry>>
orderedCovering(const std::vector<RoutingEntry> &table,
                const std::vector<Cube> &dontCare = {},
                uint32_t targetEntries = 0);

/// Removes entries whose packets default routing sends the same way: one
/// arrival link L (sources), route = only the opposite link, and no later
/// entry that could capture their keys.
std::vector<RoutingEntry>
removeDefaultRoutes(const std::vector<RoutingEntry> &table);

struct CheckOptions {
  bool defaultRouting = false;
  std::vector<Cube> dontCare;
};

struct CheckResult {
  bool equivalent = false;
  /// Why not: the witness key, its route before and after.
  std::string message;
  uint32_t witnessKey = 0;
  /// Keys proven (2^32 on success: the cubes partition the key space,
  /// including don't-care keys, which are counted but not compared).
  uint64_t keysCovered = 0;
  uint64_t cubes = 0; // leaf cubes examined
};

/// Proves `compressed` routes every key like `original`. With default
/// routing, a missed key of an original entry with one arrival link is
/// sent out of the opposite link in both tables.
CheckResult checkEquivalence(const std::vector<RoutingEntry> &original,
                             const std::vector<RoutingEntry> &compressed,
                             const CheckOptions &options = {});

/// The route a key takes through `table` (nullptr: it misses).
const RoutingEntry *lookup(const std::vector<RoutingEntry> &table,
                           uint32_t key);

struct TableStats {
  uint32_t chip = 0;
  size_t before = 0, after = 0;
  double compressSeconds = 0, checkSeconds = 0;
  uint64_t checkedCubes = 0;
};

struct CompressedTables {
  std::vector<RoutingTable> tables;
  std::vector<TableStats> stats; // per table
  size_t before = 0, after = 0, largest = 0;
  double compressSeconds = 0, checkSeconds = 0;
};

/// Compresses every table, proves each result equivalent to its input
/// (an error if not: that would be a compressor bug), and fails if a table
/// still exceeds the entry limit, naming the router and the counts.
Result<CompressedTables> compressTables(const std::vector<RoutingTable> &tables,
                                        const spinnaker2::SystemModel &system,
                                        const CompressOptions &options = {});

} // namespace spnc::mapping

#endif // SPNC_MAPPING_COMPRESSION_H
