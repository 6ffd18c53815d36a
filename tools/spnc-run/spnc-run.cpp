//===- spnc-run.cpp - Run a model on the host or the simulated chip -------===//
//
// spnc-run --target=host model.onnx --input X=x.npy ... [--steps N]
//          --output-dir out/
// spnc-run model.s2pkg --input X=x.npy ... [--steps N] --output-dir out/
//          [--report run.json] [--trace trace.json]
//
// An ONNX or MLIR model is compiled with the host pipeline and JIT-run; a
// deployment package (docs/Package.md) runs on the SpiNNaker 2 simulator.
// Both write every output as out/<output name>.npy. With --steps N a
// one-step model runs N times carrying its state (docs/StateConvention.md).
//
//===----------------------------------------------------------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Runner/HostRunner.h"
#include "spnc/Runner/ModelLoader.h"
#include "spnc/Runner/Stepping.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "spnc-runtime/Package.h"
#include "spnc-runtime/PackageRunner.h"
#include "spnc-runtime/Tensor.h"
#include "spinnaker2/abi.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <cstdio>
#include <memory>

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Target { Host, Simulator };

cl::OptionCategory runCategory("spnc-run options");

cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                               cl::desc("<model.onnx | model.onnxtxt | "
                                        "model.mlir | model.s2pkg>"),
                               cl::cat(runCategory));
cl::opt<Target> target(
    "target",
    cl::desc("Where to run the model (default: sim for a deployment package, "
             "host otherwise)"),
    cl::values(clEnumValN(Target::Host, "host",
                          "JIT-compiled on this machine (the reference)"),
               clEnumValN(Target::Simulator, "sim",
                          "a deployment package on the simulated SpiNNaker 2")),
    cl::init(Target::Host), cl::cat(runCategory));
cl::list<std::string>
    inputs("input",
           cl::desc("A graph input: NAME=FILE with FILE a .npy or a .pb "
                    "(ONNX TensorProto)"),
           cl::value_desc("name=file"), cl::cat(runCategory));
cl::opt<int64_t>
    steps("steps",
          cl::desc("Run N steps carrying the state inputs/outputs; outputs "
                   "get a leading axis of N"),
          cl::value_desc("N"), cl::init(0), cl::cat(runCategory));
cl::opt<std::string> outputDir("output-dir", cl::Required,
                               cl::desc("Where to write <output name>.npy"),
                               cl::value_desc("dir"), cl::cat(runCategory));
cl::opt<std::string> entryName(
    "entry",
    cl::desc("The function to run (default: main_graph, or the only public "
             "function)"),
    cl::init(""), cl::cat(runCategory));
cl::list<std::string> dimParams(
    "onnx-dim",
    cl::desc("Give a symbolic ONNX dimension a value, e.g. --onnx-dim=batch=1"),
    cl::value_desc("name=value"), cl::cat(runCategory));
cl::opt<bool> raiseCells(
    "raise-cells",
    cl::desc("Recognise EGRU/LIF cells written in primitive ONNX ops"),
    cl::init(true), cl::cat(runCategory));
cl::opt<std::string> dumpLLVM(
    "dump-llvm-dialect",
    cl::desc("Also write the lowered LLVM dialect module to this file"),
    cl::value_desc("file"), cl::init(""), cl::cat(runCategory));
cl::opt<std::string> reportFile(
    "report",
    cl::desc("Simulator: write the run's statistics and summary as JSON"),
    cl::value_desc("file"), cl::init(""), cl::cat(runCategory));
cl::opt<std::string> traceFile(
    "trace",
    cl::desc("Simulator: write per-PE activity as a Chrome/Perfetto trace"),
    cl::value_desc("file"), cl::init(""), cl::cat(runCategory));

int fail(const llvm::Twine &message) {
  llvm::errs() << "spnc-run: error: " << message << "\n";
  return 1;
}

/// `name` as a file name: characters other than [A-Za-z0-9._-] become '_'.
std::string toFileName(llvm::StringRef name) {
  std::string result;
  for (char c : name)
    result += (llvm::isAlnum(c) || c == '.' || c == '_' || c == '-') ? c : '_';
  if (result.empty() || result == "." || result == "..")
    result = "_" + result;
  return result;
}

