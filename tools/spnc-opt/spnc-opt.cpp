//===- spnc-opt.cpp - mlir-opt for spnc's dialects and passes -------------===//
#include "spnc/Pipelines/Pipelines.h"

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  spnc::registerSPNCDialects(registry);
  spnc::registerSPNCPasses();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "spnc optimizer driver\n", registry));
}
