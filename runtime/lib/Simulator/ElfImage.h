//===- ElfImage.h - Reading linked PE images ------------------*- C++ -*-===//
//
// A small reader for the ELF32 little-endian ARM executables the PE linker
// produces: loadable segments and symbols. It checks the file's structure;
// whether the image fits a PE is the loader's business (Simulator.cpp).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_ELFIMAGE_H
#define SPNC_RUNTIME_SIMULATOR_ELFIMAGE_H

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace spnc::sim {

struct ElfSegment {
  uint32_t vaddr = 0, paddr = 0, fileSize = 0, memSize = 0, flags = 0;
  std::vector<uint8_t> bytes; // fileSize bytes
  bool executable() const { return flags & 1; }
  bool writable() const { return flags & 2; }
};

struct ElfSymbol {
  std::string name;
  uint32_t value = 0, size = 0;
  bool function = false;
};

struct ElfImage {
  std::string path;
  uint32_t entry = 0;
  std::vector<ElfSegment> segments; // PT_LOAD only, in file order
  std::vector<ElfSymbol> symbols;   // sorted by value

  /// Parses `bytes` (read from `path`, used in messages).
  static std::optional<ElfImage> parse(const std::vector<uint8_t> &bytes,
                                       const std::string &path,
                                       std::string &error);
  static std::optional<ElfImage> read(const std::string &path,
                                      std::string &error);

  const ElfSymbol *findSymbol(const std::string &name) const;
  /// "name+0x12" for the function containing `address`, or "".
  std::string symbolize(uint32_t address) const;
};

} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_ELFIMAGE_H
