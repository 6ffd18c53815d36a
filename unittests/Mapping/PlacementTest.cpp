//===- PlacementTest.cpp - Naive and annealed placement --------------------===//
#include "TestUtil.h"

#include <chrono>

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

TEST(PlacementTest, NaiveIsRowMajorOverUsablePEs) {
  spinnaker2::SystemModel system = loadSystem("chip");
  std::mt19937 rng(1);
  SlicedGraph graph = randomSlicedGraph(rng, 30, 3, 0.2);
  Result<Placement> naive = naivePlacement(graph, system);
  ASSERT_TRUE(naive);
  for (size_t s = 0; s < graph.slices.size(); ++s) {
    EXPECT_EQ(naive->slices[s].chip, 0u);
    EXPECT_EQ(naive->slices[s].pe, system.chip.usablePEs()[s]);
  }
  EXPECT_EQ(naive->slices[0].pe, (spinnaker2::PEId{2, 1, 0})); // QPE (1,1) is reserved
}

TEST(PlacementTest, TooManySlicesIsAnError) {
  spinnaker2::SystemModel system = loadSystem("chip");
  std::mt19937 rng(1);
  SlicedGraph graph = randomSlicedGraph(rng, 150, 3, 0.01);
  Result<PlacementResult> placed = place(graph, system);
  ASSERT_FALSE(placed);
  EXPECT_NE(placed.error().message.find("only 148 usable PEs (over by 2)"),
            std::string::npos)
      << placed.error().message;
  graph.edges.push_back({0, 999, 1.0});
  graph.slices.resize(10);
  EXPECT_FALSE(place(graph, system));
}

/// Two populations of 8 one-unit slices, a -> b and b -> b: the best
/// placement puts each a next to b's QPEs (cost = the lower bound, 24).
TEST(PlacementTest, FindsTheOptimumOfASmallInstance) {
  spinnaker2::SystemModel system = loadSystem("chip");
  SlicedGraph graph;
  for (uint32_t s = 0; s < 16; ++s)
    graph.slices.push_back(Slice{s < 8 ? 0u : 1u, s % 8, 1, {}});
  for (uint32_t pre = 0; pre < 16; ++pre)
    for (uint32_t post = 8; post < 16; ++post)
      graph.edges.push_back({pre, post, 1.0});
  Result<PlacementResult> placed = place(graph, system);
  ASSERT_TRUE(placed) << placed.error().message;
  EXPECT_DOUBLE_EQ(placed->naiveCost, 28.0);
  EXPECT_DOUBLE_EQ(placed->cost, 24.0);
  EXPECT_DOUBLE_EQ(placed->lowerBound, 24.0);
}

class PlacementOnSystem : public ::testing::TestWithParam<const char *> {};

TEST_P(PlacementOnSystem, AnnealingIsValidDeterministicAndNeverWorse) {
  spinnaker2::SystemModel system = loadSystem(GetParam());
  std::mt19937 rng(3);
  for (int round = 0; round < 4; ++round) {
    SlicedGraph graph = randomSlicedGraph(rng, 40 + 25 * round, 5, 0.1);
    PlacementOptions options;
    options.seed = 11 + round;
    options.movesPerSlice = 500;
    Result<PlacementResult> a = place(graph, system, options);
    ASSERT_TRUE(a) << a.error().message;
    EXPECT_EQ(validatePlacement(graph, a->placement, system), std::nullopt);
    EXPECT_LE(a->cost, a->naiveCost + 1e-9);
    EXPECT_GE(a->cost, a->lowerBound - 1e-9);
    // The incremental objective the annealer optimised is the real one.
    EXPECT_NEAR(a->annealedObjective, a->cost, 1e-6 * a->cost);
    EXPECT_NEAR(a->cost, trafficCost(graph, a->placement, system), 1e-9);
    Result<PlacementResult> b = place(graph, system, options);
    ASSERT_TRUE(b);
    for (size_t s = 0; s < graph.slices.size(); ++s)
      EXPECT_EQ(a->placement.slices[s], b->placement.slices[s]);
  }
}

INSTANTIATE_TEST_SUITE_P(Systems, PlacementOnSystem,
                         ::testing::Values("chip", "board48"));

TEST(PlacementTest, AnnealingImprovesALayeredNetwork) {
  spinnaker2::SystemModel system = loadSystem("chip");
  EgruModel model = egru(512, {512, 512, 512}, 0.1);
  Result<PartitionResult> parts = partition(model.graph, model.cost(), system);
  ASSERT_TRUE(parts);
  Result<PlacementResult> placed = place(parts->graph, system);
  ASSERT_TRUE(placed);
  // Row-major stretches each layer along rows; annealing packs them.
  EXPECT_LT(placed->cost, 0.9 * placed->naiveCost);
}

TEST(PlacementTest, BoardPlacementSpillsOntoNeighbouringChips) {
  spinnaker2::SystemModel board = loadSystem("board48");
  std::mt19937 rng(5);
  SlicedGraph graph = randomSlicedGraph(rng, 200, 4, 0.05);
  PlacementOptions options;
  options.maxChips = 2;
  options.movesPerSlice = 200;
  Result<PlacementResult> placed = place(graph, board, options);
  ASSERT_TRUE(placed) << placed.error().message;
  size_t onSecond = 0;
  for (const Location &at : placed->placement.slices) {
    EXPECT_LT(at.chip, 2u);
    onSecond += at.chip == 1;
  }
  EXPECT_GE(onSecond, 200u - 148u);
  options.maxChips = 1;
  EXPECT_FALSE(place(graph, board, options));
}

} // namespace
