//===- CycleModel.cpp - Cortex-M4F instruction timing ---------------------===//
//
// Cortex-M4 TRM (ARM DDI 0439B) Table 3-1 "Cortex-M4 instruction set
// summary" and Table 7-1 "FPU instruction set"; P is the pipeline refill
// (1..3), N the number of registers transferred.
//
//===----------------------------------------------------------------------===//
#include "CycleModel.h"

#include "spinnaker2/abi.h"

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

/// Whether the instruction writes SP (Capstone 4 does not list SP among
/// VPUSH/VPOP's written registers, so callers check those separately).
bool writesSP(csh handle, const cs_insn *insn) {
  cs_regs read, written;
  uint8_t numRead = 0, numWritten = 0;
  if (cs_regs_access(handle, insn, read, &numRead, written, &numWritten) !=
      CS_ERR_OK)
    return true;
  for (uint8_t i = 0; i < numWritten; ++i)
    if (written[i] == ARM_REG_SP)
      return true;
  return false;
}

bool isLoad(unsigned id) {
  switch (id) {
  case ARM_INS_LDR: case ARM_INS_LDRB: case ARM_INS_LDRH: case ARM_INS_LDRSB:
  case ARM_INS_LDRSH: case ARM_INS_LDRT: case ARM_INS_LDRBT:
  case ARM_INS_LDRHT: case ARM_INS_LDRSBT: case ARM_INS_LDRSHT:
  case ARM_INS_LDREX: case ARM_INS_LDREXB: case ARM_INS_LDREXH:
  case ARM_INS_LDRD: case ARM_INS_LDM: case ARM_INS_LDMDB: case ARM_INS_POP:
  case ARM_INS_VLDR: case ARM_INS_VLDMIA: case ARM_INS_VLDMDB:
  case ARM_INS_VPOP: case ARM_INS_TBB: case ARM_INS_TBH:
    return true;
  default:
    return false;
  }
}

bool isStore(unsigned id) {
  switch (id) {
  case ARM_INS_STR: case ARM_INS_STRB: case ARM_INS_STRH: case ARM_INS_STRT:
  case ARM_INS_STRBT: case ARM_INS_STRHT: case ARM_INS_STREX:
  case ARM_INS_STREXB: case ARM_INS_STREXH: case ARM_INS_STRD:
  case ARM_INS_STM: case ARM_INS_STMDB: case ARM_INS_PUSH: case ARM_INS_VSTR:
  case ARM_INS_VSTMIA: case ARM_INS_VSTMDB: case ARM_INS_VPUSH:
    return true;
  default:
    return false;
  }
}

/// Block transfers: the register list starts at this operand (-1: not one).
int listStart(unsigned id) {
  switch (id) {
  case ARM_INS_PUSH: case ARM_INS_POP: case ARM_INS_VPUSH: case ARM_INS_VPOP:
    return 0;
  case ARM_INS_LDM: case ARM_INS_LDMDB: case ARM_INS_STM: case ARM_INS_STMDB:
  case ARM_INS_VLDMIA: case ARM_INS_VLDMDB: case ARM_INS_VSTMIA:
  case ARM_INS_VSTMDB:
    return 1;
  default:
    return -1;
  }
}

bool decrementsBefore(unsigned id) {
  return id == ARM_INS_PUSH || id == ARM_INS_VPUSH || id == ARM_INS_LDMDB ||
         id == ARM_INS_STMDB || id == ARM_INS_VLDMDB || id == ARM_INS_VSTMDB;
}

