//===- SliceKernel.h - A population's step kernel, cut to one slice -*- C++ -*-===//
#ifndef SPNC_LIB_CONVERSION_S2TOPE_SLICEKERNEL_H
#define SPNC_LIB_CONVERSION_S2TOPE_SLICEKERNEL_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cstdint>
#include <vector>

namespace spnc::pe {

/// The kernel's symbol in a PE module.
inline constexpr llvm::StringLiteral kKernelName = "spnc_kernel";

/// What to cut: the ops of one population (in program order), the values
/// they read from outside (ports, in kernel argument order) and the results
/// the PE exports (sent, returned to the host, or kept as state).
struct KernelRequest {
  llvm::SmallVector<mlir::Operation *> ops;
  llvm::SmallVector<mlir::Value> ports;
  llvm::SmallVector<mlir::Value> results;
  int64_t units = 0, begin = 0, end = 0;
  /// Unit-parallel populations are cut to [begin, end); vector populations
  /// run whole.
  bool sliceUnits = true;
};

/// True if a result of this type is cut to the slice's units: the
/// population is unit-parallel and the value is one element per unit
/// ([units] or [1, ..., units]). Other results are computed whole.
inline bool isPerUnit(mlir::ShapedType type, int64_t units, bool sliceUnits) {
  return sliceUnits && type.getRank() >= 1 &&
         type.getShape().back() == units &&
         llvm::all_of(type.getShape().drop_back(),
                      [](int64_t d) { return d == 1; });
}

/// A port as the kernel reads it: elements [offset, offset + size of
/// `type`'s last dimension) of the port's last dimension.
struct PortSlice {
  mlir::RankedTensorType type;
  int64_t offset = 0;
};

/// A result: elements [offset, ...) of the population's value.
struct ResultSlice {
  mlir::RankedTensorType type;
  int64_t offset = 0;
};

struct KernelInfo {
  mlir::func::FuncOp kernel;
  std::vector<PortSlice> ports;
  std::vector<ResultSlice> results;
};

/// Builds @spnc_kernel in `module` (which must be empty): tensors in,
/// tensors out, lowered to linalg and cut to the slice.
mlir::FailureOr<KernelInfo> buildSliceKernel(const KernelRequest &request,
                                             mlir::ModuleOp module);

} // namespace spnc::pe

#endif // SPNC_LIB_CONVERSION_S2TOPE_SLICEKERNEL_H
