//===- Pipelines.cpp - spnc's compilation pipelines -----------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Pipelines/HostPipeline.h"
#include "spnc/Pipelines/MappingPipeline.h"

#include "spnc/Conversion/Passes.h"
#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Dialect/Event/Transforms/Passes.h"
#include "spnc/Dialect/ONNX/ONNXDialect.h"
#include "spnc/Dialect/S2/S2Dialect.h"
#include "spnc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

#include <memory>

using namespace mlir;

namespace spnc {

void populateONNXToEventPipeline(OpPassManager &pm,
                                 const ONNXToEventPipelineOptions &options) {
  if (!options.bindInputs.empty()) {
    BindInputsOptions bind;
    bind.bindings.assign(options.bindInputs.begin(), options.bindInputs.end());
    pm.addPass(createBindInputs(bind));
  }
  if (options.raiseCells)
    pm.addPass(createRaiseONNXToEvent());
  pm.addPass(createConvertONNXToEvent());
  // Before canonicalization, which would inline a loop of one step.
  if (options.sequenceToStep)
    pm.addPass(createSequenceToStep());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  if (options.pruneDensity != 1.0) {
    EventPruneWeightsOptions prune;
    prune.density = options.pruneDensity;
    prune.minElements = options.pruneMinElements;
    pm.addPass(createEventPruneWeights(prune));
  }
  if (options.quantizeBits != 0) {
    EventQuantizeWeightsOptions quantize;
    quantize.bits = options.quantizeBits;
    pm.addPass(createEventQuantizeWeights(quantize));
  }
}

namespace {
enum class QuantizeMode { None, Int8 };
/// The command-line face of the sparsity options of
/// ONNXToEventPipelineOptions.
struct SparsityCLOptions {
  explicit SparsityCLOptions(llvm::cl::OptionCategory &category)
      : density("prune-density",
                llvm::cl::desc("Magnitude-prune every layer weight matrix to "
                               "this fraction of non-zeros, e.g. 0.1 "
                               "(default 1: no pruning)"),
                llvm::cl::init(1.0), llvm::cl::cat(category)),
        minElements("prune-min-elements",
                    llvm::cl::desc("Leave weight matrices with fewer elements "
                                   "dense (default 0)"),
                    llvm::cl::init(0), llvm::cl::cat(category)),
        quantize("quantize-weights",
                 llvm::cl::desc("Quantise the f32 layer weights"),
                 llvm::cl::values(
                     clEnumValN(QuantizeMode::None, "none", "keep f32"),
                     clEnumValN(QuantizeMode::Int8, "int8",
                                "int8 with per-row f32 scales")),
                 llvm::cl::init(QuantizeMode::None), llvm::cl::cat(category)) {}
  llvm::cl::opt<double> density;
  llvm::cl::opt<uint64_t> minElements;
  llvm::cl::opt<QuantizeMode> quantize;
};
std::unique_ptr<SparsityCLOptions> sparsityCLOptions;
} // namespace

void registerSparsityCLOptions(llvm::cl::OptionCategory &category) {
  if (!sparsityCLOptions)
    sparsityCLOptions = std::make_unique<SparsityCLOptions>(category);
}

void applySparsityCLOptions(ONNXToEventPipelineOptions &options) {
  if (!sparsityCLOptions)
    return;
  options.pruneDensity = sparsityCLOptions->density;
  options.pruneMinElements = sparsityCLOptions->minElements;
  options.quantizeBits =
      sparsityCLOptions->quantize == QuantizeMode::Int8 ? 8 : 0;
}

namespace {
/// The command-line face of the interface options of
/// ONNXToEventPipelineOptions.
struct InterfaceCLOptions {
  explicit InterfaceCLOptions(llvm::cl::OptionCategory &category)
      : bindInputs("bind-input",
                   llvm::cl::desc("Make graph input NAME a constant holding "
                                  "FILE's tensor (.npy or .pb), e.g. the "
                                  "weights of a model that takes them as "
                                  "inputs (repeatable)"),
                   llvm::cl::value_desc("name=file"), llvm::cl::cat(category)),
        sequenceToStep(
            "sequence-to-step",
            llvm::cl::desc("Compile a model that loops over time (ONNX "
                           "GRU/LSTM/RNN) as a one-step function with state "
                           "inputs/outputs (docs/StateConvention.md)"),
            llvm::cl::init(false), llvm::cl::cat(category)) {}
  llvm::cl::list<std::string> bindInputs;
  llvm::cl::opt<bool> sequenceToStep;
};
std::unique_ptr<InterfaceCLOptions> interfaceCLOptions;
} // namespace

void registerInterfaceCLOptions(llvm::cl::OptionCategory &category) {
  if (!interfaceCLOptions)
    interfaceCLOptions = std::make_unique<InterfaceCLOptions>(category);
}

void applyInterfaceCLOptions(ONNXToEventPipelineOptions &options) {
  if (!interfaceCLOptions)
    return;
  std::vector<std::string> bindings(interfaceCLOptions->bindInputs.begin(),
                                    interfaceCLOptions->bindInputs.end());
  options.bindInputs = bindings;
  options.sequenceToStep = interfaceCLOptions->sequenceToStep;
}

void registerSPNCPipelines() {
  PassPipelineRegistration<ONNXToEventPipelineOptions>(
      "spnc-onnx-to-event",
      "Legalize imported ONNX into the event and upstream dialects",
      populateONNXToEventPipeline);
}

void registerSPNCDialects(DialectRegistry &registry) {
  registry.insert<onnxir::ONNXDialect, event::EventDialect, s2::S2Dialect,
                  func::FuncDialect,
                  arith::ArithDialect, math::MathDialect, tensor::TensorDialect,
                  linalg::LinalgDialect, scf::SCFDialect>();
  registerHostDialects(registry);
}

void registerSPNCPasses() {
  registerSPNCConversionPasses();
  registerTransformsPasses();
  registerSPNCPipelines();
  registerHostPasses();
  registerMappingPasses();
}

} // namespace spnc
