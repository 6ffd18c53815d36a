//===- Pipelines.cpp - spnc's compilation pipelines -----------------------===//
#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Pipelines/HostPipeline.h"
#include "spnc/Pipelines/MappingPipeline.h"

#include "spnc/Conversion/Passes.h"
#include "spnc/Dialect/Event/EventDialect.h"
#include "spnc/Dialect/ONNX/ONNXDialect.h"
#include "spnc/Dialect/S2/S2Dialect.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

namespace spnc {

void populateONNXToEventPipeline(OpPassManager &pm,
                                 const ONNXToEventPipelineOptions &options) {
  if (options.raiseCells)
    pm.addPass(createRaiseONNXToEvent());
  pm.addPass(createConvertONNXToEvent());
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
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
