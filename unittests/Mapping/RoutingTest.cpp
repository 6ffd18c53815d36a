//===- RoutingTest.cpp - Multicast trees and tables ------------------------===//
#include "TestUtil.h"

#include <set>

using namespace spnc::mapping;
using namespace spnc::mapping::test;

namespace {

Location at(uint32_t chip, int qx, int qy, int qp) {
  return {chip, spinnaker2::PEId{qx, qy, qp}};
}

TEST(RoutingTest, XYPathsMergeIntoATree) {
  spinnaker2::SystemModel system = loadSystem("chip");
  // (2,2) -> (5,2): 3 edges east; -> (5,5): shares them, then 3 north.
  Result<MulticastTree> tree =
      multicastTree(system, at(0, 2, 2, 0), {at(0, 5, 2, 1), at(0, 5, 5, 0)});
  ASSERT_TRUE(tree) << tree.error().message;
  EXPECT_EQ(tree->hops(), 6u);
  // Adding (6,5): one more east edge and a second column of 3.
  tree = multicastTree(system, at(0, 2, 2, 0),
                       {at(0, 5, 2, 1), at(0, 5, 5, 0), at(0, 6, 5, 3)});
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->hops(), 10u);
  // West and south of the root as well: row 1..6, columns down and up.
  tree = multicastTree(system, at(0, 3, 3, 0),
                       {at(0, 1, 1, 1), at(0, 6, 6, 0), at(0, 3, 5, 2)});
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->hops(), 5u + 2u + 3u + 2u);
  // Destinations in the root's QPE cost nothing.
  tree = multicastTree(system, at(0, 3, 3, 0), {at(0, 3, 3, 1), at(0, 3, 3, 0)});
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->hops(), 0u);
  // Unknown PEs are errors, not crashes.
  EXPECT_FALSE(multicastTree(system, at(0, 4, 3, 0), {}));
  EXPECT_FALSE(multicastTree(system, at(1, 2, 2, 0), {}));
}

TEST(RoutingTest, ChipLinksThenMesh) {
  spinnaker2::SystemModel board = loadSystem("board48");
  uint32_t origin = static_cast<uint32_t>(*board.findChip({0, 0}));
  uint32_t east2 = static_cast<uint32_t>(*board.findChip({2, 0}));
  uint32_t east1 = static_cast<uint32_t>(*board.findChip({1, 0}));
  // From (2,2) on (0,0) to (5,5) two chips east: XY to the port (4,3) is
  // 2 + 1 edges, 2 links, then from the port (4,3) to (5,5) 1 + 2 edges.
  Result<MulticastTree> tree =
      multicastTree(board, at(origin, 2, 2, 0), {at(east2, 5, 5, 0)});
  ASSERT_TRUE(tree) << tree.error().message;
  EXPECT_EQ(tree->linkEdges.size(), 2u);
  EXPECT_EQ(tree->meshEdges.size(), 3u + 3u);
  EXPECT_EQ(tree->linkEdges[0].fromChip, origin);
  EXPECT_EQ(tree->linkEdges[0].toChip, east1);
  EXPECT_EQ(tree->linkEdges[0].link, 0); // east
  // A second destination on the way shares the first link.
  tree = multicastTree(board, at(origin, 2, 2, 0),
                       {at(east2, 5, 5, 0), at(east1, 4, 2, 0)});
  ASSERT_TRUE(tree);
  EXPECT_EQ(tree->linkEdges.size(), 2u);
  EXPECT_EQ(tree->meshEdges.size(), 3u + 3u + 1u);
}

/// Every key of every source reaches exactly its destination PEs.
void expectExactDelivery(const SlicedGraph &graph, const Placement &placement,
                         const KeyAllocation &keys,
                         const std::vector<RoutingTable> &tables,
                         const spinnaker2::SystemModel &system) {
  std::vector<std::vector<uint32_t>> dests = graph.destinations();
  for (uint32_t s = 0; s < graph.slices.size(); ++s) {
    std::vector<std::pair<uint32_t, int>> expected;
    for (uint32_t d : dests[s])
      expected.push_back({placement.slices[d].chip,
                          peIndex(system.chip, placement.slices[d].pe)});
    std::sort(expected.begin(), expected.end());
    for (uint32_t key : {keys.slices[s].key(0),
                         keys.slices[s].key(graph.slices[s].units - 1),
                         keys.slices[s].eosKey()}) {
      std::string error;
      std::vector<std::pair<uint32_t, int>> got =
          deliveries(tables, system, placement.slices[s], key, error);
      if (expected.empty()) {
        EXPECT_TRUE(got.empty());
        continue;
      }
      EXPECT_EQ(error, "") << "slice " << s;
      EXPECT_EQ(got, expected) << "slice " << s << " key " << key;
    }
  }
}

class RoutingOnSystem : public ::testing::TestWithParam<const char *> {};

