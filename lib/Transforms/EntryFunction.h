//===- EntryFunction.h - The model's entry function and its names -*- C++ -*-===//
//
// The passes that change a model's signature (spnc-bind-inputs,
// spnc-sequence-to-step) find the entry function the way the host runner
// does and name inputs and outputs the way the runners and the package do:
// `onnx.name`, else `argN` / `resultN`.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_TRANSFORMS_ENTRYFUNCTION_H
#define SPNC_LIB_TRANSFORMS_ENTRYFUNCTION_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace spnc {

/// `name` if given, else @main_graph, else the only public function with a
/// body; null after an error on `module` prefixed with `what`.
inline mlir::func::FuncOp findEntryFunction(mlir::ModuleOp module,
                                            llvm::StringRef name,
                                            llvm::StringRef what) {
  using mlir::func::FuncOp;
  if (!name.empty()) {
    auto named = module.lookupSymbol<FuncOp>(name);
    if (!named || named.isExternal()) {
      module.emitError() << what << ": no function @" << name
                         << " with a body";
      return {};
    }
    return named;
  }
  if (auto main = module.lookupSymbol<FuncOp>("main_graph");
      main && !main.isExternal())
    return main;
  llvm::SmallVector<FuncOp> candidates;
  for (auto func : module.getOps<FuncOp>())
    if (func.isPublic() && !func.isExternal())
      candidates.push_back(func);
  if (candidates.size() != 1) {
    module.emitError() << what
                       << ": expected @main_graph or one public function with "
                          "a body, found "
                       << candidates.size();
    return {};
  }
  return candidates.front();
}

inline std::string argumentName(mlir::func::FuncOp func, unsigned index) {
  if (auto name =
          func.getArgAttrOfType<mlir::StringAttr>(index, "onnx.name"))
    return name.str();
  return "arg" + std::to_string(index);
}

inline std::string resultName(mlir::func::FuncOp func, unsigned index) {
  if (auto name =
          func.getResultAttrOfType<mlir::StringAttr>(index, "onnx.name"))
    return name.str();
  return "result" + std::to_string(index);
}

} // namespace spnc

#endif // SPNC_LIB_TRANSFORMS_ENTRYFUNCTION_H