/// Bytes one load or store instruction moves from its address upwards.
unsigned accessBytes(const cs_insn &insn) {
  const cs_arm &arm = insn.detail->arm;
  switch (insn.id) {
  case ARM_INS_LDRB: case ARM_INS_LDRSB: case ARM_INS_LDRBT:
  case ARM_INS_LDRSBT: case ARM_INS_LDREXB: case ARM_INS_STRB:
  case ARM_INS_STRBT: case ARM_INS_STREXB: case ARM_INS_TBB:
    return 1;
  case ARM_INS_LDRH: case ARM_INS_LDRSH: case ARM_INS_LDRHT:
  case ARM_INS_LDRSHT: case ARM_INS_LDREXH: case ARM_INS_STRH:
  case ARM_INS_STRHT: case ARM_INS_STREXH: case ARM_INS_TBH:
    return 2;
  case ARM_INS_LDRD: case ARM_INS_STRD:
    return 8;
  case ARM_INS_VLDR: case ARM_INS_VSTR:
    return arm.op_count > 0 && arm.operands[0].type == ARM_OP_REG &&
                   arm.operands[0].reg >= ARM_REG_D0 &&
                   arm.operands[0].reg <= ARM_REG_D31
               ? 8
               : 4;
  default:
    return 4;
  }
}

