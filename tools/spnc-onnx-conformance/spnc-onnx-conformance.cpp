//===- spnc-onnx-conformance.cpp - ONNX node tests on the host ------------===//
//
// spnc-onnx-conformance [--data-dir=DIR] [--filter=REGEX]
//                       [--filter-out=REGEX] [--list-skips] [--verbose]
//
// Runs every ONNX node test under DIR (default: libonnx's test data) through
// import, legalization and host execution, and compares the outputs with
// ONNX's tolerances. Prints one line per test (PASS, FAIL or SKIP with the
// reason) and finally `N passed, N failed, N skipped`. Exits 1 if a test
// failed. docs/Conformance.md has the rules.
//
//===----------------------------------------------------------------------===//
#include "spnc/Conformance/Conformance.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <map>

namespace cl = llvm::cl;
using namespace spnc::conformance;

namespace {

cl::OptionCategory conformanceCategory("spnc-onnx-conformance options");

cl::opt<std::string> dataDir("data-dir",
                             cl::desc("Directory of ONNX node tests"),
                             cl::value_desc("dir"),
                             cl::init(kDefaultNodeTestDir),
                             cl::cat(conformanceCategory));
cl::opt<std::string> filter("filter",
                            cl::desc("Only run tests whose name matches this "
                                     "regular expression (POSIX extended, "
                                     "searched like lit's --filter)"),
                            cl::value_desc("regex"), cl::init(""),
                            cl::cat(conformanceCategory));
cl::opt<std::string> filterOut("filter-out",
                               cl::desc("Leave out tests whose name matches "
                                        "this regular expression"),
                               cl::value_desc("regex"), cl::init(""),
                               cl::cat(conformanceCategory));
cl::opt<bool> listSkips(
    "list-skips",
    cl::desc("Before the summary, count the skips by cause (one line per "
             "unsupported operator or feature)"),
    cl::init(false), cl::cat(conformanceCategory));
cl::opt<bool> verbose("verbose",
                      cl::desc("Print every diagnostic of a failing test"),
                      cl::init(false), cl::cat(conformanceCategory));
cl::opt<double> relTolerance("rtol", cl::desc("Relative tolerance"),
                             cl::init(1e-3), cl::cat(conformanceCategory));
cl::opt<double> absTolerance("atol", cl::desc("Absolute tolerance"),
                             cl::init(1e-7), cl::cat(conformanceCategory));

std::unique_ptr<llvm::Regex> compileRegex(const std::string &pattern,
                                          const char *option) {
  if (pattern.empty())
    return nullptr;
  auto regex = std::make_unique<llvm::Regex>(pattern);
  std::string error;
  if (!regex->isValid(error)) {
    llvm::errs() << "spnc-onnx-conformance: error: invalid --" << option
                 << " regex '" << pattern << "': " << error << "\n";
    exit(2);
  }
  return regex;
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  cl::HideUnrelatedOptions(conformanceCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spnc-onnx-conformance: run ONNX's node tests on the host reference\n");
  if (!(relTolerance >= 0.0) || !(absTolerance >= 0.0)) {
    llvm::errs() << "spnc-onnx-conformance: error: tolerances must be >= 0\n";
    return 2;
  }
  std::unique_ptr<llvm::Regex> include = compileRegex(filter, "filter");
  std::unique_ptr<llvm::Regex> exclude = compileRegex(filterOut, "filter-out");
  llvm::Expected<std::vector<NodeTest>> tests =
      findNodeTests(dataDir, include.get(), exclude.get());
  if (!tests) {
    llvm::errs() << "spnc-onnx-conformance: error: "
                 << llvm::toString(tests.takeError()) << "\n";
    return 2;
  }

  auto start = std::chrono::steady_clock::now();
  ConformanceRunner runner(Tolerance{relTolerance, absTolerance});
  unsigned passed = 0, failed = 0, skipped = 0;
  std::map<std::string, std::vector<std::string>> skipsByCause;
  llvm::raw_ostream &os = llvm::outs();
  for (const NodeTest &test : *tests) {
    TestResult result = runner.run(test);
    os << getStatusName(result.status) << ": " << test.name;
    if (!result.reason.empty())
      os << ": " << result.reason;
    os << "\n";
    switch (result.status) {
    case Status::Pass:
      ++passed;
      break;
    case Status::Fail:
      ++failed;
      if (verbose && !result.diagnostics.empty()) {
        llvm::StringRef rest = llvm::StringRef(result.diagnostics).rtrim();
        while (!rest.empty()) {
          auto [line, tail] = rest.split('\n');
          os << "    " << line << "\n";
          rest = tail;
        }
      }
      break;
    case Status::Skip:
      ++skipped;
      for (const std::string &cause : result.skipCauses)
        skipsByCause[cause].push_back(test.name);
      break;
    }
    os.flush();
  }

  if (listSkips) {
    // Most frequent causes first.
    std::vector<std::pair<std::string, std::vector<std::string>>> causes(
        skipsByCause.begin(), skipsByCause.end());
    llvm::sort(causes, [](const auto &a, const auto &b) {
      if (a.second.size() != b.second.size())
        return a.second.size() > b.second.size();
      return a.first < b.first;
    });
    os << "Skips by cause (a test may have several):\n";
    for (const auto &[cause, names] : causes) {
      os << llvm::format("%5u", unsigned(names.size())) << "  " << cause << ":";
      for (const std::string &name : names)
        os << " " << name;
      os << "\n";
    }
  }
  os << passed << " passed, " << failed << " failed, " << skipped
     << " skipped\n";
  os.flush();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  llvm::errs() << "spnc-onnx-conformance: " << tests->size() << " tests in "
               << llvm::format("%.1f", seconds) << " s\n";
  return failed ? 1 : 0;
}
