//===- PartitionTest.cpp - Splitting populations into slices --------------===//
#include "TestUtil.h"

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

bool fits(const MemoryUse &use, const spinnaker2::ChipModel &chip) {
  return use.dataBytes() <= chip.sramDataBytes &&
         use.codeBytes <= chip.sramCodeBytes;
}

TEST(PartitionTest, SlicesFitAreBalancedAndFewest) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(750, {1350, 1350, 750}, 0.05);
  CostFunction cost = model.cost();
  Result<PartitionResult> result = partition(model.graph, cost, system);
  ASSERT_TRUE(result) << result.error().message;
  const SlicedGraph &graph = result->graph;
  EXPECT_EQ(result->pesUsed, graph.slices.size());
  for (uint32_t p = 0; p < model.graph.populations.size(); ++p) {
    const std::vector<uint32_t> &ids = result->slicesOf[p];
    ASSERT_FALSE(ids.empty());
    uint32_t next = 0, smallest = UINT32_MAX, largest = 0;
    for (uint32_t id : ids) {
      const Slice &slice = graph.slices[id];
      EXPECT_EQ(slice.population, p);
      EXPECT_EQ(slice.firstUnit, next); // contiguous, in order
      next += slice.units;
      smallest = std::min(smallest, slice.units);
      largest = std::max(largest, slice.units);
      EXPECT_TRUE(fits(slice.memory, system.chip)) << "slice " << id;
      EXPECT_EQ(slice.memory.dataBytes(), cost(p, slice.units).dataBytes());
    }
    EXPECT_EQ(next, model.graph.populations[p].units);
    EXPECT_LE(largest - smallest, 1u);
    // Fewest: one slice fewer would need a slice that does not fit.
    uint32_t n = static_cast<uint32_t>(ids.size());
    if (n > 1) {
      uint32_t units = model.graph.populations[p].units;
      uint32_t bigger = (units + n - 2) / (n - 1);
      EXPECT_FALSE(fits(cost(p, bigger), system.chip)) << "population " << p;
    }
  }
  // The lower bound: total data of whole populations over the data SRAM.
  uint64_t total = 0;
  for (uint32_t p = 0; p < model.graph.populations.size(); ++p)
    total += cost(p, model.graph.populations[p].units).dataBytes();
  uint32_t bound = static_cast<uint32_t>(
      (total + system.chip.sramDataBytes - 1) / system.chip.sramDataBytes);
  EXPECT_EQ(result->pesLowerBound, std::max<uint32_t>(bound, 4));
  EXPECT_LE(result->pesLowerBound, result->pesUsed);
  EXPECT_EQ(result->pesAvailable, 148u);
}

TEST(PartitionTest, EverySlicePairOfAProjectionIsAnEdge) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(64, {300}, 0.1, /*rate=*/0.25);
  model.graph.projections.push_back({1, 0, 0.0}); // fan-out 0: no edges
  Result<PartitionResult> result = partition(model.graph, model.cost(), system);
  ASSERT_TRUE(result) << result.error().message;
  const PartitionResult &r = *result;
  size_t inputSlices = r.slicesOf[0].size(), layerSlices = r.slicesOf[1].size();
  EXPECT_EQ(r.graph.edges.size(),
            inputSlices * layerSlices + layerSlices * layerSlices);
  for (const SliceEdge &edge : r.graph.edges) {
    EXPECT_EQ(r.graph.slices[edge.post].population, 1u);
    const Slice &pre = r.graph.slices[edge.pre];
    double rate = model.graph.populations[pre.population].rate;
    EXPECT_DOUBLE_EQ(edge.rate, rate * pre.units);
  }
}

TEST(PartitionTest, UnitTooLargeForAPEIsReportedWithTheExcess) {
  spinnaker2::SystemModel system = loadSystem("chip");
  PopulationGraph graph;
  graph.populations = {{"small", 10, 0.1}, {"huge", 4, 0.1}};
  CostFunction cost = [](uint32_t p, uint32_t units) {
    MemoryUse use;
    use.weightBytes = (p == 1 ? 100000 : 100) * uint64_t(units);
    use.codeBytes = 1000;
    return use;
  };
  Result<PartitionResult> result = partition(graph, cost, system);
  ASSERT_FALSE(result);
  const std::string &message = result.error().message;
  EXPECT_NE(message.find("'huge'"), std::string::npos) << message;
  EXPECT_NE(message.find("even with one unit per PE"), std::string::npos);
  EXPECT_NE(message.find("over by 1696 B"), std::string::npos) << message;
  EXPECT_NE(message.find("population"), std::string::npos); // the table
}

TEST(PartitionTest, CodeTooLargeIsReported) {
  spinnaker2::SystemModel system = loadSystem("chip");
  PopulationGraph graph;
  graph.populations = {{"big-code", 10, 0.1}};
  CostFunction cost = [](uint32_t, uint32_t units) {
    MemoryUse use;
    use.stateBytes = 16 * uint64_t(units);
    use.codeBytes = 40000;
    return use;
  };
  Result<PartitionResult> result = partition(graph, cost, system);
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().message.find("code needs 40000 B of 32768 B (over by 7232 B)"),
            std::string::npos)
      << result.error().message;
}

TEST(PartitionTest, ModelLargerThanTheSystemGetsAMemoryTable) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(750, {1350, 1350, 1350, 1350}, 0.05);
  Result<PartitionResult> result = partition(model.graph, model.cost(), system);
  ASSERT_FALSE(result);
  const std::string &message = result.error().message;
  EXPECT_NE(message.find("usable PEs are available on 'chip' (over by"),
            std::string::npos)
      << message;
  for (const char *name : {"input", "layer1", "layer4", "units/PE", "weights"})
    EXPECT_NE(message.find(name), std::string::npos) << name << "\n" << message;
  // The same model fits a board.
  spinnaker2::SystemModel board = loadSystem("board48");
  EXPECT_TRUE(partition(model.graph, model.cost(), board));
  // ... but not three PEs.
  PartitionOptions few;
  few.availablePEs = 3;
  Result<PartitionResult> tiny = partition(model.graph, model.cost(), board, few);
  ASSERT_FALSE(tiny);
  EXPECT_NE(tiny.error().message.find("only 3 usable PEs"), std::string::npos);
}

TEST(PartitionTest, MaxUnitsPerSliceIsHonoured) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(32, {100}, 1.0);
  PartitionOptions options;
  options.maxUnitsPerSlice = 7;
  Result<PartitionResult> result =
      partition(model.graph, model.cost(), system, options);
  ASSERT_TRUE(result) << result.error().message;
  for (const Slice &slice : result->graph.slices)
    EXPECT_LE(slice.units, 7u);
  EXPECT_EQ(result->slicesOf[1].size(), 15u); // ceil(100 / 7)
}

TEST(PartitionTest, MalformedGraphsAreErrors) {
  spinnaker2::SystemModel system = loadSystem("chip");
  CostFunction cost = [](uint32_t, uint32_t) { return MemoryUse{}; };
  PopulationGraph empty;
  empty.populations = {{"none", 0, 0.1}};
  Result<PartitionResult> a = partition(empty, cost, system);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("has no units"), std::string::npos);
  PopulationGraph dangling;
  dangling.populations = {{"a", 4, 0.1}};
  dangling.projections = {{0, 3, 1.0}};
  Result<PartitionResult> b = partition(dangling, cost, system);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("names population 3"), std::string::npos);
  Result<PartitionResult> c = partition(dangling, CostFunction(), system);
  EXPECT_FALSE(c);
}

} // namespace
