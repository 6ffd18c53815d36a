//===- PruneWeights.cpp - Magnitude pruning of weight matrices ------------===//
//
// event-prune-weights: each constant weight matrix of a layer op keeps its
// round(density x elements) largest magnitudes; the rest become +0. The
// pruned matrix is a new constant for that operand only.
//
//===----------------------------------------------------------------------===//
#include "WeightMatrices.h"

#include "spnc/Dialect/Event/Transforms/Passes.h"

#include "llvm/ADT/APFloat.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <numeric>

namespace spnc {
#define GEN_PASS_DEF_EVENTPRUNEWEIGHTS
#include "spnc/Dialect/Event/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc::event;

namespace {

/// |x| of every element as a double (exact for f16, bf16, f32 and f64);
/// NaN counts as +infinity so that it is always kept.
std::vector<double> magnitudes(const ConstantData &data) {
  std::vector<double> result(size_t(data.numElements));
  auto floatType = cast<FloatType>(data.elementType);
  const char *p = data.bytes.data();
  for (double &magnitude : result) {
    double value;
    if (floatType.isF32()) {
      float f;
      std::memcpy(&f, p, sizeof f);
      value = f;
    } else if (floatType.isF64()) {
      std::memcpy(&value, p, sizeof value);
    } else {
      uint64_t bits = 0;
      std::memcpy(&bits, p, data.elementBytes);
      llvm::APFloat apFloat(floatType.getFloatSemantics(),
                            llvm::APInt(data.elementBytes * 8, bits));
      bool losesInfo = false;
      apFloat.convert(llvm::APFloat::IEEEdouble(),
                      llvm::APFloat::rmNearestTiesToEven, &losesInfo);
      value = apFloat.convertToDouble();
    }
    magnitude = std::isnan(value) ? std::numeric_limits<double>::infinity()
                                  : std::fabs(value);
    p += data.elementBytes;
  }
  return result;
}

struct PruneWeightsPass
    : public spnc::impl::EventPruneWeightsBase<PruneWeightsPass> {
  using Base::Base;

  void runOnOperation() override {
    if (!(density > 0.0 && density <= 1.0)) {
      char text[32];
      std::snprintf(text, sizeof text, "%g", double(density));
      getOperation().emitError()
          << "event-prune-weights: density must be in (0, 1], got " << text;
      return signalPassFailure();
    }
    for (const WeightMatrix &matrix : collectWeightMatrices(getOperation()))
      prune(matrix);
  }

  void prune(const WeightMatrix &matrix) {
    RankedTensorType type = matrix.type();
    uint64_t elements = uint64_t(type.getNumElements());
    if (elements == 0 || elements < minElements)
      return;
    std::string why;
    FailureOr<ConstantData> data = readConstant(matrix.value(), why);
    if (failed(data)) {
      matrix.op->emitWarning()
          << "weights " << describe(matrix) << " are not pruned: " << why;
      return;
    }
    uint64_t keep = std::max<uint64_t>(
        1, uint64_t(std::llround(density * double(elements))));
    std::vector<double> magnitude = magnitudes(*data);
    uint64_t nonZeros = uint64_t(
        llvm::count_if(magnitude, [](double value) { return value != 0.0; }));
    if (nonZeros <= keep)
      return; // already as sparse as asked

    // The `keep` largest magnitudes; among equal ones the earlier element.
    std::vector<uint64_t> order(elements);
    std::iota(order.begin(), order.end(), uint64_t(0));
    std::nth_element(order.begin(), order.begin() + keep, order.end(),
                     [&](uint64_t a, uint64_t b) {
                       if (magnitude[a] != magnitude[b])
                         return magnitude[a] > magnitude[b];
                       return a < b;
                     });
    std::vector<char> bytes = std::move(data->bytes);
    uint64_t zeroed = 0;
    for (auto it = order.begin() + keep; it != order.end(); ++it) {
      if (magnitude[*it] == 0.0)
        continue;
      std::memset(bytes.data() + *it * data->elementBytes, 0,
                  data->elementBytes);
      ++zeroed;
    }

    OpBuilder builder(matrix.op);
    Value old = matrix.value();
    Value pruned =
        createConstant(builder, old.getLoc(), type, bytes, data->preferResource,
                       data->blobName + "_pruned");
    matrix.op->setOperand(matrix.operandIndex, pruned);
    eraseIfDead(old);
    ++numPruned;
    numZeroed += zeroed;
  }
};

} // namespace
