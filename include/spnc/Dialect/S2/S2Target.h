//===- S2Target.h - The target description as the s2 dialect sees it -*- C++ -*-===//
//
// The s2 dialect's verifiers and the mapping passes read the systems of the
// SpiNNaker 2 target description (spinnaker2-target/, docs/
// TargetDescription.md) through these helpers, and spell PEs and chip links
// the same way everywhere.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_DIALECT_S2_S2TARGET_H
#define SPNC_DIALECT_S2_S2TARGET_H

#include "spinnaker2/TargetModel.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>

namespace spnc::s2 {

/// The system `name` ("chip", "board48") of the target description
/// (spinnaker2::defaultDescriptionPath(), i.e. $SPNC_TARGET_DESCRIPTION or
/// the installed one). Loaded once per path and name; thread-safe. Returns
/// null and sets `error` if it cannot be loaded.
const spinnaker2::SystemModel *lookupSystem(llvm::StringRef name,
                                            std::string &error);

/// "qx.qy.qp" -> PEId (no range check).
std::optional<spinnaker2::PEId> parsePE(llvm::StringRef text);

/// The names of the chip links in the order of the mapping library's link
/// bits and spinnaker2::SystemModel::neighbour: E, NE, N, W, SW, S.
llvm::StringRef linkName(int link);
std::optional<int> parseLink(llvm::StringRef name);

/// The arrival of packets injected by a PE of the chip (s2.route `from`).
constexpr llvm::StringLiteral kLocalArrival = "local";

} // namespace spnc::s2

#endif // SPNC_DIALECT_S2_S2TARGET_H
