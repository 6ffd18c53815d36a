//===- MapperTest.cpp - The whole mapping flow -----------------------------===//
#include "TestUtil.h"

#include <set>

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

/// Every source's keys reach exactly the PEs of its destination slices
/// through the compressed tables.
void expectRoutesWork(const Mapping &mapping,
                      const spinnaker2::SystemModel &system) {
  const SlicedGraph &graph = mapping.partition.graph;
  std::vector<std::vector<uint32_t>> dests = graph.destinations();
  for (uint32_t s = 0; s < graph.slices.size(); ++s) {
    if (dests[s].empty())
      continue;
    std::set<std::pair<uint32_t, int>> expected;
    for (uint32_t d : dests[s]) {
      const Location &at = mapping.placement.placement.slices[d];
      expected.insert({at.chip, peIndex(system.chip, at.pe)});
    }
    const SliceKeys &keys = mapping.keys.slices[s];
    for (uint32_t key : {keys.key(0), keys.eosKey()}) {
      std::string error;
      std::vector<std::pair<uint32_t, int>> got =
          deliveries(mapping.tables.tables, system,
                     mapping.placement.placement.slices[s], key, error);
      EXPECT_EQ(error, "");
      std::set<std::pair<uint32_t, int>> reached(got.begin(), got.end());
      EXPECT_EQ(reached, expected) << "slice " << s;
    }
  }
}

TEST(MapperTest, EgruLanguageModelOnOneChip) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(750, {1350, 1350, 750}, 0.05);
  Result<Mapping> mapping = mapGraph(model.graph, model.cost(), system);
  ASSERT_TRUE(mapping) << mapping.error().message;
  const MappingReport &report = mapping->report;
  EXPECT_EQ(report.slices, report.pesUsed);
  EXPECT_LE(report.pesLowerBound, report.pesUsed);
  EXPECT_LE(report.pesUsed, 148u);
  EXPECT_EQ(report.chipsUsed, 1u);
  EXPECT_LE(report.trafficPlaced, report.trafficNaive);
  EXPECT_GE(report.trafficPlaced, report.trafficLowerBound);
  EXPECT_GE(report.hops, report.hopsLowerBound);
  // One entry per source slice before compression (one chip); ordered
  // covering merges the slices of each layer.
  EXPECT_EQ(report.entriesBefore, report.slices);
  EXPECT_LT(report.entriesAfter, report.entriesBefore / 4);
  EXPECT_LE(report.largestTable, report.entryLimit);
  EXPECT_EQ(report.entryLimit, 16384u);
  expectRoutesWork(*mapping, system);
  EXPECT_NE(report.str(system.chip).find("routing entries"), std::string::npos);
}

TEST(MapperTest, ModelSpanningTwoChipsOfABoard) {
  spinnaker2::SystemModel board = loadSystem("board48");
  EgruModel model = egru(750, {1350, 1350, 1350, 1350}, 0.05);
  MapOptions options;
  options.placement.movesPerSlice = 300;
  options.placement.maxChips = 2;
  Result<Mapping> mapping = mapGraph(model.graph, model.cost(), board, options);
  ASSERT_TRUE(mapping) << mapping.error().message;
  EXPECT_EQ(mapping->report.chipsUsed, 2u);
  EXPECT_EQ(mapping->report.pesAvailable, 296u);
  EXPECT_GT(mapping->report.pesUsed, 148u);
  expectRoutesWork(*mapping, board);
  // Relaxed compression (never-sent keys are don't care) is never larger.
  options.unallocatedKeysDontCare = true;
  Result<Mapping> relaxed = mapGraph(model.graph, model.cost(), board, options);
  ASSERT_TRUE(relaxed);
  EXPECT_LE(relaxed->report.entriesAfter, mapping->report.entriesAfter);
  expectRoutesWork(*relaxed, board);
}

TEST(MapperTest, AbiKeyFormatLimitsSliceSize) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(64, {200}, 1.0);
  MapOptions options;
  options.keys.fixedBlockBits = 5; // 32 keys: 31 units + end-of-step
  options.placement.movesPerSlice = 100;
  Result<Mapping> mapping = mapGraph(model.graph, model.cost(), system, options);
  ASSERT_TRUE(mapping) << mapping.error().message;
  for (const Slice &slice : mapping->partition.graph.slices)
    EXPECT_LE(slice.units, 31u);
  expectRoutesWork(*mapping, system);
}

TEST(MapperTest, ErrorsPropagate) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(750, {1350, 1350, 1350, 1350}, 0.05);
  Result<Mapping> mapping = mapGraph(model.graph, model.cost(), system);
  ASSERT_FALSE(mapping);
  EXPECT_NE(mapping.error().message.find("over by"), std::string::npos);
}

} // namespace