/// What block-level accounting needs to know (InsnInfo::kind, spDelta).
void classify(csh handle, const cs_insn &insn, InsnInfo &info) {
  const cs_arm &arm = insn.detail->arm;
  unsigned id = insn.id;
  bool load = isLoad(id), store = isStore(id);
  if (load)
    info.kind |= InsnInfo::Load;
  if (store)
    info.kind |= InsnInfo::Store;
  switch (id) {
  case ARM_INS_IT:
    info.kind |= InsnInfo::ITBlock;
    break;
  case ARM_INS_MSR:
  case ARM_INS_CPS:
    info.kind |= InsnInfo::ChangesMode | InsnInfo::NeedsHooks;
    break;
  case ARM_INS_SVC: case ARM_INS_BKPT: case ARM_INS_UDF: case ARM_INS_WFI:
  case ARM_INS_WFE: case ARM_INS_HLT: case ARM_INS_SEV: case ARM_INS_SEVL:
  case ARM_INS_YIELD: case ARM_INS_MRS: case ARM_INS_DBG:
  case ARM_INS_CLREX: case ARM_INS_SETEND:
  case ARM_INS_MCR: case ARM_INS_MCR2: case ARM_INS_MCRR: case ARM_INS_MCRR2:
  case ARM_INS_MRC: case ARM_INS_MRC2: case ARM_INS_MRRC: case ARM_INS_MRRC2:
  case ARM_INS_CDP: case ARM_INS_CDP2:
    info.kind |= InsnInfo::NeedsHooks;
    break;
  default:
    break;
  }
  if (load || store) {
    int list = listStart(id);
    bool local = false;
    if (list == 0)
      local = true; // PUSH/POP/VPUSH/VPOP
    else if (list > 0)
      local = arm.operands[0].type == ARM_OP_REG &&
              (arm.operands[0].reg == ARM_REG_SP);
    else
      for (unsigned i = 0; i < arm.op_count; ++i)
        if (arm.operands[i].type == ARM_OP_MEM)
          local = (arm.operands[i].mem.base == ARM_REG_SP ||
                   arm.operands[i].mem.base == ARM_REG_PC) &&
                  arm.operands[i].mem.index == ARM_REG_INVALID;
    if (local)
      info.kind |= InsnInfo::LocalAccess;
  }
  // Where the registers' address is made: blocks with it get code hooks.
  if (arm.op_count == 2 && arm.operands[1].type == ARM_OP_IMM) {
    uint32_t imm = static_cast<uint32_t>(arm.operands[1].imm);
    uint32_t top = id == ARM_INS_MOVT ? imm : id == ARM_INS_MOV ? imm >> 16 : 0;
    if (top == SPNC_MMIO_BASE >> 16 || top == SPNC_SCS_BASE >> 16)
      info.kind |= InsnInfo::RegisterBase;
  }
  // A memory operand of an instruction not modelled above.
  if (!load && !store && id != ARM_INS_PLD && id != ARM_INS_PLDW &&
      id != ARM_INS_PLI)
    for (unsigned i = 0; i < arm.op_count; ++i)
      if (arm.operands[i].type == ARM_OP_MEM)
        info.kind |= InsnInfo::NeedsHooks;

  // Registers written (Capstone 4 misses a few implicit ones: with no list
  // of them, or with VPUSH/VPOP, count every register as written).
  cs_regs read, written;
  uint8_t numRead = 0, numWritten = 0;
  if (cs_regs_access(handle, &insn, read, &numRead, written, &numWritten) !=
      CS_ERR_OK)
    info.writes = 0xFFFF;
  for (uint8_t i = 0; i < numWritten; ++i) {
    int reg = coreRegister(written[i]);
    if (reg >= 0)
      info.writes |= static_cast<uint16_t>(1u << reg);
  }
  if (arm.writeback)
    for (unsigned i = 0; i < arm.op_count; ++i) {
      int reg = arm.operands[i].type == ARM_OP_MEM
                    ? coreRegister(arm.operands[i].mem.base)
                    : i == 0 && arm.operands[0].type == ARM_OP_REG
                          ? coreRegister(arm.operands[0].reg)
                          : -1;
      if (reg >= 0)
        info.writes |= static_cast<uint16_t>(1u << reg);
    }
  if (id == ARM_INS_VPUSH || id == ARM_INS_VPOP || id == ARM_INS_PUSH ||
      id == ARM_INS_POP)
    info.writes |= 1u << 13;

  // SP changes: known amounts for the stack idioms, unknown otherwise.
  int list = listStart(id);
  bool spWritten = writesSP(handle, &insn) || id == ARM_INS_VPUSH ||
                   id == ARM_INS_VPOP;
  if (!spWritten)
    return;
  int delta = 0;
  bool known = false;
  if (list >= 0) {
    bool spBase = list == 0 || (arm.operands[0].type == ARM_OP_REG &&
                                arm.operands[0].reg == ARM_REG_SP &&
                                arm.writeback);
    bool spInList = false;
    for (unsigned i = static_cast<unsigned>(list); i < arm.op_count; ++i)
      if (arm.operands[i].type == ARM_OP_REG &&
          arm.operands[i].reg == ARM_REG_SP)
        spInList = true;
    if (spBase && !spInList) {
      int bytes = static_cast<int>(4 * listWords(arm, static_cast<unsigned>(list)));
      delta = decrementsBefore(id) ? -bytes : bytes;
      known = true;
    }
  } else if ((id == ARM_INS_ADD || id == ARM_INS_SUB || id == ARM_INS_ADDW ||
              id == ARM_INS_SUBW) &&
             arm.op_count >= 2 && arm.operands[0].type == ARM_OP_REG &&
             arm.operands[0].reg == ARM_REG_SP) {
    const cs_arm_op *imm = nullptr;
    if (arm.op_count == 2 && arm.operands[1].type == ARM_OP_IMM)
      imm = &arm.operands[1];
    else if (arm.op_count == 3 && arm.operands[1].type == ARM_OP_REG &&
             arm.operands[1].reg == ARM_REG_SP &&
             arm.operands[2].type == ARM_OP_IMM)
      imm = &arm.operands[2];
    if (imm) {
      bool sub = id == ARM_INS_SUB || id == ARM_INS_SUBW;
      delta = sub ? -imm->imm : imm->imm;
      known = true;
    }
  } else if ((load || store) && arm.writeback && arm.op_count >= 2) {
    // LDR/STR with SP as a written-back base: pre-indexed adds the
    // displacement, post-indexed the trailing immediate.
    const cs_arm_op *mem = nullptr;
    unsigned memIndex = 0;
    for (unsigned i = 0; i < arm.op_count; ++i)
      if (arm.operands[i].type == ARM_OP_MEM) {
        mem = &arm.operands[i];
        memIndex = i;
      }
    bool destIsSP = load && arm.operands[0].type == ARM_OP_REG &&
                    arm.operands[0].reg == ARM_REG_SP;
    if (mem && mem->mem.base == ARM_REG_SP && mem->mem.index == ARM_REG_INVALID &&
        !destIsSP) {
      if (memIndex + 1 < arm.op_count) {
        const cs_arm_op &post = arm.operands[memIndex + 1];
        if (post.type == ARM_OP_IMM) {
          delta = post.subtracted ? -post.imm : post.imm;
          known = true;
        }
      } else {
        delta = mem->mem.disp;
        known = true;
      }
    }
  }
  if (known && delta >= INT16_MIN && delta <= INT16_MAX)
    info.spDelta = static_cast<int16_t>(delta);
  else
    info.kind |= InsnInfo::SPUnknown;
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
  classify(handle, *insn, info);
  cs_free(insn, count);
  return info;
}

