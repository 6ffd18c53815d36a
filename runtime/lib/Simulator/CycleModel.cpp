//===- CycleModel.cpp - Cortex-M4F instruction timing ---------------------===//
//
// Cortex-M4 TRM (ARM DDI 0439B) Table 3-1 "Cortex-M4 instruction set
// summary" and Table 7-1 "FPU instruction set"; P is the pipeline refill
// (1..3), N the number of registers transferred.
//
//===----------------------------------------------------------------------===//
#include "CycleModel.h"

#include <capstone/capstone.h>

#include <algorithm>

namespace spnc::sim {

CycleModel::CycleModel() {
  csh h = 0;
  if (cs_open(CS_ARCH_ARM, static_cast<cs_mode>(CS_MODE_THUMB | CS_MODE_MCLASS),
              &h) != CS_ERR_OK)
    return;
  cs_option(h, CS_OPT_DETAIL, CS_OPT_ON);
  handle = h;
}

CycleModel::~CycleModel() {
  if (handle) {
    csh h = handle;
    cs_close(&h);
  }
}

namespace {

/// Core register number 0..15 of a Capstone register, or -1.
int coreRegister(unsigned reg) {
  if (reg >= ARM_REG_R0 && reg <= ARM_REG_R12)
    return static_cast<int>(reg - ARM_REG_R0);
  if (reg == ARM_REG_SP)
    return 13;
  if (reg == ARM_REG_LR)
    return 14;
  if (reg == ARM_REG_PC)
    return 15;
  return -1;
}

bool listsPC(const cs_arm &arm, unsigned first) {
  for (unsigned i = first; i < arm.op_count; ++i)
    if (arm.operands[i].type == ARM_OP_REG && arm.operands[i].reg == ARM_REG_PC)
      return true;
  return false;
}

/// Registers in a register list starting at operand `first`; double
/// registers count twice (they move two words).
unsigned listWords(const cs_arm &arm, unsigned first) {
  unsigned words = 0;
  for (unsigned i = first; i < arm.op_count; ++i) {
    if (arm.operands[i].type != ARM_OP_REG)
      continue;
    unsigned reg = arm.operands[i].reg;
    words += (reg >= ARM_REG_D0 && reg <= ARM_REG_D31) ? 2 : 1;
  }
  return words;
}

bool writesPC(const cs_arm &arm) {
  return arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG &&
         arm.operands[0].reg == ARM_REG_PC;
}

} // namespace

InsnInfo CycleModel::decode(const uint8_t *bytes, size_t available,
                            uint32_t address) const {
  InsnInfo info;
  info.flags = InsnInfo::Decoded;
  info.cycles = 1;
  cs_insn *insn = nullptr;
  size_t count =
      handle ? cs_disasm(handle, bytes, std::min<size_t>(available, 4), address,
                         1, &insn)
             : 0;
  if (count == 0) {
    // Let the emulator raise whatever the core would; give it a size.
    info.flags |= InsnInfo::Invalid;
    info.size = (available >= 2 && (bytes[1] & 0xF8) >= 0xE8) ? 4 : 2;
    return info;
  }
  info.size = static_cast<uint8_t>(insn->size);
  const cs_arm &arm = insn->detail->arm;
  unsigned cycles = 1;
  bool indirect = false;
  const char *mnemonic = insn->mnemonic;
  if (mnemonic[0] == 'v')
    info.flags |= InsnInfo::FP;

  switch (insn->id) {
  // Loads and stores: 2 (LDR to PC: 2 + P, indirect).
  case ARM_INS_LDR:
  case ARM_INS_LDRB:
  case ARM_INS_LDRH:
  case ARM_INS_LDRSB:
  case ARM_INS_LDRSH:
  case ARM_INS_LDRT:
  case ARM_INS_LDRBT:
  case ARM_INS_LDRHT:
  case ARM_INS_LDRSBT:
  case ARM_INS_LDRSHT:
  case ARM_INS_LDREX:
  case ARM_INS_LDREXB:
  case ARM_INS_LDREXH:
    cycles = 2;
    indirect = writesPC(arm);
    break;
  case ARM_INS_STR:
  case ARM_INS_STRB:
  case ARM_INS_STRH:
  case ARM_INS_STRT:
  case ARM_INS_STRBT:
  case ARM_INS_STRHT:
  case ARM_INS_STREX:
  case ARM_INS_STREXB:
  case ARM_INS_STREXH:
    cycles = 2;
    break;
  // Doubleword: 1 + N with N = 2.
  case ARM_INS_LDRD:
  case ARM_INS_STRD:
    cycles = 3;
    break;
  // Multiple: 1 + N (+ P when PC is loaded).
  case ARM_INS_LDM:
  case ARM_INS_LDMDB:
    cycles = 1 + listWords(arm, 1);
    indirect = listsPC(arm, 1);
    break;
  case ARM_INS_STM:
  case ARM_INS_STMDB:
    cycles = 1 + listWords(arm, 1);
    break;
  case ARM_INS_POP:
    cycles = 1 + listWords(arm, 0);
    indirect = listsPC(arm, 0);
    break;
  case ARM_INS_PUSH:
    cycles = 1 + listWords(arm, 0);
    break;
  // Branches: 1 (+ P when taken; counted at the next instruction).
  case ARM_INS_B:
  case ARM_INS_BL:
  case ARM_INS_CBZ:
  case ARM_INS_CBNZ:
    cycles = 1;
    break;
  case ARM_INS_BLX:
    cycles = 1;
    indirect = arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG;
    break;
  case ARM_INS_BX:
    cycles = 1;
    indirect = true;
    break;
  case ARM_INS_TBB:
  case ARM_INS_TBH:
    cycles = 2;
    indirect = true;
    break;
  // Multiply: single cycle on the M4, including the 64-bit forms.
  case ARM_INS_MUL:
  case ARM_INS_MLA:
  case ARM_INS_MLS:
  case ARM_INS_SMULL:
  case ARM_INS_UMULL:
  case ARM_INS_SMLAL:
  case ARM_INS_UMLAL:
  case ARM_INS_UMAAL:
    cycles = 1;
    break;
  case ARM_INS_SDIV:
  case ARM_INS_UDIV: {
    info.flags |= insn->id == ARM_INS_SDIV ? InsnInfo::SignedDiv
                                          : InsnInfo::UnsignedDiv;
    // sdiv Rd, Rn, Rm (Capstone may print the two-operand form Rd=Rn).
    unsigned n = arm.op_count == 3 ? 1 : 0, m = arm.op_count == 3 ? 2 : 1;
    int rn = coreRegister(arm.operands[n].reg);
    int rm = coreRegister(arm.operands[m].reg);
    info.divDividend = static_cast<uint8_t>(rn < 0 ? 0 : rn);
    info.divDivisor = static_cast<uint8_t>(rm < 0 ? 0 : rm);
    cycles = 2;
    break;
  }
  case ARM_INS_ISB:
    cycles = 2; // flushes the pipeline: 1 + a minimal refill
    break;
  // FPU (TRM table 7-1).
  case ARM_INS_VDIV:
  case ARM_INS_VSQRT:
    cycles = 14;
    break;
  case ARM_INS_VFMA:
  case ARM_INS_VFMS:
  case ARM_INS_VFNMA:
  case ARM_INS_VFNMS:
  case ARM_INS_VMLA:
  case ARM_INS_VMLS:
  case ARM_INS_VNMLA:
  case ARM_INS_VNMLS:
    cycles = 3;
    break;
  case ARM_INS_VLDR:
  case ARM_INS_VSTR:
    cycles = 2;
    break;
  case ARM_INS_VLDMIA:
  case ARM_INS_VLDMDB:
  case ARM_INS_VSTMIA:
  case ARM_INS_VSTMDB:
    cycles = 1 + listWords(arm, 1);
    break;
  case ARM_INS_VPUSH:
  case ARM_INS_VPOP:
    cycles = 1 + listWords(arm, 0);
    break;
  case ARM_INS_VMOV:
    // Two core registers <-> two singles or a double: 2; otherwise 1.
    cycles = arm.op_count >= 3 ? 2 : 1;
    break;
  default:
    // Data processing, DSP, saturation, bit-field, VADD/VSUB/VMUL/VNMUL,
    // VABS/VNEG/VCMP/VCVT/VMRS/VMSR, IT, barriers, hints: 1. A data
    // processing write to PC (MOV PC / ADD PC) is an indirect branch.
    cycles = 1;
    indirect = info.flags & InsnInfo::FP ? false : writesPC(arm);
    break;
  }
  if (indirect)
    info.flags |= InsnInfo::Indirect;
  info.cycles = static_cast<uint8_t>(std::min(cycles, 255u));
  cs_free(insn, count);
  return info;
}

std::string CycleModel::disassemble(const uint8_t *bytes, size_t available,
                                    uint32_t address) const {
  cs_insn *insn = nullptr;
  size_t count =
      handle ? cs_disasm(handle, bytes, std::min<size_t>(available, 4), address,
                         1, &insn)
             : 0;
  if (count == 0)
    return "";
  std::string text = insn->mnemonic;
  if (insn->op_str[0])
    text += std::string(" ") + insn->op_str;
  cs_free(insn, count);
  return text;
}

unsigned CycleModel::divisionCycles(uint32_t dividend, uint32_t divisor,
                                    bool isSigned) {
  if (isSigned) {
    // Magnitudes (INT_MIN's magnitude is 2^31).
    int32_t n = static_cast<int32_t>(dividend), d = static_cast<int32_t>(divisor);
    dividend = n < 0 ? 0u - static_cast<uint32_t>(n) : static_cast<uint32_t>(n);
    divisor = d < 0 ? 0u - static_cast<uint32_t>(d) : static_cast<uint32_t>(d);
  }
  if (divisor == 0 || dividend < divisor)
    return 2;
  auto bits = [](uint32_t v) { return 32u - static_cast<unsigned>(__builtin_clz(v)); };
  unsigned quotientBits = bits(dividend) - bits(divisor) + 1;
  return std::min(12u, 2 + (quotientBits + 2) / 3);
}

} // namespace spnc::sim
