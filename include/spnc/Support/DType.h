//===- DType.h - MLIR element types as host tensor dtypes -------*- C++ -*-===//
#ifndef SPNC_SUPPORT_DTYPE_H
#define SPNC_SUPPORT_DTYPE_H

#include "spnc-runtime/Tensor.h"

#include "mlir/IR/Types.h"

#include <optional>

namespace spnc {

/// The runtime dtype of an MLIR element type (f16, bf16, f32, f64, i1 = bool,
/// signless/signed/unsigned integers of 8-64 bits), or none.
std::optional<rt::DType> getDType(mlir::Type elementType);

} // namespace spnc

#endif // SPNC_SUPPORT_DTYPE_H
