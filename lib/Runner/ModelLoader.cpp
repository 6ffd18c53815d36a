//===- ModelLoader.cpp - Model files to legalized IR ----------------------===//
#include "spnc/Runner/ModelLoader.h"

#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace mlir;

namespace spnc {

OwningOpRef<ModuleOp>
loadAndLegalizeModel(MLIRContext &context, llvm::SourceMgr &sourceMgr,
                     llvm::StringRef path,
                     const ONNXImportOptions &importOptions,
                     const ONNXToEventPipelineOptions &pipelineOptions) {
  OwningOpRef<ModuleOp> module;
  if (path.ends_with(".mlir")) {
    std::string error;
    std::unique_ptr<llvm::MemoryBuffer> buffer = openInputFile(path, &error);
    if (!buffer) {
      emitError(UnknownLoc::get(&context)) << error;
      return nullptr;
    }
    sourceMgr.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
    module = parseSourceFile<ModuleOp>(sourceMgr, &context);
  } else {
    module = importONNXFile(path, &context, importOptions);
  }
  if (!module)
    return nullptr;
  PassManager pm(&context);
  populateONNXToEventPipeline(pm, pipelineOptions);
  if (failed(pm.run(*module)))
    return nullptr;
  return module;
}

} // namespace spnc
