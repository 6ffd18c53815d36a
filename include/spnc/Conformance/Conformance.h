//===- Conformance.h - ONNX node tests on the host reference ----*- C++ -*-===//
//
// Runs ONNX's own node tests (a directory per test: model.onnx and
// test_data_set_N/{input,output}_K.pb) through import, legalization and host
// execution in-process, and compares every output with ONNX's tolerances.
// docs/Conformance.md describes the rules: what is skipped, which inputs are
// bound as constants, how outputs compare.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_CONFORMANCE_CONFORMANCE_H
#define SPNC_CONFORMANCE_CONFORMANCE_H

#include "spnc-runtime/Tensor.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <vector>

namespace llvm {
class Regex;
} // namespace llvm

namespace spnc::conformance {

/// Where libonnx installs its node tests on Debian.
constexpr const char *kDefaultNodeTestDir =
    "/usr/share/libonnx-testdata/data/node";

/// ONNX's backend-test tolerances.
struct Tolerance {
  double rtol = 1e-3;
  double atol = 1e-7;
};

/// The outcome of comparing one output.
struct Comparison {
  bool matches = false;
  /// Empty on a match; else one line: the dtype/shape difference, or the
  /// number of mismatching elements, the first one (index, actual,
  /// expected) and the maximum absolute error.
  std::string message;
};

/// Compares `actual` with `expected`: same dtype and shape; floating-point
/// elements within atol + rtol * |expected| (NaN equals NaN, infinities only
/// themselves; bfloat16 elements also when one unit in the last place apart,
/// see docs/Conformance.md); integers and bools exactly.
Comparison compareTensors(const rt::Tensor &actual, const rt::Tensor &expected,
                          const Tolerance &tolerance = {});

/// One node test: its name (the directory name) and directory.
struct NodeTest {
  std::string name;
  std::string dir;
};

/// The node tests under `dataDir` (subdirectories holding a model.onnx),
/// sorted by name, keeping those whose name `filter` finds a match in (if
/// given) and `filterOut` does not (if given).
llvm::Expected<std::vector<NodeTest>>
findNodeTests(llvm::StringRef dataDir, const llvm::Regex *filter,
              const llvm::Regex *filterOut);

enum class Status { Pass, Fail, Skip };

/// "PASS", "FAIL", "SKIP".
const char *getStatusName(Status status);

struct TestResult {
  Status status = Status::Fail;
  /// Why a test failed or was skipped (one line); empty for a pass.
  std::string reason;
  /// For skips: the features spnc deliberately does not support, one entry
  /// each ("unsupported ONNX operator 'Erf'", "string tensors", ...), to
  /// count skips by cause.
  std::vector<std::string> skipCauses;
  /// Every diagnostic of a failed stage, in full (possibly several lines).
  std::string diagnostics;
};

/// Runs node tests one after the other in one MLIR context. A test that
/// crashes the compiler (or the compiled code) fails and gets a fresh
/// context; the runner goes on.
class ConformanceRunner {
public:
  explicit ConformanceRunner(Tolerance tolerance = {});
  ~ConformanceRunner();
  ConformanceRunner(const ConformanceRunner &) = delete;
  ConformanceRunner &operator=(const ConformanceRunner &) = delete;

  TestResult run(const NodeTest &test);

private:
  class Impl;
  std::unique_ptr<Impl> impl;
};

} // namespace spnc::conformance

#endif // SPNC_CONFORMANCE_CONFORMANCE_H
