//===- spnc-run.cpp - Run a model on the host -----------------------------===//
//
// spnc-run --target=host model.onnx --input X=x.npy ... [--steps N]
//          --output-dir out/
//
// Compiles the model with the host pipeline, JIT-runs it and writes every
// graph output as out/<output name>.npy. With --steps N a one-step model runs
// N times carrying its state (docs/StateConvention.md).
//
//===----------------------------------------------------------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Runner/HostRunner.h"
#include "spnc/Runner/ModelLoader.h"
#include "spnc/Runner/Stepping.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "spnc-runtime/Tensor.h"

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
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Target { Host };

cl::OptionCategory runCategory("spnc-run options");

cl::opt<std::string> modelFile(cl::Positional, cl::Required,
                               cl::desc("<model.onnx | model.onnxtxt | "
                                        "model.mlir>"),
                               cl::cat(runCategory));
cl::opt<Target> target(
    "target", cl::desc("Where to run the model"),
    cl::values(clEnumValN(Target::Host, "host",
                          "JIT-compiled on this machine (the reference)")),
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

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  spnc::registerSparsityCLOptions(runCategory);
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

  if (std::error_code ec = llvm::sys::fs::create_directories(outputDir))
    return fail("cannot create '" + outputDir + "': " + ec.message());
  llvm::StringSet<> written;
  for (auto [spec, tensor] : llvm::zip(signature.outputs, *outputs)) {
    std::string fileName = toFileName(spec.name) + ".npy";
    if (!written.insert(fileName).second)
      return fail("outputs '" + spec.name +
                  "' and another output both map "
                  "to the file name '" +
                  fileName + "'");
    llvm::SmallString<256> path(outputDir);
    llvm::sys::path::append(path, fileName);
    std::string error = spnc::rt::writeNpy(path.str().str(), tensor);
    if (!error.empty())
      return fail("cannot write output '" + spec.name + "' to '" + path +
                  "': " + error);
  }
  return 0;
}
