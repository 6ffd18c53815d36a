//===- spnc.cpp - The spnc compiler driver --------------------------------===//
//
// spnc model.onnx --emit=<stage> -o <file>
// spnc model.onnx --target=host --emit=host-llvm -o <file>
// spnc model.onnx --emit=mapped [--target-system=chip|board48]
//      [--report=<file.json>] -o <file>
// Any of them with [--prune-density=D] [--quantize-weights=int8]
//      [--bind-input=NAME=FILE ...] [--sequence-to-step].
//
//===----------------------------------------------------------------------===//
#include "spnc/Dialect/S2/Transforms/Report.h"
#include "spnc/Pipelines/HostPipeline.h"
#include "spnc/Pipelines/MappingPipeline.h"
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Target/SpiNNaker2/PECodegen.h"
#include "spnc/Target/ONNX/ImportONNX.h"
#include "spnc/Transforms/Passes.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {

enum class Stage {
  ONNX,
  Event,
  HostLLVM,
  Mapped,
  PE,
  LLVM,
  Object,
  Image,
  Package
};
enum class Target { Host, SpiNNaker2 };

cl::OptionCategory spncCategory("spnc options");

cl::opt<std::string> inputFile(cl::Positional,
                               cl::desc("<model.onnx | model.onnxtxt | input.mlir>"),
                               cl::init("-"), cl::cat(spncCategory));
cl::opt<std::string> outputFile("o", cl::desc("Output file (default: stdout)"),
                                cl::value_desc("file"), cl::init("-"),
                                cl::cat(spncCategory));
cl::opt<Stage> emitStage(
    "emit", cl::desc("Stop after this stage and write its output"),
    cl::values(clEnumValN(Stage::ONNX, "onnx",
                          "the imported model (onnx dialect)"),
               clEnumValN(Stage::Event, "event",
                          "the legalized event dialect + upstream dialects"),
               clEnumValN(Stage::HostLLVM, "host-llvm",
                          "the LLVM dialect module the host runner JITs "
                          "(--target=host)"),
               clEnumValN(Stage::Mapped, "mapped",
                          "the event function and its placed and routed "
                          "s2.machine (--target=spinnaker2)"),
               clEnumValN(Stage::PE, "pe",
                          "the program of every PE: its kernel and the "
                          "glue of the binary contract (MLIR, "
                          "--target=spinnaker2)"),
               clEnumValN(Stage::LLVM, "llvm",
                          "the LLVM IR of every PE (--target=spinnaker2)"),
               clEnumValN(Stage::Object, "obj",
                          "a directory with the ARM object of every PE "
                          "(--target=spinnaker2)"),
               clEnumValN(Stage::Image, "elf",
                          "a directory with the linked image of every PE "
                          "(--target=spinnaker2)"),
               clEnumValN(Stage::Package, "package",
                          "the deployment package: linked PE images, "
                          "routing tables, host I/O map (the default)")),
    cl::init(Stage::Package), cl::cat(spncCategory));
cl::opt<Target> target(
    "target", cl::desc("The machine the model is compiled for"),
    cl::values(clEnumValN(Target::Host, "host",
                          "this machine, as the reference (spnc-run)"),
               clEnumValN(Target::SpiNNaker2, "spinnaker2",
                          "SpiNNaker 2 (--emit=mapped and later stages "
                          "imply it)")),
    cl::init(Target::Host), cl::cat(spncCategory));
cl::list<std::string> dimParams(
    "onnx-dim",
    cl::desc("Give a symbolic ONNX dimension a value, e.g. --onnx-dim=batch=1"),
    cl::value_desc("name=value"), cl::cat(spncCategory));
cl::opt<bool> raiseCells(
    "raise-cells",
    cl::desc("Recognise EGRU/LIF cells written in primitive ONNX ops"),
    cl::init(true), cl::cat(spncCategory));
cl::opt<std::string> targetSystem(
    "target-system",
    cl::desc("The SpiNNaker 2 system of the target description: chip or "
             "board48"),
    cl::init("chip"), cl::cat(spncCategory));
cl::opt<double> defaultActivity(
    "default-activity",
    cl::desc("Expected events per unit and step of event outputs (mapping)"),
    cl::init(0.15), cl::cat(spncCategory));
cl::opt<std::string> reportFile(
    "report",
    cl::desc("Write the mapping report (JSON) to this file (--emit=mapped)"),
    cl::value_desc("file.json"), cl::init(""), cl::cat(spncCategory));
cl::opt<bool> mappingRemarks(
    "mapping-remarks",
    cl::desc("Print the mapping passes' remarks (PEs, traffic, tables)"),
    cl::init(false), cl::cat(spncCategory));
cl::opt<bool> printDebugInfo(
    "print-locations",
    cl::desc("Print locations (ONNX node names) in the output IR"),
    cl::init(false), cl::cat(spncCategory));

bool isMLIRInput(llvm::StringRef path) { return path.ends_with(".mlir"); }