MemoryOperand CycleModel::memoryOperand(const uint8_t *bytes, size_t available,
                                        uint32_t address) const {
  MemoryOperand result;
  cs_insn *insn = nullptr;
  size_t count =
      handle ? cs_disasm(handle, bytes, std::min<size_t>(available, 4), address,
                         1, &insn)
             : 0;
  if (count == 0)
    return result;
  const cs_arm &arm = insn->detail->arm;
  unsigned id = insn->id;
  result.store = isStore(id);
  int list = listStart(id);
  if (list >= 0) {
    // Block transfers: PUSH/POP use SP; the others name their base first.
    int base = list == 0 ? 13
                         : (arm.operands[0].type == ARM_OP_REG
                                ? coreRegister(arm.operands[0].reg)
                                : -1);
    if (base >= 0) {
      result.modelled = true;
      result.base = base;
      result.postIndexed = true; // the list starts at (or ends below) the base
      result.decrementBefore = decrementsBefore(id);
      result.bytes = 4 * listWords(arm, static_cast<unsigned>(list));
    }
  } else if (isLoad(id) || result.store) {
    for (unsigned i = 0; i < arm.op_count; ++i) {
      const cs_arm_op &op = arm.operands[i];
      if (op.type != ARM_OP_MEM)
        continue;
      result.base = coreRegister(op.mem.base);
      result.index = op.mem.index == ARM_REG_INVALID
                         ? -1
                         : coreRegister(op.mem.index);
      bool badIndex = op.mem.index != ARM_REG_INVALID && result.index < 0;
      result.shift = op.shift.type == ARM_SFT_LSL ? op.shift.value : 0;
      bool otherShift = op.shift.type != ARM_SFT_INVALID &&
                        op.shift.type != ARM_SFT_LSL;
      result.subtract = op.subtracted || op.mem.scale == -1;
      result.disp = op.mem.disp;
      // Post-indexed forms carry the offset as a trailing operand.
      result.postIndexed = arm.writeback && i + 1 < arm.op_count;
      result.bytes = accessBytes(*insn);
      result.alignPC = id != ARM_INS_TBB && id != ARM_INS_TBH;
      result.modelled = result.base >= 0 && !badIndex && !otherShift;
    }
  }
  cs_free(insn, count);
  return result;
}

bool CycleModel::itBlockSetsFlags(const uint8_t *bytes, size_t available,
                                  uint32_t address) const {
  // Decoded together, Capstone follows the IT state (ADDS inside is ADD).
  cs_insn *insn = nullptr;
  size_t count = handle ? cs_disasm(handle, bytes, std::min<size_t>(available, 18),
                                    address, 5, &insn)
                        : 0;
  bool sets = count == 0 || insn[0].id != ARM_INS_IT;
  if (!sets) {
    unsigned mask = bytes[0] & 0xF;
    size_t slots = mask ? 4 - static_cast<unsigned>(__builtin_ctz(mask)) : 0;
    if (count < slots + 1)
      sets = true;
    for (size_t i = 1; i < slots && !sets; ++i) {
      const cs_insn &in = insn[i];
      sets = in.detail->arm.update_flags || in.id == ARM_INS_CMP ||
             in.id == ARM_INS_CMN || in.id == ARM_INS_TST ||
             in.id == ARM_INS_TEQ;
    }
  }
  if (count)
    cs_free(insn, count);
  return sets;
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
