//===- KeysTest.cpp - Key allocation ---------------------------------------===//
#include "TestUtil.h"

#include <set>

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

SlicedGraph slicesOf(const std::vector<std::vector<uint32_t>> &populations) {
  SlicedGraph graph;
  for (uint32_t p = 0; p < populations.size(); ++p) {
    uint32_t first = 0;
    for (uint32_t units : populations[p]) {
      Slice slice;
      slice.population = p;
      slice.firstUnit = first;
      slice.units = units;
      first += units;
      graph.slices.push_back(slice);
    }
  }
  return graph;
}

TEST(KeysTest, SliceBlocksAreAlignedDisjointAndHoldUnitsAndEndOfStep) {
  SlicedGraph graph = slicesOf({{30, 30, 29}, {1}, {63, 64}, {5, 5, 5, 5, 5}});
  Result<KeyAllocation> keys = allocateKeys(graph, 4);
  ASSERT_TRUE(keys) << keys.error().message;
  ASSERT_EQ(keys->slices.size(), graph.slices.size());
  for (size_t s = 0; s < graph.slices.size(); ++s) {
    const SliceKeys &k = keys->slices[s];
    uint64_t size = uint64_t(1) << k.blockBits;
    EXPECT_EQ(k.base % size, 0u) << "slice " << s;
    EXPECT_EQ(k.mask(), ~uint32_t(size - 1));
    EXPECT_LE(graph.slices[s].units + SPNC_MAP_BLOCK_RESERVED, size);
    // The smallest block for the population's largest slice.
    uint32_t largest = 0;
    for (const Slice &other : graph.slices)
      if (other.population == graph.slices[s].population)
        largest = std::max(largest, other.units);
    EXPECT_GT(largest + SPNC_MAP_BLOCK_RESERVED, size / 2) << "slice " << s;
    for (uint32_t u = 0; u < graph.slices[s].units; ++u) {
      EXPECT_EQ(k.key(u) & k.mask(), k.base);
      EXPECT_NE(k.key(u), k.eosKey());
    }
    EXPECT_EQ(k.eosKey() & k.mask(), k.base);
    EXPECT_LT(uint64_t(k.base) + size, uint64_t(SPNC_MAP_CONTROL_KEY_BASE) + 1);
    for (size_t t = 0; t < s; ++t) {
      const SliceKeys &o = keys->slices[t];
      Cube a{k.base, k.mask()}, b{o.base, o.mask()};
      EXPECT_FALSE(a.intersects(b)) << "slices " << s << " and " << t;
    }
  }
  // Each population's slices sit in its zone, so one entry can cover them.
  ASSERT_EQ(keys->zones.size(), 4u);
  for (const KeyZone &zone : keys->zones)
    for (size_t s = 0; s < graph.slices.size(); ++s) {
      bool inZone = (keys->slices[s].base & zone.mask) == zone.base;
      EXPECT_EQ(inZone, graph.slices[s].population == zone.population);
    }
  // The 64-unit slice needs a block of 128 (64 units + end-of-step).
  EXPECT_EQ(keys->slices[5].blockBits, 7u);
}

TEST(KeysTest, AbiCompatibleFormat) {
  SlicedGraph graph = slicesOf({{100, 100, 100}, {7}});
  KeyOptions options;
  options.fixedBlockBits = 19; // abi.h: key = source << 19 | index
  options.reservedPerBlock = 256;
  Result<KeyAllocation> keys = allocateKeys(graph, 2, options);
  ASSERT_TRUE(keys) << keys.error().message;
  std::set<uint32_t> sources;
  for (const SliceKeys &k : keys->slices) {
    EXPECT_EQ(k.base & 0x7FFFFu, 0u);
    EXPECT_EQ(k.mask(), 0xFFF80000u);
    EXPECT_EQ(k.eosKey(), k.base | 0x7FFFFu);
    uint32_t source = k.base >> 19;
    EXPECT_LE(source, 0x1FFEu); // 0x1FFF is the host's source
    sources.insert(source);
  }
  EXPECT_EQ(sources.size(), 4u);
}

TEST(KeysTest, TooManyKeysIsAnError) {
  // 8192 slices of 2^19 keys do not fit below the control range.
  SlicedGraph graph = slicesOf({std::vector<uint32_t>(4096, 10),
                                std::vector<uint32_t>(4096, 10)});
  KeyOptions options;
  options.fixedBlockBits = 19;
  Result<KeyAllocation> keys = allocateKeys(graph, 2, options);
  ASSERT_FALSE(keys);
  EXPECT_NE(keys.error().message.find("below the control range"),
            std::string::npos)
      << keys.error().message;
  // 8191 of them fit exactly, in zones of 4096, 2048, ..., 1 slices.
  std::vector<std::vector<uint32_t>> zones;
  for (uint32_t n = 4096; n >= 1; n /= 2)
    zones.push_back(std::vector<uint32_t>(n, 10));
  Result<KeyAllocation> full = allocateKeys(slicesOf(zones), 13, options);
  ASSERT_TRUE(full) << full.error().message;
  EXPECT_EQ(full->keysUsed, uint64_t(SPNC_MAP_CONTROL_KEY_BASE));
}

TEST(KeysTest, SliceTooLargeForAFixedBlockIsAnError) {
  SlicedGraph graph = slicesOf({{16}});
  KeyOptions options;
  options.fixedBlockBits = 4; // 16 keys: 15 units + end-of-step
  Result<KeyAllocation> keys = allocateKeys(graph, 1, options);
  ASSERT_FALSE(keys);
  EXPECT_NE(keys.error().message.find("over by 1"), std::string::npos)
      << keys.error().message;
  graph.slices[0].units = 15;
  EXPECT_TRUE(allocateKeys(graph, 1, options));
  graph.slices[0].population = 3;
  EXPECT_FALSE(allocateKeys(graph, 1, options)); // unknown population
}

TEST(KeysTest, UnallocatedKeysComplementTheBlocks) {
  SlicedGraph graph = slicesOf({{30, 30, 29}, {1}, {63, 64}});
  Result<KeyAllocation> keys = allocateKeys(graph, 3);
  ASSERT_TRUE(keys);
  std::vector<Cube> unused = unallocatedKeys(*keys);
  uint64_t total = uint64_t(1) << 19; // the control range
  for (const SliceKeys &k : keys->slices)
    total += uint64_t(1) << k.blockBits;
  for (size_t i = 0; i < unused.size(); ++i) {
    total += uint64_t(1) << unused[i].generality();
    for (const SliceKeys &k : keys->slices)
      EXPECT_FALSE(unused[i].intersects({k.base, k.mask()}));
    EXPECT_FALSE(unused[i].intersects(
        {SPNC_MAP_CONTROL_KEY_BASE, SPNC_MAP_CONTROL_KEY_MASK}));
    for (size_t j = 0; j < i; ++j)
      EXPECT_FALSE(unused[i].intersects(unused[j]));
  }
  EXPECT_EQ(total, uint64_t(1) << 32);
}

} // namespace
