//===- ImportONNX.h - ONNX model to the onnx dialect ------------*- C++ -*-===//
#ifndef SPNC_TARGET_ONNX_IMPORTONNX_H
#define SPNC_TARGET_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>

namespace spnc {

struct ONNXImportOptions {
  /// Initializers and constants with more elements than this are stored as
  /// resource blobs so that large weights do not slow down the IR.
  int64_t resourceBlobThreshold = 64;
  /// Values for symbolic dimensions (dim_param) of the graph inputs, e.g.
  /// {"batch": 1}. Any dimension still unknown after shape inference is an
  /// error: the rest of the compiler works on static shapes.
  llvm::StringMap<int64_t> dimParams;
};

/// Parses `--onnx-dim` entries (NAME=N with N > 0) into `options`.
llvm::Error parseDimParams(llvm::ArrayRef<std::string> entries,
                           ONNXImportOptions &options);

/// Reads a binary ONNX model, or ONNX's textual syntax when the file ends in
/// `.onnxtxt` or does not parse as protobuf, runs the ONNX checker and shape
/// inference, and mirrors the graph into `onnx.node` ops inside
/// `func.func @main_graph`. Returns null after emitting diagnostics.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, mlir::MLIRContext *context,
               const ONNXImportOptions &options = {});

/// The same for a model already in memory; `bufferName` names it in
/// diagnostics.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef buffer, llvm::StringRef bufferName,
                 mlir::MLIRContext *context,
                 const ONNXImportOptions &options = {});

/// Registers the schemas of spnc's custom-domain operators with ONNX so the
/// checker and shape inference understand them. Idempotent.
void registerSPNCONNXSchemas();

} // namespace spnc

#endif // SPNC_TARGET_ONNX_IMPORTONNX_H
