//===- Package.h - The SpiNNaker 2 deployment package -----------*- C++ -*-===//
//
// What `spnc` writes and `spnc-run` loads: everything a SpiNNaker 2 system
// needs to run a compiled model, in one versioned file (docs/Package.md).
// The runtime owns the format (IREE style): the compiler fills a Package and
// calls writePackage; loaders call readPackage, which never trusts the file.
// No MLIR and no LLVM in here.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_PACKAGE_H
#define SPNC_RUNTIME_PACKAGE_H

#include "spnc-runtime/Tensor.h"

#include <cstdint>
#include <string>
#include <vector>

namespace spnc::rt {

/// A model input or output as the host sees it: the tensor of one step.
struct PackageTensor {
  std::string name;
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// For a state input: the output that carries its next value
  /// (docs/StateConvention.md); empty otherwise.
  std::string stateOutput;
};

/// One used PE and its linked image.
struct PackagePE {
  uint32_t chip = 0;          // index into the system's chips
  int32_t qx = 0, qy = 0, qp = 0;
  std::string population;     // the s2.population it runs
  int64_t unitBegin = 0, unitEnd = 0;
  uint32_t sourceId = 0;      // keys it sends: key/mask below
  uint32_t key = 0, mask = 0;
  std::string dvfs;           // DVFS level, e.g. "PL4"
  std::vector<uint8_t> elf;   // the linked ELF32 image
};

/// One multicast routing entry (first match wins).
struct PackageRoute {
  uint32_t key = 0, mask = 0;
  /// Local PEs the packet is delivered to, as "qx.qy.qp".
  std::vector<std::string> pes;
  /// Bit i = chip link i (E, NE, N, W, SW, S).
  uint32_t linkMask = 0;
};

struct PackageRoutingTable {
  uint32_t chip = 0;
  uint64_t uncompressedEntries = 0;
  std::vector<PackageRoute> routes;
};

/// Where the host writes an input (or reads an output) of one PE: a copy of
/// the PE's spnc_io_buffer (abi.h), named by PE index.
struct PackageIOBinding {
  bool input = true;
  uint32_t pe = 0;     // index into Package::pes
  uint32_t tensor = 0; // index into Package::inputs / outputs
  uint32_t offset = 0, bytes = 0, address = 0, flags = 0;
};

struct Package {
  uint32_t formatVersion = 0; // set by writePackage
  uint32_t abiVersion = 0;    // SPNC_ABI_VERSION of the images
  std::string target;         // "spinnaker2"
  std::string system;         // "chip", "board48"
  /// Steps a PE may run ahead of the slowest (the simulator's step gate);
  /// the event buffers of the images are sized for it.
  uint32_t stepsInFlight = 1;
  std::string modelName;
  std::vector<PackageTensor> inputs, outputs;
  std::vector<PackagePE> pes;
  std::vector<PackageRoutingTable> tables;
  std::vector<PackageIOBinding> io;
  /// The mapping report (spnc --report format), as JSON text.
  std::string reportJson;
};

/// Fills `package.io` from the program descriptors of the PE images.
/// Returns an error message, or "" on success.
std::string derivePackageIO(Package &package);

/// Serialises `package` (setting formatVersion). "" on success. Runs
/// readPackage's checks on the result: a package spnc-run would refuse is
/// not written ("the package would not load: ...").
std::string writePackage(const Package &package, std::vector<uint8_t> &bytes);
std::string writePackageFile(const Package &package, const std::string &path);

/// Parses and validates a package; every error names what is wrong (and the
/// PE, table or tensor). `error` is empty on success.
struct PackageReadResult {
  Package package;
  std::string error;
  explicit operator bool() const { return error.empty(); }
};
PackageReadResult readPackage(const std::vector<uint8_t> &bytes,
                              const std::string &sourceName);
PackageReadResult readPackageFile(const std::string &path);

/// True if the file at `path` starts with the package magic (abi.h's
/// SPNC_PACKAGE_MAGIC), whatever its extension.
bool isPackageFile(const std::string &path);

} // namespace spnc::rt

#endif // SPNC_RUNTIME_PACKAGE_H
