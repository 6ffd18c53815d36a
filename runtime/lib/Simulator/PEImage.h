//===- PEImage.h - Validated PE images --------------------------*- C++ -*-===//
//
// What a linked PE image must satisfy before it runs (Loader.cpp), and what
// the loader keeps of it. No emulator in here: the deployment package
// (runtime/lib/Package) validates the images it carries with the same
// checks, without creating a simulator.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_PEIMAGE_H
#define SPNC_RUNTIME_SIMULATOR_PEIMAGE_H

#include "ElfImage.h"

#include "spinnaker2/TargetModel.h"
#include "spinnaker2/abi.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spnc::sim {

/// A validated PE image: what the loader needs from the ELF file.
struct Image {
  ElfImage elf;
  struct Load {
    uint32_t address; // physical (load) address
    std::vector<uint8_t> bytes; // memSize bytes, zero-filled past fileSize
  };
  std::vector<Load> loads;
  std::vector<uint8_t> code; // the code region as loaded (for decoding)
  uint32_t entry = 0, stackTop = 0, stackLimit = 0, imageEnd = 0;
  uint32_t sourceId = 0, flags = 0, numProducers = 0;
  /// The descriptor's producer table as linked; empty if the image does not
  /// initialise it (a table in .bss).
  std::vector<spnc_producer> producers;
  std::vector<spnc_io_buffer> inputs, outputs;
  uint32_t state = 0, stateBytes = 0;
};

/// Checks `elf` against the ABI and the chip's SRAM layout. `who` names
/// the PE and file in messages.
std::optional<Image> validateImage(ElfImage elf,
                                   const spinnaker2::ChipModel &chip,
                                   const std::string &who, std::string &error);

} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_PEIMAGE_H