/// Writes `tensors` (named by `names`) as DIR/<name>.npy.
int writeOutputs(llvm::ArrayRef<std::string> names,
                 llvm::ArrayRef<spnc::rt::Tensor> tensors) {
  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  llvm::StringSet<> written;
  for (auto [name, tensor] : llvm::zip(names, tensors)) {
    std::string fileName = toFileName(name) + ".npy";
    if (!written.insert(fileName).second)
      return fail("outputs '" + name +
                  "' and another output both map "
                  "to the file name '" +
                  fileName + "'");
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, fileName);
    std::string error = spnc::rt::writeNpy(path.str().str(), tensor);
    if (!error.empty())
      return fail("cannot write output '" + name + "' to '" + path +
                  "': " + error);
  }
  return 0;
}

//===----------------------------------------------------------------------===//
// Deployment packages on the simulator
//===----------------------------------------------------------------------===//

/// "12.35 us": `value` in `unit` with an SI prefix, 4 significant digits.
std::string withPrefix(double value, const char *unit) {
  static const struct {
    double scale;
    const char *prefix;
  } prefixes[] = {{1, ""}, {1e-3, "m"}, {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}};
  if (value == 0)
    return std::string("0 ") + unit;
  for (const auto &p : prefixes)
    if (value >= p.scale || p.scale == 1e-12)
      return llvm::formatv("{0} {1}{2}",
                           llvm::format("%.4g", value / p.scale), p.prefix,
                           unit)
          .str();
  return "";
}

/// "step t of N" on stderr while a long run goes on, if stderr is a
/// terminal.
class Progress {
public:
  Progress() : enabled(llvm::sys::Process::StandardErrIsDisplayed()) {}
  ~Progress() { clear(); }
  void update(uint32_t done, uint32_t total) {
    if (!enabled)
      return;
    auto now = std::chrono::steady_clock::now();
    // Quiet for the first second (short runs), then four updates a second.
    if (now - start < std::chrono::seconds(1) ||
        now - last < std::chrono::milliseconds(250))
      return;
    last = now;
    std::fprintf(stderr, "\rspnc-run: simulated step %u of %u (%.0f %%)", done,
                 total, 100.0 * done / total);
    std::fflush(stderr);
    shown = true;
  }
  void clear() {
    if (shown)
      std::fprintf(stderr, "\r\033[K");
    shown = false;
  }

private:
  bool enabled;
  bool shown = false;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last;
};

void printSummary(const spnc::rt::Package &package,
                  const spnc::rt::PackageRunSummary &s, double wallSeconds) {
  double steps = std::max<uint32_t>(s.steps, 1);
  llvm::raw_ostream &os = llvm::outs();
  os << "spnc-run: '" << modelFile << "' on the simulated SpiNNaker 2 (system "
     << package.system << ")\n";
  auto line = [&os](const char *what, const llvm::Twine &value) {
    os << llvm::format("  %-25s", what) << value << "\n";
  };
  line("steps", llvm::Twine(s.steps));
  line("simulated time per step",
       withPrefix(s.stepSeconds, "s") + " (mean; longest " +
           withPrefix(s.maxStepSeconds, "s") + ", whole run " +
           withPrefix(s.simulatedSeconds, "s") + ")");
  line("energy per step", withPrefix(s.energyPerStepJ, "J") + " (whole run " +
                              withPrefix(s.energyJ, "J") + ")");
  line("packets", llvm::formatv("{0} sent, {1} hops ({2:f1} and {3:f1} per "
                                "step)",
                                s.packetsSent, s.hops, s.packetsSent / steps,
                                s.hops / steps)
                      .str());
  line("PEs active", llvm::Twine(s.pes));
  line("events per step",
       llvm::formatv("{0:f1} delivered", s.eventsPerStep).str());
  line("instructions", llvm::formatv("{0} ({1:f0} per step)", s.instructions,
                                     s.instructions / steps)
                           .str());
  line("wall-clock time",
       llvm::formatv("{0:f3} s (simulation {1:f3} s)", wallSeconds,
                     s.hostSeconds)
           .str());
  double ratio = s.simulatedPerWall();
  std::string speed =
      ratio <= 0 ? std::string("-")
      : ratio < 1
          ? llvm::formatv("{0:f0}x slower than the chip", 1 / ratio).str()
          : llvm::formatv("{0:f1}x faster than the chip", ratio).str();
  line("simulated / wall-clock",
       llvm::formatv("{0:e2} ({1})", ratio, speed).str());
}

