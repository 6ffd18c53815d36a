//===- QuantizeWeights.cpp - Integer weights with per-row scales ----------===//
//
// event-quantize-weights: each f32 constant weight matrix of a layer op
// becomes event.dequantize of an i8 matrix and per-row f32 scales
// (symmetric, scale = max|row| / (2^(bits-1) - 1), ties to even). Rows are
// output units, so every PE holds the scales of its own units.
//
//===----------------------------------------------------------------------===//
#include "WeightMatrices.h"

#include "spnc/Dialect/Event/Transforms/Passes.h"

#include <cmath>
#include <cstdio>
#include <cstring>

namespace spnc {
#define GEN_PASS_DEF_EVENTQUANTIZEWEIGHTS
#include "spnc/Dialect/Event/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc::event;

namespace {

/// `x` rounded to the nearest integer, ties to even (independent of the
/// floating-point environment's rounding mode).
double roundHalfToEven(double x) {
  double below = std::floor(x);
  double fraction = x - below;
  if (fraction > 0.5)
    return below + 1;
  if (fraction < 0.5)
    return below;
  return std::fmod(below, 2.0) == 0.0 ? below : below + 1;
}

struct QuantizedMatrix {
  std::vector<int8_t> values; // rows x cols, row-major
  std::vector<float> scales;  // rows
};

struct QuantizeWeightsPass
    : public spnc::impl::EventQuantizeWeightsBase<QuantizeWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (bits < 2 || bits > 8) {
      getOperation().emitError()
          << "event-quantize-weights: bits must be between 2 and 8, got "
          << bits.getValue();
      return signalPassFailure();
    }
    for (const WeightMatrix &matrix : collectWeightMatrices(getOperation()))
      if (failed(quantize(matrix)))
        return signalPassFailure();
  }

  LogicalResult quantize(const WeightMatrix &matrix) {
    Value old = matrix.value();
    if (stripReshapes(old).getDefiningOp<DequantizeOp>())
      return success(); // quantised already
    RankedTensorType type = matrix.type();
    if (!type.getElementType().isF32()) {
      matrix.op->emitWarning()
          << "weights " << describe(matrix) << " are not quantised: only f32 "
          << "weights are, got " << type.getElementType();
      return success();
    }
    std::string why;
    FailureOr<ConstantData> data = readConstant(old, why);
    if (failed(data)) {
      matrix.op->emitWarning()
          << "weights " << describe(matrix) << " are not quantised: " << why;
      return success();
    }
    // Rows are output units: [outputs, inputs].
    int64_t rows = type.getDimSize(matrix.transposed ? 1 : 0);
    int64_t cols = type.getDimSize(matrix.transposed ? 0 : 1);
    auto at = [&](int64_t row, int64_t col) {
      int64_t index = matrix.transposed ? col * rows + row : row * cols + col;
      float value;
      std::memcpy(&value, data->bytes.data() + index * sizeof(float),
                  sizeof value);
      return value;
    };
    FailureOr<QuantizedMatrix> quantized = quantizeRows(matrix, rows, cols, at);
    if (failed(quantized))
      return failure();

    OpBuilder builder(matrix.op);
    Location loc = old.getLoc();
    MLIRContext *context = builder.getContext();
    auto valuesType =
        RankedTensorType::get({rows, cols}, IntegerType::get(context, 8));
    auto scalesType = RankedTensorType::get({rows}, builder.getF32Type());
    auto resultType = RankedTensorType::get({rows, cols}, builder.getF32Type());
    Value values = createConstant(
        builder, loc, valuesType,
        ArrayRef<char>(reinterpret_cast<const char *>(quantized->values.data()),
                       quantized->values.size()),
        data->preferResource, data->blobName + "_q");
    Value scales = createConstant(
        builder, loc, scalesType,
        ArrayRef<char>(reinterpret_cast<const char *>(quantized->scales.data()),
                       quantized->scales.size() * sizeof(float)),
        /*asResource=*/false, "");
    Value weights =
        DequantizeOp::create(builder, loc, resultType, values, scales);
    if (failed(useWeights(matrix, weights, builder)))
      return failure();
    eraseIfDead(old);
    ++numQuantized;
    bytesBefore += uint64_t(rows * cols) * sizeof(float);
    bytesAfter += uint64_t(rows * cols) + uint64_t(rows) * sizeof(float);
    return success();
  }

  template <typename ValueAt>
  FailureOr<QuantizedMatrix> quantizeRows(const WeightMatrix &matrix,
                                          int64_t rows, int64_t cols,
                                          ValueAt at) {
    const float levels = float((1u << (bits - 1)) - 1);
    QuantizedMatrix result;
    result.values.resize(size_t(rows * cols));
    result.scales.resize(size_t(rows));
    for (int64_t row = 0; row < rows; ++row) {
      float largest = 0.0f;
      for (int64_t col = 0; col < cols; ++col) {
        float value = at(row, col);
        if (!std::isfinite(value)) {
          char text[16];
          std::snprintf(text, sizeof text, "%g", double(value));
          return matrix.op->emitError()
                 << "cannot quantise weights " << describe(matrix)
                 << ": element [" << (matrix.transposed ? col : row) << ", "
                 << (matrix.transposed ? row : col) << "] is " << text;
        }
        largest = std::max(largest, std::fabs(value));
      }
      float scale = largest / levels;
      result.scales[row] = scale;
      int8_t *out = &result.values[size_t(row * cols)];
      for (int64_t col = 0; col < cols; ++col) {
        if (scale == 0.0f) {
          out[col] = 0; // a zero row (or one too small for any scale)
          continue;
        }
        double level = roundHalfToEven(double(at(row, col)) / double(scale));
        level = std::min<double>(levels, std::max<double>(-levels, level));
        out[col] = static_cast<int8_t>(level);
      }
    }
    return result;
  }

  /// Makes the layer op read `weights` ([outputs, inputs]); an op that read
  /// its matrix transposed reads the new one as [outputs, inputs], summing
  /// in the same order.
  LogicalResult useWeights(const WeightMatrix &matrix, Value weights,
                           OpBuilder &builder) {
    Operation *op = matrix.op;
    if (!matrix.transposed) {
      op->setOperand(matrix.operandIndex, weights);
      return success();
    }
    if (auto matmul = dyn_cast<linalg::MatmulOp>(op)) {
      // (k, m) -> (m, k) for A, (k, n) -> (n, k) for B.
      SmallVector<AffineMap> maps = matmul.getIndexingMapsArray();
      AffineMap &map = maps[matrix.operandIndex];
      map = AffineMap::get(3, 0, {map.getResult(1), map.getResult(0)},
                           op->getContext());
      matmul.setIndexingMapsAttr(builder.getAffineMapArrayAttr(maps));
      op->setOperand(matrix.operandIndex, weights);
      return success();
    }
    if (auto vecmat = dyn_cast<linalg::VecmatOp>(op)) {
      // x A = A^T x: the same products (x[k] * A[k, n] = A^T[n, k] * x[k]),
      // added in the same order.
      auto matvec = linalg::MatvecOp::create(
          builder, op->getLoc(), vecmat.getResultTypes(),
          ValueRange{weights, vecmat.getInputs()[0]}, vecmat.getOutputs());
      vecmat->replaceAllUsesWith(matvec);
      vecmat->erase();
      return success();
    }
    return op->emitError() << "cannot transpose the weights of '"
                           << op->getName() << "'";
  }
};

} // namespace
