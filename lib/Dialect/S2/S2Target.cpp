//===- S2Target.cpp - The target description as the s2 dialect sees it ----===//
#include "spnc/Dialect/S2/S2Target.h"

#include "llvm/ADT/StringExtras.h"

#include <map>
#include <memory>
#include <mutex>

namespace spnc::s2 {

const spinnaker2::SystemModel *lookupSystem(llvm::StringRef name,
                                            std::string &error) {
  struct Entry {
    std::unique_ptr<spinnaker2::SystemModel> system;
    std::string error;
  };
  static std::mutex mutex;
  static std::map<std::pair<std::string, std::string>, Entry> cache;
  std::string path = spinnaker2::defaultDescriptionPath();
  std::lock_guard<std::mutex> lock(mutex);
  auto [it, inserted] = cache.try_emplace({path, name.str()});
  if (inserted) {
    std::optional<spinnaker2::SystemModel> loaded =
        spinnaker2::loadTarget(path, name.str(), it->second.error);
    if (loaded)
      it->second.system =
          std::make_unique<spinnaker2::SystemModel>(std::move(*loaded));
  }
  if (!it->second.system)
    error = it->second.error;
  return it->second.system.get();
}

std::optional<spinnaker2::PEId> parsePE(llvm::StringRef text) {
  llvm::SmallVector<llvm::StringRef, 3> parts;
  text.split(parts, '.');
  if (parts.size() != 3)
    return std::nullopt;
  spinnaker2::PEId pe;
  int *fields[3] = {&pe.qx, &pe.qy, &pe.qp};
  for (int i = 0; i < 3; ++i) {
    unsigned value;
    if (parts[i].empty() || parts[i].getAsInteger(10, value) || value > 255)
      return std::nullopt;
    *fields[i] = static_cast<int>(value);
  }
  return pe;
}

static const char *const kLinkNames[6] = {"E", "NE", "N", "W", "SW", "S"};

llvm::StringRef linkName(int link) {
  return link >= 0 && link < 6 ? kLinkNames[link] : "?";
}

std::optional<int> parseLink(llvm::StringRef name) {
  for (int i = 0; i < 6; ++i)
    if (name == kLinkNames[i])
      return i;
  return std::nullopt;
}

} // namespace spnc::s2
