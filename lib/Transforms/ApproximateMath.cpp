//===- ApproximateMath.cpp - Target-independent transcendentals -----------===//
//
// Every spnc target computes exp, tanh, log, ... with the same polynomial
// approximations (MLIR's, see docs/Transcendentals.md) instead of its own
// libm, so that the host reference and SpiNNaker 2 agree bit for bit. The
// approximations' Horner steps are explicit math.fma ops; everything else
// stays a separate multiply and add because all fast-math flags are cleared
// here and the host JIT runs with FP contraction disabled.
//
//===----------------------------------------------------------------------===//
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Math/Transforms/Passes.h"
#include "mlir/IR/TypeUtilities.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"
#include "llvm/ADT/StringSet.h"

namespace spnc {
#define GEN_PASS_DEF_APPROXIMATEMATH
#include "spnc/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;

namespace spnc {
namespace {

/// Rewritten into other math ops first (math::populateExpansionPatterns
/// mnemonics).
constexpr llvm::StringLiteral kExpanded[] = {"sinh",  "cosh",  "tan",  "asinh",
                                             "acosh", "atanh", "exp2", "powf",
                                             "fpowi", "rsqrt"};

/// Replaced by polynomial approximations (full op names).
constexpr llvm::StringLiteral kApproximated[] = {
    "math.tanh",  "math.exp",   "math.expm1", "math.log",  "math.log2",
    "math.log1p", "math.erf",   "math.erfc",  "math.sin",  "math.cos",
    "math.atan",  "math.atan2", "math.asin",  "math.acos", "math.cbrt"};

/// Math ops whose result a library would round differently per target.
/// sqrt, abs, fma, floor, ... are exactly specified by IEEE 754 and stay.
constexpr llvm::StringLiteral kTranscendental[] = {
    "math.acos",  "math.acosh", "math.asin",  "math.asinh",  "math.atan",
    "math.atan2", "math.atanh", "math.cbrt",  "math.cos",    "math.cosh",
    "math.erf",   "math.erfc",  "math.exp",   "math.exp2",   "math.expm1",
    "math.fpowi", "math.log",   "math.log10", "math.log1p",  "math.log2",
    "math.powf",  "math.rsqrt", "math.sin",   "math.sincos", "math.sinh",
    "math.tan",   "math.tanh"};

bool contains(llvm::ArrayRef<llvm::StringLiteral> list, StringRef name) {
  return llvm::is_contained(list, name);
}

/// Whether the op computes in a type the approximations cover (f16, bf16,
/// f32; scalars or vectors). f64 keeps the accurate library functions.
bool isApproximatedType(Operation *op) {
  if (op->getNumResults() == 0)
    return false;
  Type element = getElementTypeOrSelf(op->getResult(0).getType());
  return element.isF16() || element.isBF16() || element.isF32();
}

struct ApproximateMathPass
    : public impl::ApproximateMathBase<ApproximateMathPass> {
  using Base::Base;

  void runOnOperation() override {
    MLIRContext *context = &getContext();
    Operation *root = getOperation();

    RewritePatternSet patterns(context);
    SmallVector<StringRef> expanded(std::begin(kExpanded), std::end(kExpanded));
    math::populateExpansionPatterns(patterns, expanded);
    auto approximated = [](StringRef name) {
      return contains(kApproximated, name);
    };
    // f16/bf16: extend to f32, approximate, truncate.
    populateMathF32ExpansionPatterns(patterns, approximated);
    populateMathPolynomialApproximationPatterns(patterns, approximated);
    FrozenRewritePatternSet frozen(std::move(patterns));

    // Only f16/bf16/f32 ops (and what they expand into): the expansions are
    // type-agnostic and would otherwise replace f64 library calls too.
    SmallVector<Operation *> candidates;
    root->walk([&](Operation *op) {
      if (op->getDialect() &&
          op->getDialect()->getNamespace() ==
              math::MathDialect::getDialectNamespace() &&
          isApproximatedType(op))
        candidates.push_back(op);
    });
    GreedyRewriteConfig config;
    config.setStrictness(GreedyRewriteStrictness::ExistingAndNewOps);
    if (failed(applyOpPatternsGreedily(candidates, frozen, config))) {
      root->emitError("spnc-approximate-math did not converge");
      return signalPassFailure();
    }

    bool failedCheck = false;
    root->walk([&](Operation *op) {
      if (contains(kTranscendental, op->getName().getStringRef()) &&
          isApproximatedType(op)) {
        op->emitError() << "'" << op->getName()
                        << "' has no approximation shared by spnc's targets "
                           "(see docs/Transcendentals.md)";
        failedCheck = true;
      }
      // Strict floating point: no contraction, reassociation or
      // approximate functions anywhere.
      if (auto fastMath = dyn_cast<arith::ArithFastMathInterface>(op))
        if (fastMath.getFastMathFlagsAttr() &&
            fastMath.getFastMathFlagsAttr().getValue() !=
                arith::FastMathFlags::none)
          op->setAttr(fastMath.getFastMathAttrName(),
                      arith::FastMathFlagsAttr::get(
                          context, arith::FastMathFlags::none));
    });
    if (failedCheck)
      signalPassFailure();
  }
};

} // namespace
} // namespace spnc
