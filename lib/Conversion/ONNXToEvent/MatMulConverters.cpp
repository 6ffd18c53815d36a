//===- MatMulConverters.cpp - MatMul and Gemm -----------------------------===//
//
// MatMul follows numpy.matmul: 1-D operands are promoted to matrices (and the
// added dimension dropped again), leading dimensions are batch dimensions
// broadcast against each other. A right operand without batch dimensions (the
// usual weight matrix) folds the left operand's batch dimensions into its rows
// and becomes one `linalg.matmul`; otherwise both operands are broadcast to
// the common batch shape and multiplied with `linalg.batch_matmul`.
//
// Gemm is Y = alpha * A' * B' + beta * C with A' = transA ? A^T : A (same for
// B) and C broadcast unidirectionally to (M, N).
//
//===----------------------------------------------------------------------===//
#include "ConversionUtils.h"

#include "mlir/IR/AffineMap.h"

#include <cmath>

using namespace mlir;

namespace spnc {
using namespace onnx_conversion;

namespace {

constexpr ElementKind kNumericKinds[] = {ElementKind::Float,
                                         ElementKind::SignedInt};

/// Products of 16-bit floats accumulate in f32 (as numpy and most runtimes
/// do) and are rounded once at the end; everything else in its own type.
Type getAccumulatorType(OpBuilder &builder, Type elementType) {
  if (auto floatType = dyn_cast<FloatType>(elementType))
    if (floatType.getWidth() < 32)
      return builder.getF32Type();
  return elementType;
}

/// `linalg.matmul` of `lhs` (M x K) and `rhs` (K x N) into a zero-filled
/// M x N tensor; `transposeLhs`/`transposeRhs` read the operands as K x M and
/// N x K through the indexing maps instead of materializing a transpose.
Value buildMatmul(OpBuilder &builder, Location loc, Value lhs, Value rhs,
                  RankedTensorType resultType, bool transposeLhs = false,
                  bool transposeRhs = false) {
  Value init = buildFilledTensor(builder, loc, resultType, 0.0);
  llvm::SmallVector<NamedAttribute> attrs;
  if (transposeLhs || transposeRhs) {
    MLIRContext *context = builder.getContext();
    AffineExpr m = getAffineDimExpr(0, context);
    AffineExpr n = getAffineDimExpr(1, context);
    AffineExpr k = getAffineDimExpr(2, context);
    auto map = [&](AffineExpr first, AffineExpr second) {
      return AffineMap::get(3, 0, {first, second}, context);
    };
    attrs.push_back(builder.getNamedAttr(
        "indexing_maps",
        builder.getAffineMapArrayAttr({transposeLhs ? map(k, m) : map(m, k),
                                       transposeRhs ? map(n, k) : map(k, n),
                                       map(m, n)})));
  }
  return linalg::MatmulOp::create(builder, loc, TypeRange{resultType},
                                  ValueRange{lhs, rhs}, ValueRange{init}, attrs)
      .getResult(0);
}

LogicalResult convertMatMul(NodeOp node, OpBuilder &builder,
                            llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  FailureOr<RankedTensorType> lhsType = getStaticInputType(node, 0);
  if (failed(resultType) || failed(lhsType))
    return failure();
  FailureOr<RankedTensorType> rhsType = getStaticInputType(node, 1);
  if (failed(rhsType))
    return failure();
  Type elementType = lhsType->getElementType();
  if (failed(checkElementKind(node, elementType, kNumericKinds, "input #0")))
    return failure();
  if (rhsType->getElementType() != elementType ||
      resultType->getElementType() != elementType)
    return emitNodeError(node)
           << "both inputs and the output must have the same element type";
  if (lhsType->getRank() < 1 || rhsType->getRank() < 1)
    return emitNodeError(node) << "operands must have rank >= 1";

  // Promote 1-D operands: [K] -> [1, K] on the left, [K] -> [K, 1] on the
  // right.
  llvm::SmallVector<int64_t> lhsShape(lhsType->getShape());
  llvm::SmallVector<int64_t> rhsShape(rhsType->getShape());
  if (lhsShape.size() == 1)
    lhsShape.insert(lhsShape.begin(), 1);
  if (rhsShape.size() == 1)
    rhsShape.push_back(1);
  int64_t m = lhsShape[lhsShape.size() - 2];
  int64_t k = lhsShape.back();
  int64_t n = rhsShape.back();
  if (rhsShape[rhsShape.size() - 2] != k)
    return emitNodeError(node)
           << "inner dimensions differ: " << *lhsType << " x " << *rhsType;

  // Broadcast batch shape.
  llvm::ArrayRef<int64_t> lhsBatch = llvm::ArrayRef(lhsShape).drop_back(2);
  llvm::ArrayRef<int64_t> rhsBatch = llvm::ArrayRef(rhsShape).drop_back(2);
  size_t batchRank = std::max(lhsBatch.size(), rhsBatch.size());
  llvm::SmallVector<int64_t> batch(batchRank, 1);
  for (size_t i = 0; i < batchRank; ++i) {
    int64_t l = i + lhsBatch.size() >= batchRank
                    ? lhsBatch[i + lhsBatch.size() - batchRank]
                    : 1;
    int64_t r = i + rhsBatch.size() >= batchRank
                    ? rhsBatch[i + rhsBatch.size() - batchRank]
                    : 1;
    if (l != r && l != 1 && r != 1)
      return emitNodeError(node) << "batch dimensions of " << *lhsType
                                 << " and " << *rhsType << " do not broadcast";
    batch[i] = l == 1 ? r : l;
  }
  // The product holds batch x M x N elements in row-major order; the result
  // drops the promoted dimensions of 1-D operands.
  llvm::SmallVector<int64_t> expectedShape(batch);
  if (lhsType->getRank() > 1)
    expectedShape.push_back(m);
  if (rhsType->getRank() > 1)
    expectedShape.push_back(n);
  if (resultType->getShape() != llvm::ArrayRef<int64_t>(expectedShape))
    return emitNodeError(node)
           << "output type " << *resultType << " does not match the product of "
           << *lhsType << " and " << *rhsType;
  int64_t batchSize = 1;
  for (int64_t dim : batch)
    batchSize *= dim;

  Location loc = node.getLoc();
  Type accumulatorType = getAccumulatorType(builder, elementType);
  Value lhs = buildReshape(builder, loc, node.getInputs()[0],
                           RankedTensorType::get(lhsShape, elementType));
  Value rhs = buildReshape(builder, loc, node.getInputs()[1],
                           RankedTensorType::get(rhsShape, elementType));
  Value product;
  bool rhsHasBatch =
      llvm::any_of(rhsBatch, [](int64_t dim) { return dim != 1; });
  if (!rhsHasBatch) {
    // [batch..., M, K] x [K, N]: fold the (possibly broadcast) batch into
    // the rows. A left operand with fewer batch dims than the right one's
    // all-1 batch is expanded by the final reshape.
    int64_t lhsRows = m;
    for (int64_t dim : lhsBatch)
      lhsRows *= dim;
    Value lhs2d = buildReshape(
        builder, loc, lhs, RankedTensorType::get({lhsRows, k}, elementType));
    Value rhs2d = buildReshape(builder, loc, rhs,
                               RankedTensorType::get({k, n}, elementType));
    product = buildMatmul(builder, loc, lhs2d, rhs2d,
                          RankedTensorType::get({lhsRows, n}, accumulatorType));
  } else {
    auto broadcastOperand = [&](Value operand, int64_t rows, int64_t cols) {
      llvm::SmallVector<int64_t> shape(batch);
      shape.push_back(rows);
      shape.push_back(cols);
      Value full = buildBroadcastTo(builder, loc, operand,
                                    RankedTensorType::get(shape, elementType));
      return buildReshape(
          builder, loc, full,
          RankedTensorType::get({batchSize, rows, cols}, elementType));
    };
    Value lhs3d = broadcastOperand(lhs, m, k);
    Value rhs3d = broadcastOperand(rhs, k, n);
    auto productType =
        RankedTensorType::get({batchSize, m, n}, accumulatorType);
    Value init = buildFilledTensor(builder, loc, productType, 0.0);
    product = linalg::BatchMatmulOp::create(
                  builder, loc, TypeRange{productType},
                  ValueRange{lhs3d, rhs3d}, ValueRange{init})
                  .getResult(0);
  }
  if (accumulatorType != elementType) {
    auto productType = cast<RankedTensorType>(product.getType());
    product = buildBroadcastElementwise(
        builder, loc, productType.clone(elementType), {product},
        [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
          return arith::TruncFOp::create(b, nestedLoc, elementType, s[0]);
        });
  }
  results.push_back(buildReshape(builder, loc, product, *resultType));
  return success();
}

LogicalResult convertGemm(NodeOp node, OpBuilder &builder,
                          llvm::SmallVectorImpl<Value> &results) {
  FailureOr<RankedTensorType> resultType = getStaticResultType(node, 0);
  FailureOr<RankedTensorType> aType = getStaticInputType(node, 0);
  if (failed(resultType) || failed(aType))
    return failure();
  FailureOr<RankedTensorType> bType = getStaticInputType(node, 1);
  if (failed(bType))
    return failure();
  Type elementType = aType->getElementType();
  if (failed(checkElementKind(node, elementType, kNumericKinds, "input #0")))
    return failure();
  if (bType->getElementType() != elementType ||
      resultType->getElementType() != elementType)
    return emitNodeError(node)
           << "inputs and output must have the same element type";
  if (aType->getRank() != 2 || bType->getRank() != 2 ||
      resultType->getRank() != 2)
    return emitNodeError(node) << "A, B and Y must be matrices";
  bool transA = getIntAttr(node, "transA", 0) != 0;
  bool transB = getIntAttr(node, "transB", 0) != 0;
  double alpha = getFloatAttr(node, "alpha", 1.0f);
  double beta = getFloatAttr(node, "beta", 1.0f);
  int64_t m = aType->getDimSize(transA ? 1 : 0);
  int64_t k = aType->getDimSize(transA ? 0 : 1);
  int64_t kB = bType->getDimSize(transB ? 1 : 0);
  int64_t n = bType->getDimSize(transB ? 0 : 1);
  if (k != kB)
    return emitNodeError(node)
           << "inner dimensions differ: " << *aType << " x " << *bType
           << " (transA = " << transA << ", transB = " << transB << ")";
  if (resultType->getShape() != llvm::ArrayRef<int64_t>{m, n})
    return emitNodeError(node)
           << "output type " << *resultType << " is not " << m << "x" << n;
  bool isFloat = isa<FloatType>(elementType);
  if (!isFloat && (alpha != std::trunc(alpha) || beta != std::trunc(beta)))
    return emitNodeError(node)
           << "integer Gemm needs integral alpha and beta, got " << alpha
           << " and " << beta;

  // C is optional since opset 11; beta = 0 ignores it (as the reference
  // implementation does, so NaN or Inf in C do not leak through).
  Value c = node.getInputOrNull(2);
  if (c && beta == 0.0)
    c = Value();
  if (c) {
    FailureOr<RankedTensorType> cType = getStaticInputType(node, 2);
    if (failed(cType))
      return failure();
    if (cType->getElementType() != elementType)
      return emitNodeError(node) << "C must have the element type of A";
    bool broadcastable = cType->getRank() <= 2;
    for (int64_t i = 0; broadcastable && i < cType->getRank(); ++i) {
      int64_t dim = cType->getDimSize(cType->getRank() - 1 - i);
      broadcastable = dim == 1 || dim == resultType->getDimSize(1 - i);
    }
    if (!broadcastable)
      return emitNodeError(node) << "C of type " << *cType
                                 << " does not broadcast to " << *resultType;
  }

  Location loc = node.getLoc();
  Type accumulatorType = getAccumulatorType(builder, elementType);
  Value product =
      buildMatmul(builder, loc, node.getInputs()[0], node.getInputs()[1],
                  resultType->clone(accumulatorType), transA, transB);
  if (!c && alpha == 1.0 && accumulatorType == elementType) {
    results.push_back(product);
    return success();
  }
  // Epilogue in the accumulator type: alpha * AB + beta * C, rounded once.
  llvm::SmallVector<Value> operands{product};
  if (c)
    operands.push_back(c);
  results.push_back(buildBroadcastElementwise(
      builder, loc, *resultType, operands,
      [&](OpBuilder &b, Location nestedLoc, ValueRange s) -> Value {
        auto scale = [&](Value value, double factor) -> Value {
          if (factor == 1.0)
            return value;
          Value constant =
              buildScalarConstant(b, nestedLoc, accumulatorType, factor);
          if (isFloat)
            return arith::MulFOp::create(b, nestedLoc, value, constant);
          return arith::MulIOp::create(b, nestedLoc, value, constant);
        };
        Value result = scale(s[0], alpha);
        if (s.size() > 1) {
          Value bias = s[1];
          if (accumulatorType != elementType)
            bias = arith::ExtFOp::create(b, nestedLoc, accumulatorType, bias);
          bias = scale(bias, beta);
          result =
              isFloat
                  ? Value(arith::AddFOp::create(b, nestedLoc, result, bias))
                  : Value(arith::AddIOp::create(b, nestedLoc, result, bias));
        }
        if (accumulatorType != elementType)
          result = arith::TruncFOp::create(b, nestedLoc, elementType, result);
        return result;
      }));
  return success();
}

} // namespace

void populateONNXMatMulConverters(ONNXConverterRegistry &registry) {
  // numpy.matmul semantics in every version; 9 and 13 add element types.
  registry.add("MatMul", 1, kMaxSupportedOpset, convertMatMul);
  // 7 introduced unidirectional broadcasting of C (6 had `broadcast`), 11
  // made C optional; the rest only adds element types.
  registry.add("Gemm", 7, kMaxSupportedOpset, convertGemm);
}

} // namespace spnc