/// Writes --report and --trace (after a failed run too: they help to find
/// out why). Returns 0 or the exit code of a failure.
int writeRunFiles(spnc::rt::PackageRunner &runner,
                  const spnc::rt::Package &package, double wallSeconds) {
  if (!reportFile.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(reportFile, ec);
    if (ec)
      return fail("cannot write '" + reportFile + "': " + ec.message());
    llvm::json::OStream json(os, 1);
    // The simulator's statistics are JSON text already.
    std::string simulator = spnc_sim_stats_json(runner.simulator());
    std::string summary = runner.summary().json();
    json.object([&] {
      json.attribute("package", modelFile.getValue());
      json.attribute("model", package.modelName);
      json.attribute("system", package.system);
      json.attribute("status", runner.status());
      json.attribute("wall_s", wallSeconds);
      json.attributeBegin("summary");
      json.rawValue(summary);
      json.attributeEnd();
      json.attributeBegin("simulator");
      json.rawValue(llvm::StringRef(simulator).trim());
      json.attributeEnd();
    });
    os << "\n";
    if (os.has_error())
      return fail("cannot write '" + reportFile + "'");
  }
  if (!traceFile.empty() &&
      spnc_sim_write_trace(runner.simulator(), traceFile.c_str()) !=
          SPNC_SIM_OK)
    return fail(spnc_sim_error(runner.simulator()));
  return 0;
}

