//===- Report.h - The mapping report of a mapped machine --------*- C++ -*-===//
//
// The JSON report `spnc --report=<file>` and `s2-write-report` write: PEs
// against the lower bound, SRAM per PE, routing entries per router before
// and after compression, expected packets and packet-hops per step against
// their bounds, and the placement objective against the naive placement.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_DIALECT_S2_TRANSFORMS_REPORT_H
#define SPNC_DIALECT_S2_TRANSFORMS_REPORT_H

#include "mlir/IR/BuiltinOps.h"
#include "llvm/Support/JSON.h"

namespace spnc::s2 {

/// The report of the module's s2.machine, which must be placed; routing
/// figures need the routing tables. Emits an error and fails otherwise.
/// `stepsInFlight` must be what s2-partition used (0: what it recorded on
/// the machine).
mlir::FailureOr<llvm::json::Value>
buildMappingReport(mlir::ModuleOp module, unsigned stepsInFlight = 0);

/// Writes the report to `path` ("-" = stdout).
mlir::LogicalResult writeMappingReport(mlir::ModuleOp module,
                                       llvm::StringRef path,
                                       unsigned stepsInFlight = 0);

} // namespace spnc::s2

#endif // SPNC_DIALECT_S2_TRANSFORMS_REPORT_H
