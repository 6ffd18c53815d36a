//===- spnc-compare.cpp - Compare tensors with tolerances -----------------===//
//
// spnc-compare [--rtol=R] [--atol=A] [--equal-nan] ACTUAL EXPECTED ...
// spnc-compare --bitwise ACTUAL EXPECTED ...
//
// Compares .npy / .pb (ONNX TensorProto) files pairwise like numpy.allclose:
// element-wise |actual - expected| <= atol + rtol * |expected|, shapes and
// dtypes equal; or, with --bitwise, every element's bits equal (signed
// zeros and NaN payloads included: the simulator against the host). Prints the maximum absolute and relative errors of each pair;
// exits 1 if any pair mismatches or cannot be read.
//
//===----------------------------------------------------------------------===//
#include "spnc-runtime/Tensor.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace cl = llvm::cl;
using namespace spnc::rt;

namespace {

cl::OptionCategory compareCategory("spnc-compare options");

cl::list<std::string> files(cl::Positional, cl::OneOrMore,
                            cl::desc("<actual> <expected> [<actual> "
                                     "<expected> ...]"),
                            cl::cat(compareCategory));
cl::opt<double> relTolerance("rtol",
                             cl::desc("Relative tolerance (default 1e-3)"),
                             cl::init(1e-3), cl::cat(compareCategory));
cl::opt<double> absTolerance("atol",
                             cl::desc("Absolute tolerance (default 1e-7)"),
                             cl::init(1e-7), cl::cat(compareCategory));
cl::opt<bool> equalNaN("equal-nan", cl::desc("Treat NaN as equal to NaN"),
                       cl::init(false), cl::cat(compareCategory));
cl::opt<bool> bitwise(
    "bitwise",
    cl::desc("Require identical bits in every element (ignores the "
             "tolerances)"),
    cl::init(false), cl::cat(compareCategory));

/// Whether element `i` has the same bytes in both tensors.
bool sameBits(const Tensor &a, const Tensor &e, size_t i) {
  size_t size = dtypeSize(a.dtype);
  return std::equal(a.data.begin() + i * size, a.data.begin() + (i + 1) * size,
                    e.data.begin() + i * size);
}

/// Compares one pair; prints one line; returns whether they match.
bool comparePair(const std::string &actualPath,
                 const std::string &expectedPath) {
  llvm::outs() << actualPath << " vs " << expectedPath << ": ";
  TensorReadResult actual = readTensorFile(actualPath);
  TensorReadResult expected = readTensorFile(expectedPath);
  if (!actual || !expected) {
    llvm::outs() << "ERROR: " << (actual ? expected.error : actual.error)
                 << "\n";
    return false;
  }
  const Tensor &a = actual.tensor, &e = expected.tensor;
  if (a.dtype != e.dtype || a.shape != e.shape) {
    llvm::outs() << "MISMATCH: actual is " << a.describe()
                 << " but expected is " << e.describe() << "\n";
    return false;
  }
  double maxAbs = 0.0, maxRel = 0.0;
  size_t mismatches = 0, first = 0;
  size_t count = a.numElements();
  for (size_t i = 0; i < count; ++i) {
    double x = elementAsDouble(a, i), y = elementAsDouble(e, i);
    bool ok;
    if (bitwise) {
      ok = sameBits(a, e, i);
      if (!std::isnan(x) && !std::isnan(y) && !std::isinf(x) &&
          !std::isinf(y))
        maxAbs = std::max(maxAbs, std::fabs(x - y));
    } else if (std::isnan(x) || std::isnan(y)) {
      ok = equalNaN && std::isnan(x) && std::isnan(y);
    } else if (std::isinf(x) || std::isinf(y)) {
      ok = x == y;
    } else {
      double abs = std::fabs(x - y);
      maxAbs = std::max(maxAbs, abs);
      if (y != 0.0)
        maxRel = std::max(maxRel, abs / std::fabs(y));
      ok = abs <= absTolerance + relTolerance * std::fabs(y);
    }
    if (!ok && mismatches++ == 0)
      first = i;
  }
  llvm::outs() << a.describe() << ", max abs err "
               << llvm::format("%.3e", maxAbs) << ", max rel err "
               << llvm::format("%.3e", maxRel);
  if (!mismatches) {
    llvm::outs() << ": ok\n";
    return true;
  }
  llvm::outs() << ": MISMATCH: " << mismatches << " of " << count;
  if (bitwise)
    llvm::outs() << " elements differ in their bits; first at ";
  else
    llvm::outs() << " elements differ by more than atol + rtol * |expected| "
                    "(atol "
                 << llvm::format("%g", absTolerance.getValue()) << ", rtol "
                 << llvm::format("%g", relTolerance.getValue())
                 << "); first at ";
  llvm::outs() << formatIndex(a.shape, first) << ": actual "
               << llvm::format("%.9g", elementAsDouble(a, first))
               << ", expected "
               << llvm::format("%.9g", elementAsDouble(e, first)) << "\n";
  return false;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(compareCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spnc-compare: compare tensors (.npy, .pb) like numpy.allclose\n");
  if (files.size() % 2 != 0) {
    llvm::errs() << "spnc-compare: error: expected pairs of files "
                    "(actual expected), got "
                 << files.size() << " files\n";
    return 2;
  }
  if (!(relTolerance >= 0.0) || !(absTolerance >= 0.0)) {
    llvm::errs() << "spnc-compare: error: tolerances must be >= 0\n";
    return 2;
  }
  bool allMatch = true;
  for (size_t i = 0; i < files.size(); i += 2)
    allMatch &= comparePair(files[i], files[i + 1]);
  return allMatch ? 0 : 1;
}