int runPackage(const std::vector<spnc::NamedInput> &provided) {
  auto wallStart = std::chrono::steady_clock::now();
  // Every other option of spnc-run (including the compiler options other
  // parts register in its category) is about compiling a model.
  llvm::StringSet<> forPackages = {"input", "steps", "output-dir", "target",
                                   "report", "trace"};
  for (const auto &entry : cl::getRegisteredOptions()) {
    const cl::Option *option = entry.second;
    if (option->getNumOccurrences() && !forPackages.contains(entry.first) &&
        llvm::is_contained(option->Categories, &runCategory))
      return fail("--" + entry.first +
                  " applies to ONNX and MLIR models, not to a deployment "
                  "package");
  }
  spnc::rt::PackageReadResult read = spnc::rt::readPackageFile(modelFile);
  if (!read)
    return fail(read.error);
  const spnc::rt::Package &package = read.package;

  Progress progress;
  spnc::rt::PackageRunOptions options;
  options.recordTrace = !traceFile.empty();
  options.progress = [&](uint32_t done, uint32_t total) {
    progress.update(done, total);
  };
  std::string error;
  std::unique_ptr<spnc::rt::PackageRunner> runner =
      spnc::rt::PackageRunner::create(package, options, error);
  if (!runner)
    return fail("'" + modelFile + "': " + error);

  std::vector<spnc::rt::PackageInput> inputs;
  for (const spnc::NamedInput &input : provided)
    inputs.push_back({input.name, input.tensor, input.source});
  std::optional<uint32_t> stepCount;
  if (steps.getNumOccurrences()) {
    if (steps < 1 || steps > (1 << 24))
      return fail("--steps must be in 1..16777216 on the simulator, got " +
                  llvm::Twine(steps));
    stepCount = static_cast<uint32_t>(steps);
  }
  std::vector<spnc::rt::Tensor> outputs;
  error = runner->run(inputs, stepCount, outputs);
  progress.clear();
  double wallSeconds = std::chrono::duration<double>(
                           std::chrono::steady_clock::now() - wallStart)
                           .count();
  if (!error.empty()) {
    if (runner->status() == SPNC_SIM_ERROR)
      return fail(error);
    // The simulation itself failed: keep what helps to debug it.
    if (writeRunFiles(*runner, package, wallSeconds))
      return 1;
    return fail("running '" + modelFile + "' on the simulator: " + error);
  }
  printSummary(package, runner->summary(), wallSeconds);
  if (int status = writeRunFiles(*runner, package, wallSeconds))
    return status;
  std::vector<std::string> names;
  for (const spnc::rt::PackageTensor &output : package.outputs)
    names.push_back(output.name);
  return writeOutputs(names, outputs);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  spnc::registerSparsityCLOptions(runCategory);
  spnc::registerInterfaceCLOptions(runCategory);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spnc-run: run a model compiled by spnc and write its outputs as .npy\n");

  // Inputs first: bad files are reported before the model compiles.
  std::vector<spnc::NamedInput> provided;
  for (const std::string &entry : inputs) {
    auto [name, path] = llvm::StringRef(entry).split('=');
    if (name.empty() || path.empty())
      return fail("--input expects NAME=FILE, got '" + entry + "'");
    spnc::rt::TensorReadResult read = spnc::rt::readTensorFile(path.str());
    if (!read)
      return fail("cannot read input '" + name + "' from '" + path +
                  "': " + read.error);
    provided.push_back({name.str(), std::move(read.tensor), path.str()});
  }
  if (steps < 0)
    return fail("--steps must be positive, got " + llvm::Twine(steps));

  // A package (by its magic, or by its extension: then a corrupt one is
  // reported as such) runs on the simulator, anything else on the host.
  bool isPackage = spnc::rt::isPackageFile(modelFile) ||
                   llvm::sys::path::extension(modelFile) ==
                       SPNC_PACKAGE_EXTENSION;
  Target where = target.getNumOccurrences()
                     ? target.getValue()
                     : (isPackage ? Target::Simulator : Target::Host);
  if (where == Target::Simulator) {
    if (!isPackage)
      return fail("'" + modelFile +
                  "' is not a deployment package; the simulator runs "
                  "packages (spnc model.onnx -o model" SPNC_PACKAGE_EXTENSION
                  "), or run the model with --target=host");
    return runPackage(provided);
  }
  if (isPackage)
    return fail("'" + modelFile +
                "' is a deployment package: it runs on the simulator "
                "(--target=sim), not with --target=host");
  for (const cl::Option *option : {std::addressof<cl::Option>(reportFile),
                                   std::addressof<cl::Option>(traceFile)})
    if (option->getNumOccurrences())
      return fail("--" + option->ArgStr +
                  " needs the simulator (a deployment package)");

  DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  spnc::ONNXImportOptions importOptions;
  if (llvm::Error error = spnc::parseDimParams(dimParams, importOptions))
    return fail(llvm::toString(std::move(error)));
  spnc::ONNXToEventPipelineOptions pipelineOptions;
  pipelineOptions.raiseCells = raiseCells;
  spnc::applySparsityCLOptions(pipelineOptions);
  spnc::applyInterfaceCLOptions(pipelineOptions);
  OwningOpRef<ModuleOp> module = spnc::loadAndLegalizeModel(
      context, sourceMgr, modelFile, importOptions, pipelineOptions);
  if (!module)
    return 1;

  std::string llvmDialect;
  spnc::HostRunnerOptions options;
  options.entry = entryName;
  if (!dumpLLVM.empty())
    options.llvmDialectDump = &llvmDialect;
  llvm::Expected<std::unique_ptr<spnc::HostRunner>> runner =
      spnc::HostRunner::create(*module, options);
  if (!runner)
    return fail(llvm::toString(runner.takeError()));
  if (!dumpLLVM.empty()) {
    std::error_code ec;
    llvm::raw_fd_ostream os(dumpLLVM, ec);
    if (ec)
      return fail("cannot write '" + dumpLLVM + "': " + ec.message());
    os << llvmDialect;
  }

  const spnc::EntrySignature &signature = (*runner)->getSignature();
  std::optional<int64_t> stepCount;
  if (steps.getNumOccurrences())
    stepCount = steps;
  llvm::Expected<std::vector<spnc::rt::Tensor>> outputs =
      spnc::runModel(signature, provided, stepCount,
                     [&](llvm::ArrayRef<spnc::rt::Tensor> stepInputs,
                         std::vector<spnc::rt::Tensor> &stepOutputs) {
                       return (*runner)->run(stepInputs, stepOutputs);
                     });
  if (!outputs)
    return fail(llvm::toString(outputs.takeError()));

  std::vector<std::string> names;
  for (const spnc::TensorSpec &spec : signature.outputs)
    names.push_back(spec.name);
  return writeOutputs(names, *outputs);
}
