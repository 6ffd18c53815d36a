//===- StateConvention.h - How state inputs pair with outputs ---*- C++ -*-===//
//
// The naming rule of docs/StateConvention.md, shared by the runners, the
// mapping passes and the sequence-to-step transform. No MLIR in here.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_SUPPORT_STATECONVENTION_H
#define SPNC_SUPPORT_STATECONVENTION_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>

namespace spnc {

/// The output a state input pairs with: `<base>_prev<rest>` pairs with
/// `<base><rest>` when `<base>` is not empty and `<rest>` is empty or starts
/// with `_` or `.`; the first such `_prev` counts. None for other names.
std::optional<std::string> getStateOutputName(llvm::StringRef inputName);

} // namespace spnc

#endif // SPNC_SUPPORT_STATECONVENTION_H
