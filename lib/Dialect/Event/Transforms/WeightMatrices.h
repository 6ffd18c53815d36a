//===- WeightMatrices.h - Constant weights of layer ops ---------*- C++ -*-===//
//
// What the sparsity passes share: which operands of which ops are constant
// weight matrices, how to read a constant's elements (dense, splat and
// resource literals, through reshapes) and how to write a new one.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_DIALECT_EVENT_TRANSFORMS_WEIGHTMATRICES_H
#define SPNC_LIB_DIALECT_EVENT_TRANSFORMS_WEIGHTMATRICES_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace spnc::event {

/// A constant weight matrix operand of a layer op.
struct WeightMatrix {
  mlir::Operation *op = nullptr;
  unsigned operandIndex = 0;
  /// The operand's name, for diagnostics ("W", "R", "weights", "A", "B").
  std::string name;
  /// The op reads the matrix as [inputs, outputs] (a vecmat, or a matmul
  /// indexing it k-major) instead of [outputs, inputs].
  bool transposed = false;

  mlir::Value value() const { return op->getOperand(operandIndex); }
  mlir::RankedTensorType type() const {
    return mlir::cast<mlir::RankedTensorType>(value().getType());
  }
};

/// The value behind tensor.expand_shape / collapse_shape / cast ops (which
/// keep the row-major order of the elements).
mlir::Value stripReshapes(mlir::Value value);

/// True if `value` is, up to reshapes, a constant literal or an
/// event.dequantize.
bool isConstantWeight(mlir::Value value);

/// The weight matrices of the layer ops in `root`, in program order: W and R
/// of the cell steps and the weights of event.accumulate (constant or not),
/// and the constant operand of linalg.matvec / vecmat / matmul whose other
/// input is not constant (matmul only with the standard contraction maps).
llvm::SmallVector<WeightMatrix> collectWeightMatrices(mlir::Operation *root);

/// The elements of a constant literal, row-major, as raw little-endian
/// bytes (a splat is expanded).
struct ConstantData {
  mlir::Type elementType;
  unsigned elementBytes = 4;
  int64_t numElements = 0;
  std::vector<char> bytes;
  /// The replacement should be a dense_resource blob named after
  /// `blobName`: the literal was one, or a sparse literal (of a matrix large
  /// enough to be stored as zeros).
  bool preferResource = false;
  std::string blobName;
};

/// Reads the literal behind `value` (through reshapes). Fails with a reason
/// in `why` when it is not a dense, splat, sparse or available resource
/// literal of 1, 2, 4 or 8-byte elements.
mlir::FailureOr<ConstantData> readConstant(mlir::Value value, std::string &why);

/// A constant of `type` holding `bytes` (row-major): a dense_resource blob
/// named after `blobName` if `asResource`, else a dense literal.
mlir::Value createConstant(mlir::OpBuilder &builder, mlir::Location loc,
                           mlir::RankedTensorType type,
                           llvm::ArrayRef<char> bytes, bool asResource,
                           llvm::StringRef blobName);

/// Erases `value`'s defining op, and then its operands' defining ops, as
/// long as they are side-effect free and have no uses left.
void eraseIfDead(mlir::Value value);

/// A short description of the matrix for diagnostics: "'W' of
/// 'event.egru_step'".
std::string describe(const WeightMatrix &matrix);

} // namespace spnc::event

#endif // SPNC_LIB_DIALECT_EVENT_TRANSFORMS_WEIGHTMATRICES_H
