//===- CycleModel.h - Cortex-M4F instruction timing -----------*- C++ -*-===//
//
// Cycles per executed instruction, from the Cortex-M4 Technical Reference
// Manual (ARM DDI 0439, "Processor instruction timings" and "FPU instruction
// set"). Instructions are decoded once with Capstone and cached per address
// by the caller. The table and its simplifications are in docs/Simulator.md.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_CYCLEMODEL_H
#define SPNC_RUNTIME_SIMULATOR_CYCLEMODEL_H

#include <cstddef>
#include <cstdint>
#include <string>

namespace spnc::sim {

/// What the simulator needs to know about one instruction.
struct InsnInfo {
  enum : uint8_t {
    Decoded = 1,  // filled in
    Indirect = 2, // a PC write whose target is known late (BX, POP PC, ...)
    FP = 4,       // needs the FPU (CPACR CP10/CP11)
    SignedDiv = 8,
    UnsignedDiv = 16,
    Invalid = 32, // Capstone could not decode it
  };
  /// What block-level accounting needs (docs/Simulator.md, "Speed").
  enum : uint8_t {
    Load = 1,         // reads memory (LDR*, LDM, POP, VLDR, VLDM, TBB, ...)
    Store = 2,        // writes memory (STR*, STM, PUSH, VSTR, VSTM, ...)
    ITBlock = 4,      // IT: the following instructions are conditional
    NeedsHooks = 8,   // exceptions, hints with side effects, unmodelled forms
    ChangesMode = 16, // MSR, CPS: may change what the emulator's code depends on
    SPUnknown = 32,   // writes SP by an amount not known from the encoding
    RegisterBase = 64, // MOVT/MOV of the top halfword of the communication
                       // or system registers' address (abi.h)
    LocalAccess = 128, // loads or stores relative to SP or PC only
  };
  uint8_t size = 0;   // bytes: 2 or 4
  uint8_t cycles = 0; // without pipeline refill and operand-dependent parts
  uint8_t flags = 0;
  uint8_t divDividend = 0, divDivisor = 0; // core register numbers 0..14
  uint8_t kind = 0;    // the enum above
  int16_t spDelta = 0; // SP change in bytes (unless SPUnknown)
  uint16_t writes = 0; // core registers it writes (bit n: Rn), conservative
};

/// The memory a load or store instruction touches, as a function of the
/// registers before it executes (for locating a register access in a block
/// of instructions run without per-instruction hooks).
struct MemoryOperand {
  bool modelled = false; // false: could touch anything
  bool store = false;
  int base = -1, index = -1; // core registers 0..15, -1 none
  unsigned shift = 0;        // index << shift
  bool subtract = false;     // base - index
  int32_t disp = 0;          // added unless post-indexed
  bool postIndexed = false;  // address = base
  bool decrementBefore = false; // LDMDB/STMDB/PUSH/VPUSH: below the base
  uint32_t bytes = 0;           // bytes from the lowest address
  bool alignPC = true; // base PC reads as Align(address + 4, 4) (not TBB/TBH)
};

class CycleModel {
public:
  CycleModel();
  ~CycleModel();
  CycleModel(const CycleModel &) = delete;
  CycleModel &operator=(const CycleModel &) = delete;

  bool ok() const { return handle != 0; }

  /// Decodes the Thumb instruction at `address` from `bytes` (up to 4).
  InsnInfo decode(const uint8_t *bytes, size_t available,
                  uint32_t address) const;
  /// The memory operand of the instruction at `address` (loads/stores).
  MemoryOperand memoryOperand(const uint8_t *bytes, size_t available,
                              uint32_t address) const;
  /// Whether an instruction of the IT block at `address` other than its
  /// last sets the flags (later conditions would then depend on it).
  bool itBlockSetsFlags(const uint8_t *bytes, size_t available,
                        uint32_t address) const;
  /// "ldr r0, [r1]" for reports; "" if undecodable.
  std::string disassemble(const uint8_t *bytes, size_t available,
                          uint32_t address) const;

  /// SDIV/UDIV: 2 cycles plus one per 3 quotient bits, at most 12.
  static unsigned divisionCycles(uint32_t dividend, uint32_t divisor,
                                 bool isSigned);
  /// Pipeline refill after a taken branch to `target`: 1, +1 if the target
  /// is a 32-bit instruction that is not word-aligned, +1 for an indirect
  /// branch. 1..3 cycles, as the TRM's P.
  static unsigned refillCycles(bool indirect, uint32_t target,
                               unsigned targetSize) {
    return 1 + ((targetSize == 4 && (target & 2)) ? 1 : 0) + (indirect ? 1 : 0);
  }

private:
  size_t handle = 0; // csh
};

} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_CYCLEMODEL_H
