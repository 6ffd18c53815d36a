//===- CycleModelTest.cpp - The Cortex-M4F timing table --------------------===//
#include "CycleModel.h"

#include <gtest/gtest.h>

#include <vector>

using spnc::sim::CycleModel;
using spnc::sim::InsnInfo;
using spnc::sim::MemoryOperand;

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

std::vector<uint8_t> bytesOf(std::vector<uint16_t> halfwords) {
  std::vector<uint8_t> bytes;
  for (uint16_t h : halfwords) {
    bytes.push_back(static_cast<uint8_t>(h));
    bytes.push_back(static_cast<uint8_t>(h >> 8));
  }
  return bytes;
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

// What block-level accounting reads from an instruction (docs/Simulator.md,
// "Speed"): memory access, SP changes, IT, registers written.
TEST(CycleModelTest, BlockLevelFacts) {
  CycleModel model;
  ASSERT_TRUE(model.ok());
  struct Case {
    const char *what;
    std::vector<uint16_t> code;
    uint8_t kind; // InsnInfo::kind
    int16_t spDelta;
  };
  const Case cases[] = {
      {"push {r4, lr}", {0xb510}, InsnInfo::Store | InsnInfo::LocalAccess, -8},
      {"pop {r4, pc}", {0xbd10}, InsnInfo::Load | InsnInfo::LocalAccess, 8},
      {"sub sp, #8", {0xb082}, 0, -8},
      {"sub.w sp, sp, #0x100", {0xf5ad, 0x7d80}, 0, -256},
      {"str r0, [sp, #-4]!", {0xf84d, 0x0d04},
       InsnInfo::Store | InsnInfo::LocalAccess, -4},
      {"ldr r0, [sp], #4", {0xf85d, 0x0b04},
       InsnInfo::Load | InsnInfo::LocalAccess, 4},
      {"vpush {d8, d9}", {0xed2d, 0x8b04},
       InsnInfo::Store | InsnInfo::LocalAccess, -16},
      {"mov sp, r0", {0x4685}, InsnInfo::SPUnknown, 0},
      {"ldr r1, [r0, #8]", {0x6881}, InsnInfo::Load, 0},
      {"ldr r0, [pc, #8]", {0x4802}, InsnInfo::Load | InsnInfo::LocalAccess, 0},
      {"tbb [pc, r0]", {0xe8df, 0xf000}, InsnInfo::Load, 0},
      {"it eq", {0xbf08}, InsnInfo::ITBlock, 0},
      {"movt ip, #0x4000", {0xf2c4, 0x0c00}, InsnInfo::RegisterBase, 0},
      {"svc #0", {0xdf00}, InsnInfo::NeedsHooks, 0},
      {"msr primask, r0", {0xf380, 0x8810},
       InsnInfo::NeedsHooks | InsnInfo::ChangesMode, 0},
  };
  for (const Case &c : cases) {
    InsnInfo info = decode(model, c.code);
    EXPECT_EQ(info.kind, c.kind) << c.what;
    EXPECT_EQ(info.spDelta, c.spDelta) << c.what;
  }
  EXPECT_TRUE(decode(model, {0x6881}).writes & (1u << 1)) << "ldr r1";
  EXPECT_TRUE(decode(model, {0xe920, 0x0006}).writes & (1u << 0))
      << "stmdb r0!, {r1, r2} writes its base back";
}

TEST(CycleModelTest, MemoryOperandsGiveTheAddress) {
  CycleModel model;
  ASSERT_TRUE(model.ok());
  auto operand = [&](std::vector<uint16_t> code) {
    std::vector<uint8_t> bytes = bytesOf(code);
    return model.memoryOperand(bytes.data(), bytes.size(), 0x200);
  };
  MemoryOperand ldr = operand({0x6881}); // ldr r1, [r0, #8]
  EXPECT_TRUE(ldr.modelled);
  EXPECT_FALSE(ldr.store);
  EXPECT_EQ(ldr.base, 0);
  EXPECT_EQ(ldr.disp, 8);
  EXPECT_EQ(ldr.bytes, 4u);
  MemoryOperand indexed = operand({0xf850, 0x1022}); // ldr.w r1, [r0, r2, lsl #2]
  EXPECT_EQ(indexed.index, 2);
  EXPECT_EQ(indexed.shift, 2u);
  MemoryOperand post = operand({0xf850, 0x1904}); // ldr r1, [r0], #-4
  EXPECT_TRUE(post.postIndexed);
  MemoryOperand stmdb = operand({0xe920, 0x0006}); // stmdb r0!, {r1, r2}
  EXPECT_TRUE(stmdb.store);
  EXPECT_TRUE(stmdb.decrementBefore);
  EXPECT_EQ(stmdb.bytes, 8u);
  MemoryOperand ldrd = operand({0xe9d2, 0x0102}); // ldrd r0, r1, [r2, #8]
  EXPECT_EQ(ldrd.bytes, 8u);
  EXPECT_EQ(ldrd.base, 2);
  MemoryOperand vldr = operand({0xed10, 0x0a02}); // vldr s0, [r0, #-8]
  EXPECT_EQ(vldr.disp, -8);
  EXPECT_EQ(vldr.bytes, 4u);
}

TEST(CycleModelTest, FlagsSetInsideITBlocks) {
  CycleModel model;
  ASSERT_TRUE(model.ok());
  // itt eq; addeq r0, r0, r1 (no flags inside IT); adds r0, r0, r1: the
  // last one may set them.
  std::vector<uint8_t> quiet = bytesOf({0xbf04, 0x1840, 0x1840});
  EXPECT_FALSE(model.itBlockSetsFlags(quiet.data(), quiet.size(), 0x200));
  // itt eq; cmpeq r0, #1; addeq r0, r0, r1: the compare decides the second.
  std::vector<uint8_t> compares = bytesOf({0xbf04, 0x2801, 0x1840});
  EXPECT_TRUE(model.itBlockSetsFlags(compares.data(), compares.size(), 0x200));
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
