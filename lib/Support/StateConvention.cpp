//===- StateConvention.cpp - How state inputs pair with outputs -----------===//
#include "spnc/Support/StateConvention.h"

namespace spnc {

std::optional<std::string> getStateOutputName(llvm::StringRef inputName) {
  constexpr llvm::StringLiteral marker = "_prev";
  size_t position = inputName.find(marker);
  while (position != llvm::StringRef::npos) {
    llvm::StringRef base = inputName.take_front(position);
    llvm::StringRef rest = inputName.drop_front(position + marker.size());
    if (!base.empty() &&
        (rest.empty() || rest.front() == '_' || rest.front() == '.'))
      return (base + rest).str();
    position = inputName.find(marker, position + 1);
  }
  return std::nullopt;
}

} // namespace spnc