TEST_P(RoutingOnSystem, TablesDeliverExactlyToTheDestinations) {
  spinnaker2::SystemModel system = loadSystem(GetParam());
  std::mt19937 rng(7);
  for (int round = 0; round < 6; ++round) {
    SlicedGraph graph = randomSlicedGraph(rng, 60 + round * 10, 6, 0.15);
    PlacementOptions options;
    options.movesPerSlice = 50;
    options.seed = round;
    Result<PlacementResult> placed = place(graph, system, options);
    ASSERT_TRUE(placed) << placed.error().message;
    // On the board, scatter the slices over all chips to force chip links.
    Placement placement = placed->placement;
    if (system.numChips() > 1)
      for (size_t s = 0; s < placement.slices.size(); ++s)
        placement.slices[s] = {static_cast<uint32_t>(s % system.numChips()),
                               system.chip.usablePEs()[s / system.numChips()]};
    ASSERT_EQ(validatePlacement(graph, placement, system), std::nullopt);
    Result<KeyAllocation> keys = allocateKeys(graph, 6);
    ASSERT_TRUE(keys);
    Result<RoutingResult> routed = route(graph, placement, *keys, system);
    ASSERT_TRUE(routed) << routed.error().message;
    EXPECT_GE(routed->hops, routed->hopsLowerBound);
    EXPECT_NEAR(routed->weightedHops, trafficCost(graph, placement, system),
                1e-6 * routed->weightedHops);
    expectExactDelivery(graph, placement, *keys, routed->tables, system);
    Result<CompressedTables> compressed =
        compressTables(routed->tables, system);
    ASSERT_TRUE(compressed) << compressed.error().message;
    EXPECT_LE(compressed->after, compressed->before);
    expectExactDelivery(graph, placement, *keys, compressed->tables, system);
  }
}

INSTANTIATE_TEST_SUITE_P(Systems, RoutingOnSystem,
                         ::testing::Values("chip", "board48"));

TEST(RoutingTest, EntriesRecordArrivalLinks) {
  spinnaker2::SystemModel board = loadSystem("board48");
  SlicedGraph graph;
  graph.slices = {Slice{0, 0, 4, {}}, Slice{1, 0, 4, {}}};
  graph.edges = {{0, 1, 1.0}};
  uint32_t origin = static_cast<uint32_t>(*board.findChip({0, 0}));
  uint32_t east1 = static_cast<uint32_t>(*board.findChip({1, 0}));
  uint32_t east2 = static_cast<uint32_t>(*board.findChip({2, 0}));
  Placement placement;
  placement.slices = {at(origin, 2, 2, 0), at(east2, 5, 5, 1)};
  Result<KeyAllocation> keys = allocateKeys(graph, 2);
  ASSERT_TRUE(keys);
  Result<RoutingResult> routed = route(graph, placement, *keys, board);
  ASSERT_TRUE(routed) << routed.error().message;
  ASSERT_EQ(routed->tables[origin].entries.size(), 1u);
  EXPECT_EQ(routed->tables[origin].entries[0].sources, kSourceLocal);
  EXPECT_EQ(routed->tables[origin].entries[0].route.links, 1u); // east
  ASSERT_EQ(routed->tables[east1].entries.size(), 1u);
  const RoutingEntry &through = routed->tables[east1].entries[0];
  EXPECT_EQ(through.sources, 1u << 3); // arrives through its west link
  EXPECT_EQ(through.route.links, 1u);  // and leaves east: default-routable
  EXPECT_TRUE(through.route.peList().empty());
  ASSERT_EQ(routed->tables[east2].entries.size(), 1u);
  EXPECT_EQ(routed->tables[east2].entries[0].route.links, 0u);
  EXPECT_EQ(routed->tables[east2].entries[0].route.peList(),
            std::vector<int>{peIndex(board.chip, {5, 5, 1})});
}

TEST(RoutingTest, InvalidInputsAreErrors) {
  spinnaker2::SystemModel system = loadSystem("chip");
  SlicedGraph graph;
  graph.slices = {Slice{0, 0, 4, {}}, Slice{0, 4, 4, {}}};
  graph.edges = {{0, 1, 1.0}};
  Result<KeyAllocation> keys = allocateKeys(graph, 1);
  ASSERT_TRUE(keys);
  Placement shared;
  shared.slices = {at(0, 2, 2, 0), at(0, 2, 2, 0)};
  Result<RoutingResult> a = route(graph, shared, *keys, system);
  ASSERT_FALSE(a);
  EXPECT_NE(a.error().message.find("already runs another slice"), std::string::npos);
  Placement reserved;
  reserved.slices = {at(0, 1, 1, 0), at(0, 2, 2, 0)};
  Result<RoutingResult> b = route(graph, reserved, *keys, system);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message.find("not a usable PE"), std::string::npos);
}

} // namespace
