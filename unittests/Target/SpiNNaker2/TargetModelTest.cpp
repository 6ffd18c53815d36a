//===- TargetModelTest.cpp - The SpiNNaker 2 description -----------------===//
#include "spinnaker2/TargetModel.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

using namespace spinnaker2;

namespace {

SystemModel load(const std::string &system) {
  std::string error;
  std::optional<SystemModel> model =
      loadTarget(defaultDescriptionPath(), system, error);
  EXPECT_TRUE(model.has_value()) << error;
  return model ? *model : SystemModel();
}

TEST(TargetModelTest, ChipGeometryMatchesTheDatasheet) {
  SystemModel system = load("chip");
  const ChipModel &chip = system.chip;
  EXPECT_EQ(chip.allPEs().size(), 152u);
  EXPECT_EQ(chip.usablePEs().size(), 148u);
  EXPECT_FALSE(chip.hasQPE(4, 3));
  EXPECT_FALSE(chip.hasQPE(7, 4));
  EXPECT_TRUE(chip.hasQPE(7, 6));
  EXPECT_FALSE(chip.hasQPE(8, 1));
  EXPECT_FALSE(chip.isUsable({1, 1, 0})); // reserved for system software
  EXPECT_TRUE(chip.isUsable({2, 1, 3}));
  EXPECT_EQ(chip.sramBytes, 128u * 1024);
  EXPECT_EQ(chip.sramCodeBytes + chip.sramDataBytes, chip.sramBytes);
  EXPECT_EQ(chip.routerEntries, 16384u);
  EXPECT_EQ(chip.hops({1, 1, 0}, {7, 6, 3}), 11);
  EXPECT_EQ(chip.hops({2, 2, 0}, {2, 2, 3}), 0);
  EXPECT_EQ(system.numChips(), 1u);
  EXPECT_FALSE(system.neighbour(0, 0).has_value());
  EXPECT_EQ(chip.chipLinkLatencyCycles, 100);
  EXPECT_EQ(chip.linkPortQX, 4);
  EXPECT_EQ(chip.linkPortQY, 3);
}

TEST(TargetModelTest, PowerInterpolatesBetweenMeasuredVoltages) {
  const ChipModel chip = load("chip").chip;
  EXPECT_DOUBLE_EQ(chip.powerAt(0.5).allBusyW, 0.425);
  EXPECT_DOUBLE_EQ(chip.powerAt(0.8).asleepW, 0.565);
  EXPECT_NEAR(chip.powerAt(0.65).asleepW, (0.235 + 0.565) / 2, 1e-12);
  const DVFSLevel *level = chip.findDVFSLevel(chip.defaultDVFSLevel);
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->frequencyHz, 300e6);
}

TEST(TargetModelTest, Board48IsHexagonal) {
  SystemModel board = load("board48");
  ASSERT_EQ(board.numChips(), 48u);
  std::optional<size_t> origin = board.findChip({0, 0});
  ASSERT_TRUE(origin.has_value());
  // (0,0) has east, north-east and north neighbours on the board only.
  EXPECT_TRUE(board.neighbour(*origin, 0).has_value());
  EXPECT_TRUE(board.neighbour(*origin, 1).has_value());
  EXPECT_TRUE(board.neighbour(*origin, 2).has_value());
  EXPECT_FALSE(board.neighbour(*origin, 3).has_value());
  // Links are symmetric: E then W returns, NE then SW returns.
  for (size_t chip = 0; chip < board.numChips(); ++chip)
    for (int link = 0; link < 6; ++link)
      if (std::optional<size_t> next = board.neighbour(chip, link))
        EXPECT_EQ(board.neighbour(*next, (link + 3) % 6), chip);
}

TEST(TargetModelTest, BadDescriptionsAreDiagnosed) {
  std::string error;
  EXPECT_FALSE(loadTarget("/nonexistent.json", "chip", error));
  EXPECT_NE(error.find("cannot open"), std::string::npos);
  EXPECT_FALSE(loadTarget(defaultDescriptionPath(), "board96", error));
  EXPECT_NE(error.find("unknown target system 'board96'"), std::string::npos);

  std::string path = testing::TempDir() + "broken_target.json";
  std::ofstream(path) << R"({"chip": {"qpe_grid": {}}, "systems": {}})";
  EXPECT_FALSE(loadTarget(path, "chip", error));
  EXPECT_NE(error.find("missing 'chip.qpe_grid.x_range'"), std::string::npos)
      << error;
  std::ofstream(path) << "{ not json";
  EXPECT_FALSE(loadTarget(path, "chip", error));
  EXPECT_NE(error.find("is not valid JSON"), std::string::npos);
  std::remove(path.c_str());
}

} // namespace
