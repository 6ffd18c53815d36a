//===- spnc-opt.cpp - mlir-opt for spnc's dialects and passes -------------===//
#include "spnc/Dialect/Event/Transforms/Passes.h"
#include "spnc/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  spnc::registerSPNCPasses();
  spnc::registerSPNCEventTransformsPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "spnc optimizer driver\n", registry));
}
