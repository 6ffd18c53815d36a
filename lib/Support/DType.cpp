//===- DType.cpp - MLIR element types as host tensor dtypes ---------------===//
#include "spnc/Support/DType.h"

#include "mlir/IR/BuiltinTypes.h"

namespace spnc {

std::optional<rt::DType> getDType(mlir::Type elementType) {
  if (elementType.isF16())
    return rt::DType::F16;
  if (elementType.isBF16())
    return rt::DType::BF16;
  if (elementType.isF32())
    return rt::DType::F32;
  if (elementType.isF64())
    return rt::DType::F64;
  auto integer = mlir::dyn_cast<mlir::IntegerType>(elementType);
  if (!integer)
    return std::nullopt;
  bool isUnsigned = integer.isUnsigned();
  switch (integer.getWidth()) {
  case 1:
    return rt::DType::Bool;
  case 8:
    return isUnsigned ? rt::DType::U8 : rt::DType::I8;
  case 16:
    return isUnsigned ? rt::DType::U16 : rt::DType::I16;
  case 32:
    return isUnsigned ? rt::DType::U32 : rt::DType::I32;
  case 64:
    return isUnsigned ? rt::DType::U64 : rt::DType::I64;
  default:
    return std::nullopt;
  }
}

} // namespace spnc