OwningOpRef<ModuleOp> loadInput(MLIRContext &context,
                                llvm::SourceMgr &sourceMgr) {
  if (isMLIRInput(inputFile)) {
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> buffer =
        openInputFile(inputFile, &error);
    if (!buffer) {
      llvm::errs() << "spnc: error: " << error << "\n";
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    return parseSourceFile<ModuleOp>(sourceMgr, &context);
  }
  spnc::ONNXImportOptions options;
  if (llvm::Error error = spnc::parseDimParams(dimParams, options)) {
    llvm::errs() << "spnc: error: " << llvm::toString(std::move(error))
                 << "\n";
    return nullptr;
  }
  return spnc::importONNXFile(inputFile, &context, options);
}

} // namespace

int main(int argc, char **argv) {
  llvm::InitLLVM initLLVM(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  registerPassManagerCLOptions();
  spnc::registerSparsityCLOptions(spncCategory);
  spnc::registerInterfaceCLOptions(spncCategory);
  cl::HideUnrelatedOptions(spncCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "spnc: compile event-based recurrent networks from ONNX for "
      "SpiNNaker 2\n");

  DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  MLIRContext context(registry);
  context.loadAllAvailableDialects();
  // Diagnostics name the ONNX node; dumping the generic op form adds noise.
  context.printOpOnDiagnostic(false);
  llvm::SourceMgr sourceMgr;
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);
  // Handlers run newest first: this one drops remarks unless asked for.
  context.getDiagEngine().registerHandler([](Diagnostic &diagnostic) {
    return success(diagnostic.getSeverity() == DiagnosticSeverity::Remark &&
                   !mappingRemarks);
  });

  OwningOpRef<ModuleOp> module = loadInput(context, sourceMgr);
  if (!module)
    return 1;

  bool mapped = emitStage >= Stage::Mapped;
  if (mapped && target.getNumOccurrences() && target != Target::SpiNNaker2) {
    llvm::errs() << "spnc: error: --emit=mapped and later stages need "
                    "--target=spinnaker2\n";
    return 1;
  }
  if ((emitStage == Stage::Package || emitStage == Stage::Object ||
       emitStage == Stage::Image) &&
      outputFile == "-") {
    llvm::errs() << "spnc: error: --emit=package, obj and elf need -o "
                    "<file or directory>\n";
    return 1;
  }
  if (emitStage == Stage::HostLLVM && target != Target::Host) {
    llvm::errs() << "spnc: error: --emit=host-llvm needs --target=host\n";
    return 1;
  }
  if (!reportFile.empty() && !mapped) {
    llvm::errs() << "spnc: error: --report needs --emit=mapped or later\n";
    return 1;
  }
  spnc::ONNXToEventPipelineOptions options;
  options.raiseCells = raiseCells;
  spnc::applySparsityCLOptions(options);
  spnc::applyInterfaceCLOptions(options);
  if (emitStage == Stage::ONNX && options.sequenceToStep) {
    llvm::errs() << "spnc: error: --sequence-to-step needs --emit=event or "
                    "later\n";
    return 1;
  }
  if (emitStage == Stage::ONNX && !options.bindInputs.empty()) {
    // The imported graph with the bound inputs as constants.
    PassManager pm(&context);
    spnc::BindInputsOptions bind;
    bind.bindings.assign(options.bindInputs.begin(), options.bindInputs.end());
    pm.addPass(spnc::createBindInputs(bind));
    if (failed(pm.run(*module)))
      return 1;
  }
  if (emitStage >= Stage::Event) {
    PassManager pm(&context);
    if (failed(applyPassManagerCLOptions(pm)))
      return 1;
    spnc::populateONNXToEventPipeline(pm, options);
    if (emitStage == Stage::HostLLVM)
      spnc::populateEventToLLVMHostPipeline(pm);
    if (mapped) {
      spnc::MappingOptions mapping;
      mapping.system = targetSystem;
      mapping.defaultActivity = defaultActivity;
      spnc::populateMappingPipeline(pm, mapping);
    }
    if (failed(pm.run(*module)))
      return 1;
    // Later stages write the report with the linked images.
    if (!reportFile.empty() && emitStage == Stage::Mapped &&
        failed(spnc::s2::writeMappingReport(*module, reportFile)))
      return 1;
  }
  if (emitStage > Stage::Mapped) {
    auto stage = emitStage == Stage::PE       ? spnc::target::Stage::PEModules
                 : emitStage == Stage::LLVM   ? spnc::target::Stage::LLVM
                 : emitStage == Stage::Object ? spnc::target::Stage::Object
                 : emitStage == Stage::Image  ? spnc::target::Stage::Image
                                              : spnc::target::Stage::Package;
    std::string modelName = llvm::sys::path::stem(inputFile).str();
    std::string report =
        stage == spnc::target::Stage::Package ? reportFile.getValue() : "";
    if (!reportFile.empty() && stage != spnc::target::Stage::Package) {
      llvm::errs() << "spnc: error: --report needs --emit=mapped or "
                      "--emit=package\n";
      return 1;
    }
    if (failed(spnc::target::compileMachine(*module, stage, outputFile,
                                            modelName, report)))
      return 1;
    return 0;
  }

  std::string error;
  std::unique_ptr<llvm::ToolOutputFile> output =
      openOutputFile(outputFile, &error);
  if (!output) {
    llvm::errs() << "spnc: error: " << error << "\n";
    return 1;
  }
  OpPrintingFlags flags;
  if (printDebugInfo)
    flags.enableDebugInfo();
  module->print(output->os(), flags);
  output->os() << "\n";
  output->keep();
  return 0;
}
