//===- PEGlue.h - The binary contract around a slice kernel ------*- C++ -*-===//
//
// Adds to a PE module (kernel already bufferized) the buffers of its ports
// and results, and the hooks the per-core runtime calls (spnc_pe.h):
// spnc_on_event writes a received event into the port its producer feeds;
// spnc_step_update runs the kernel, sends the events of the units that
// fired, keeps the PE's own state and clears the event ports.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_CONVERSION_S2TOPE_PEGLUE_H
#define SPNC_LIB_CONVERSION_S2TOPE_PEGLUE_H

#include "SliceKernel.h"

#include "spnc/Conversion/S2ToPE/S2ToPE.h"

#include <optional>
#include <vector>

namespace spnc::pe {

/// Symbols of the PE module that the descriptor (abi.h) points at.
inline constexpr llvm::StringLiteral kProducersSymbol = "spnc_producers";

/// A slice of a population that sends events to a port.
/// The producer sends elements [unitBegin, unitEnd) of the port's value with
/// key indices from `indexOffset` on; `keys` is every index it sends (of all
/// its values), which all arrive here.
struct ProducerSlice {
  uint32_t source = 0;
  int64_t unitBegin = 0, unitEnd = 0;
  uint32_t indexOffset = 0;
  uint32_t keys = 0;
};

struct GluePort {
  PortSlice slice;
  std::optional<unsigned> hostInput;
  bool hostOnce = false;
  std::optional<mlir::ElementsAttr> initialValue; // event.state's
  /// The PE's own state: copied from this kernel result after each step.
  std::optional<unsigned> copyFromResult;
  /// Fed by events of these slices (cleared after each step).
  std::vector<ProducerSlice> producers;
  bool binary = false; // events without payload: the value is 1.0
};

struct GlueResult {
  ResultSlice slice;
  bool sent = false;   // sent to other PEs
  uint32_t keyIndex = 0; // the key index of its first element
  bool events = false; // an event vector: silent units (zeros) send nothing
  bool binary = false;
  std::vector<unsigned> hostOutputs; // graph outputs it is
};

struct GlueSpec {
  /// The step gate the event buffer is sized for, and the buffer the
  /// mapping budgeted (the least the PE must get).
  unsigned stepsInFlight = 1;
  uint32_t minEventCapacity = 0;
  uint32_t sourceId = 0, keyBase = 0;
  bool sendsEndOfStep = false;
  std::vector<GluePort> ports;
  std::vector<GlueResult> results;
  std::vector<Producer> producers; // ascending source ids
};

/// Adds the glue to `module` and describes it in `interface`.
mlir::LogicalResult buildGlue(const GlueSpec &spec, mlir::ModuleOp module,
                              PEInterface &interface);

/// Turns matrix-vector products with constant weights in the kernel into
/// loops over the inputs that are non-zero, reading per-input weight rows
/// (dense or compressed, whichever is smaller).
mlir::LogicalResult rewriteEventDrivenProducts(mlir::ModuleOp module);

/// Every temporary buffer of the kernel becomes a static global (no heap on
/// a PE).
mlir::LogicalResult makeBuffersStatic(mlir::ModuleOp module);

} // namespace spnc::pe

#endif // SPNC_LIB_CONVERSION_S2TOPE_PEGLUE_H
