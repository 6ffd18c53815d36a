//===- CycleModelTest.cpp - The Cortex-M4F timing table --------------------===//
#include "CycleModel.h"

#include <gtest/gtest.h>

#include <vector>

using spnc::sim::CycleModel;
using spnc::sim::InsnInfo;

namespace {

/// Decodes Thumb halfwords (in the order they appear in memory).
InsnInfo decode(const CycleModel &model, std::vector<uint16_t> halfwords,
                uint32_t address = 0x200) {
  std::vector<uint8_t> bytes;
  for (uint16_t h : halfwords) {
    bytes.push_back(static_cast<uint8_t>(h));
    bytes.push_back(static_cast<uint8_t>(h >> 8));
  }
  return model.decode(bytes.data(), bytes.size(), address);
}

TEST(CycleModelTest, TableFollowsTheTRM) {
  CycleModel model;
  ASSERT_TRUE(model.ok());
  struct Case {
    const char *what;
    std::vector<uint16_t> code;
    unsigned size, cycles;
    bool indirect, fp;
  } cases[] = {
      {"adds r1, r1, #1", {0x1c49}, 2, 1, false, false},
      {"ldr r3, [r0]", {0x6803}, 2, 2, false, false},
      {"str r2, [r1]", {0x600a}, 2, 2, false, false},
      {"ldrd r2, r3, [r1]", {0xe9d1, 0x2300}, 4, 3, false, false},
      {"push {r4-r7}", {0xb4f0}, 2, 5, false, false},
      {"pop {r4, r5, r6, pc}", {0xbd70}, 2, 5, true, false},
      {"pop.w {r4, r5, r6, lr}", {0xe8bd, 0x4070}, 4, 5, false, false},
      {"mul r5, r5, r5", {0xfb05, 0xf505}, 4, 1, false, false},
      {"bx lr", {0x4770}, 2, 1, true, false},
      {"bl", {0xf000, 0xf808}, 4, 1, false, false},
      {"bne", {0xd1fc}, 2, 1, false, false},
      {"vadd.f32 s0, s0, s1", {0xee30, 0x0a20}, 4, 1, false, true},
      {"vmul.f32 s2, s2, s3", {0xee21, 0x1a21}, 4, 1, false, true},
      {"vfma.f32 s4, s5, s6", {0xeea2, 0x2a83}, 4, 3, false, true},
      {"vdiv.f32 s7, s7, s8", {0xeec3, 0x3a84}, 4, 14, false, true},
      {"vldr s9, [r2]", {0xedd2, 0x4a00}, 4, 2, false, true},
  };
  for (const Case &c : cases) {
    InsnInfo info = decode(model, c.code);
    EXPECT_EQ(info.size, c.size) << c.what;
    EXPECT_EQ(info.cycles, c.cycles) << c.what;
    EXPECT_EQ(bool(info.flags & InsnInfo::Indirect), c.indirect) << c.what;
    EXPECT_EQ(bool(info.flags & InsnInfo::FP), c.fp) << c.what;
  }
  // sdiv r3, r12, r5: operands recorded for the operand-dependent cost.
  InsnInfo sdiv = decode(model, {0xfb9c, 0xf3f5});
  EXPECT_TRUE(sdiv.flags & InsnInfo::SignedDiv);
  EXPECT_EQ(sdiv.divDividend, 12);
  EXPECT_EQ(sdiv.divDivisor, 5);
  InsnInfo udiv = decode(model, {0xfbb3, 0xf6fc}); // udiv r6, r3, r12
  EXPECT_TRUE(udiv.flags & InsnInfo::UnsignedDiv);
  EXPECT_EQ(udiv.divDividend, 3);
  EXPECT_EQ(udiv.divDivisor, 12);
  EXPECT_EQ(model.disassemble(reinterpret_cast<const uint8_t *>("\x03\x68"), 2,
                              0),
            "ldr r3, [r0]");
}

TEST(CycleModelTest, DivisionTerminatesEarly) {
  EXPECT_EQ(CycleModel::divisionCycles(5, 7, true), 2u);
  EXPECT_EQ(CycleModel::divisionCycles(100, 0, false), 2u);
  EXPECT_EQ(CycleModel::divisionCycles(100, 7, true), 4u); // 5 quotient bits
  EXPECT_EQ(CycleModel::divisionCycles(static_cast<uint32_t>(-100), 7, true),
            4u);
  EXPECT_EQ(CycleModel::divisionCycles(0x7FFFFFFF, 1, true), 12u);
  EXPECT_EQ(CycleModel::divisionCycles(0xFFFFFFFF, 1, false), 12u);
  EXPECT_EQ(CycleModel::divisionCycles(0x80000000, 0xFFFFFFFF, true), 12u);
  for (uint32_t n : {1u, 99u, 12345u, 0xFFFFFFFFu})
    for (uint32_t d : {1u, 3u, 1000u})
      for (bool isSigned : {false, true}) {
        unsigned cycles = CycleModel::divisionCycles(n, d, isSigned);
        EXPECT_GE(cycles, 2u);
        EXPECT_LE(cycles, 12u);
      }
}

TEST(CycleModelTest, RefillIsOneToThreeCycles) {
  EXPECT_EQ(CycleModel::refillCycles(false, 0x200, 2), 1u);
  EXPECT_EQ(CycleModel::refillCycles(false, 0x202, 2), 1u);
  EXPECT_EQ(CycleModel::refillCycles(false, 0x200, 4), 1u);
  EXPECT_EQ(CycleModel::refillCycles(false, 0x202, 4), 2u);
  EXPECT_EQ(CycleModel::refillCycles(true, 0x200, 2), 2u);
  EXPECT_EQ(CycleModel::refillCycles(true, 0x202, 4), 3u);
}

} // namespace
