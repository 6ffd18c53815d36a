//===- ModelLoader.h - Model files to legalized IR --------------*- C++ -*-===//
//
// What every tool that executes a model does first: read an ONNX model (or
// an .mlir file) and bring it to the event dialect.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNNER_MODELLOADER_H
#define SPNC_RUNNER_MODELLOADER_H

#include "spnc/Pipelines/Pipelines.h"
#include "spnc/Target/ONNX/ImportONNX.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"


namespace spnc {

/// Imports `path` (.onnx, .onnxtxt; or parses .mlir through `sourceMgr`) and
/// runs the ONNX-to-event pipeline. Diagnostics go to the context's handler;
/// returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp>
loadAndLegalizeModel(mlir::MLIRContext &context, llvm::SourceMgr &sourceMgr,
                     llvm::StringRef path,
                     const ONNXImportOptions &importOptions,
                     const ONNXToEventPipelineOptions &pipelineOptions);

} // namespace spnc

#endif // SPNC_RUNNER_MODELLOADER_H
