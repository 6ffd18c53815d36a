//===- S2ToPE.h - Per-PE programs from a mapped step function ---*- C++ -*-===//
//
// After the mapping passes, every s2.slice of the machine runs on one PE.
// This library cuts each slice's program out of the step function
// (docs/Backend.md, "The one invariant"): the population's ops are cloned,
// lowered by the same convert-event-to-linalg as the host reference and
// restricted to the slice's units by swapping tensor.extract_slice with its
// producers (TilingInterface), so every unit computes exactly the host's
// arithmetic. The result is one MLIR module per PE: the step kernel plus the
// glue of the binary contract (event handler, step update, buffers), which
// lowers to the LLVM dialect for the Cortex-M4F.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_CONVERSION_S2TOPE_S2TOPE_H
#define SPNC_CONVERSION_S2TOPE_S2TOPE_H

#include "spnc/Dialect/S2/S2Dialect.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"

#include <cstdint>
#include <string>
#include <vector>

namespace spnc::pe {

/// A host tensor one PE reads or writes: bytes [offset, offset + bytes) of
/// graph input/output `tensor` live in the PE global `symbol`.
struct HostBinding {
  unsigned tensor = 0;
  uint64_t offset = 0, bytes = 0;
  std::string symbol;
  bool once = false; // written before step 0 only (initial state)
};

/// A producer of events this PE consumes (one slice of another population).
struct Producer {
  uint32_t source = 0;
  uint32_t delay = 0;
};

/// What the descriptor (spnc_program in abi.h) of one PE needs beyond its
/// code; the symbols name globals of the PE module.
struct PEInterface {
  uint32_t sourceId = 0;
  bool sendsEndOfStep = false;
  std::vector<Producer> producers; // ascending source ids
  std::vector<HostBinding> inputs, outputs;
  /// The region of recurrent state the PE keeps (for the host's view).
  std::vector<std::string> stateSymbols;
  /// Events the PE may have to buffer at most (the back end allocates as
  /// many as fit), and the least it must get (what the mapping budgeted).
  uint32_t eventCapacity = 0, minEventCapacity = 0;
  /// The step gate the buffers are sized for.
  unsigned stepsInFlight = 1;
};

/// abi.h's limit on spnc_program_desc.event_capacity.
inline constexpr uint32_t kMaxEventCapacity = 0xFFFF;
/// No event buffer is smaller (the mapping's floor too).
inline constexpr uint32_t kMinEventCapacity = 64;

/// The program of one PE: an MLIR module (nested in no other op) and its
/// interface. `slice` points into the mapped module.
struct PEProgram {
  s2::SliceOp slice;
  std::string name; // "pe_<chip>_<qx>_<qy>_<qp>"
  mlir::OwningOpRef<mlir::ModuleOp> module;
  PEInterface interface;
};

/// Builds the programs of every slice of the machine in `mapped` (after
/// s2-allocate-keys). The modules hold the step kernel and the glue in
/// upstream dialects (memref, scf, arith, math, llvm). Emits diagnostics
/// naming the slice and fails if a slice cannot be compiled.
mlir::FailureOr<std::vector<PEProgram>> buildPEPrograms(mlir::ModuleOp mapped);

/// Lowers one PE module built above to the LLVM dialect with 32-bit
/// indices, the same math approximations as the host pipeline and no FP
/// contraction.
void populatePEToLLVMPipeline(mlir::OpPassManager &pm);

} // namespace spnc::pe

#endif // SPNC_CONVERSION_S2TOPE_S2TOPE_H
