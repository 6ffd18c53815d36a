//===- ConversionUtils.h - Helpers shared by ONNX converters ----*- C++ -*-===//
#ifndef SPNC_LIB_CONVERSION_ONNXTOEVENT_CONVERSIONUTILS_H
#define SPNC_LIB_CONVERSION_ONNXTOEVENT_CONVERSIONUTILS_H

#include "spnc/Conversion/ONNXToEvent/ONNXToEvent.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <optional>
#include <string>

namespace spnc::onnx_conversion {

using mlir::FailureOr;
using mlir::LogicalResult;
using mlir::OpBuilder;
using mlir::RankedTensorType;
using mlir::Value;
using onnxir::NodeOp;

//===-- Diagnostics ---------------------------------------------------------===//

/// The ONNX node name carried by the node's location (NameLoc), or its op
/// type when the node was unnamed.
std::string getNodeName(NodeOp node);

/// An error that starts with "node '<name>' (<OpType>, opset N): " so that
/// every conversion failure names the node even without source locations.
mlir::InFlightDiagnostic emitNodeError(NodeOp node);

//===-- Node attributes (ONNX defaults are passed by the caller) ----------===//

int64_t getIntAttr(NodeOp node, llvm::StringRef name, int64_t defaultValue);
std::optional<int64_t> getOptionalIntAttr(NodeOp node, llvm::StringRef name);
float getFloatAttr(NodeOp node, llvm::StringRef name, float defaultValue);
std::optional<float> getOptionalFloatAttr(NodeOp node, llvm::StringRef name);
std::string getStringAttr(NodeOp node, llvm::StringRef name,
                          llvm::StringRef defaultValue);
std::optional<llvm::SmallVector<int64_t>> getIntsAttr(NodeOp node,
                                                      llvm::StringRef name);
std::optional<llvm::SmallVector<float>> getFloatsAttr(NodeOp node,
                                                      llvm::StringRef name);
std::optional<llvm::SmallVector<std::string>>
getStringsAttr(NodeOp node, llvm::StringRef name);

//===-- Types and operands -------------------------------------------------===//

/// The static ranked tensor type of input `index`; emits an error naming the
/// input and returns failure when it is absent, unranked or dynamic.
FailureOr<RankedTensorType> getStaticInputType(NodeOp node, unsigned index);
/// Same for result `index`.
FailureOr<RankedTensorType> getStaticResultType(NodeOp node, unsigned index);

/// The integer values of a constant input (an `arith.constant`), as ONNX
/// passes shapes, axes and slice bounds. Emits an error naming `what` when
/// the input is not a compile-time constant.
FailureOr<llvm::SmallVector<int64_t>> getConstantInts(NodeOp node,
                                                      unsigned index,
                                                      llvm::StringRef what);
/// The float values of a constant input.
FailureOr<llvm::SmallVector<double>> getConstantFloats(NodeOp node,
                                                       unsigned index,
                                                       llvm::StringRef what);

/// Maps a possibly negative ONNX axis into [0, rank); emits an error if out of
/// range.
FailureOr<int64_t> normalizeAxis(NodeOp node, int64_t axis, int64_t rank);

//===-- Builders ------------------------------------------------------------===//

/// Builds `linalg.generic` computing `body` elementwise over `operands` with
/// ONNX (numpy) multidirectional broadcasting into `resultType`.
using ElementwiseBodyFn = llvm::function_ref<Value(
    OpBuilder &builder, mlir::Location loc, mlir::ValueRange scalars)>;
Value buildBroadcastElementwise(OpBuilder &builder, mlir::Location loc,
                                RankedTensorType resultType,
                                mlir::ValueRange operands,
                                ElementwiseBodyFn body);

/// A scalar constant of `type` (float or integer) holding `value`.
Value buildScalarConstant(OpBuilder &builder, mlir::Location loc,
                          mlir::Type type, double value);

/// Converts a float scalar to another float type, rounding to nearest even
/// (f16 <-> bf16 goes through an exact f32 so there is a single rounding).
Value buildFloatConversion(OpBuilder &builder, mlir::Location loc, Value value,
                           mlir::Type to);

/// `tensor.empty` of a static type.
Value buildEmptyTensor(OpBuilder &builder, mlir::Location loc,
                       RankedTensorType type);

/// A tensor of `type` filled with `value`.
Value buildFilledTensor(OpBuilder &builder, mlir::Location loc,
                        RankedTensorType type, double value);

/// Reshapes between static shapes with the same number of elements.
Value buildReshape(OpBuilder &builder, mlir::Location loc, Value input,
                   RankedTensorType resultType);

//===-- Element kinds, axes, reductions (non-recurrent converters) --------===//

/// How a converter must treat an imported element type.
enum class ElementKind {
  Float,       ///< f16, bf16, f32, f64
  Bool,        ///< i1
  SignedInt,   ///< signless integers wider than one bit (ONNX's intN)
  UnsignedInt, ///< ONNX's uintN, imported as unsigned integer types
  Other,
};
ElementKind getElementKind(mlir::Type type);

/// Succeeds when `type` is one of `allowed`; otherwise emits "<what> has
/// element type T, which this converter does not support" and fails.
LogicalResult checkElementKind(NodeOp node, mlir::Type type,
                               llvm::ArrayRef<ElementKind> allowed,
                               llvm::StringRef what);

/// Succeeds when every type in `operandTypes` broadcasts (numpy rules) to
/// `resultType`; otherwise emits an error naming the operand.
LogicalResult checkBroadcastable(NodeOp node,
                                 llvm::ArrayRef<RankedTensorType> operandTypes,
                                 RankedTensorType resultType);

/// Maps possibly negative ONNX axes into [0, rank), rejects out-of-range and
/// repeated axes, and returns them sorted.
FailureOr<llvm::SmallVector<int64_t>>
normalizeAxes(NodeOp node, llvm::ArrayRef<int64_t> axes, int64_t rank);

/// `type` with `dims` (sorted, unique) removed, or set to 1 with `keepDims`.
RankedTensorType getReducedType(RankedTensorType type,
                                llvm::ArrayRef<int64_t> dims, bool keepDims);

/// `linalg.reduce` of `input` over `dims` (sorted, unique), starting from a
/// tensor filled with `init` and combining with `combine(element, acc)`.
/// The result has `dims` removed and `init`'s type as element type (which
/// may be wider than the input's, for accumulation).
using ReductionBodyFn = llvm::function_ref<Value(
    OpBuilder &builder, mlir::Location loc, Value element, Value accumulator)>;
Value buildReduction(OpBuilder &builder, mlir::Location loc, Value input,
                     llvm::ArrayRef<int64_t> dims, mlir::TypedAttr init,
                     ReductionBodyFn combine);

/// A copy of `input` broadcast (numpy rules) to `resultType`.
Value buildBroadcastTo(OpBuilder &builder, mlir::Location loc, Value input,
                       RankedTensorType resultType);

/// The only element of a one-element tensor (any rank).
Value buildExtractScalar(OpBuilder &builder, mlir::Location loc, Value input);

} // namespace spnc::onnx_conversion

#endif // SPNC_LIB_CONVERSION_ONNXTOEVENT_CONVERSIONUTILS_H
