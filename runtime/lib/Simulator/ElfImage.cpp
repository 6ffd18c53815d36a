//===- ElfImage.cpp - Reading linked PE images ----------------------------===//
#include "ElfImage.h"

#include <algorithm>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace spnc::sim {

namespace {
constexpr uint32_t PT_LOAD = 1;
constexpr uint32_t SHT_SYMTAB = 2;
constexpr uint16_t ET_EXEC = 2;
constexpr uint16_t EM_ARM = 40;

struct Reader {
  const std::vector<uint8_t> &bytes;
  bool in(uint64_t offset, uint64_t size) const {
    return offset <= bytes.size() && size <= bytes.size() - offset;
  }
  uint16_t u16(uint64_t offset) const {
    return static_cast<uint16_t>(bytes[offset] | bytes[offset + 1] << 8);
  }
  uint32_t u32(uint64_t offset) const {
    return static_cast<uint32_t>(bytes[offset]) |
           static_cast<uint32_t>(bytes[offset + 1]) << 8 |
           static_cast<uint32_t>(bytes[offset + 2]) << 16 |
           static_cast<uint32_t>(bytes[offset + 3]) << 24;
  }
};

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%x", value);
  return buffer;
}
} // namespace

std::optional<ElfImage> ElfImage::parse(const std::vector<uint8_t> &bytes,
                                        const std::string &path,
                                        std::string &error) {
  Reader r{bytes};
  auto fail = [&](const std::string &message) -> std::optional<ElfImage> {
    error = "'" + path + "': " + message;
    return std::nullopt;
  };
  if (!r.in(0, 52) || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' ||
      bytes[3] != 'F')
    return fail("not an ELF file");
  if (bytes[4] != 1)
    return fail("not a 32-bit ELF file (a PE image is ELF32)");
  if (bytes[5] != 1)
    return fail("not a little-endian ELF file");
  if (r.u16(18) != EM_ARM)
    return fail("not an ARM ELF file (machine " + std::to_string(r.u16(18)) +
                ")");
  if (r.u16(16) != ET_EXEC)
    return fail("not a linked executable (link it with the PE linker script)");

  ElfImage image;
  image.path = path;
  image.entry = r.u32(24);
  uint32_t phoff = r.u32(28), shoff = r.u32(32);
  uint16_t phentsize = r.u16(42), phnum = r.u16(44);
  uint16_t shentsize = r.u16(46), shnum = r.u16(48);
  if (phnum == 0)
    return fail("no program headers");
  if (phentsize < 32 || !r.in(phoff, uint64_t(phentsize) * phnum))
    return fail("program headers lie outside the file");
  for (unsigned i = 0; i < phnum; ++i) {
    uint64_t p = phoff + uint64_t(i) * phentsize;
    if (r.u32(p) != PT_LOAD)
      continue;
    ElfSegment segment;
    uint32_t offset = r.u32(p + 4);
    segment.vaddr = r.u32(p + 8);
    segment.paddr = r.u32(p + 12);
    segment.fileSize = r.u32(p + 16);
    segment.memSize = r.u32(p + 20);
    segment.flags = r.u32(p + 24);
    if (segment.fileSize > segment.memSize)
      return fail("segment " + std::to_string(i) +
                  " has more file bytes than memory bytes");
    if (!r.in(offset, segment.fileSize))
      return fail("segment " + std::to_string(i) + " lies outside the file");
    segment.bytes.assign(bytes.begin() + offset,
                         bytes.begin() + offset + segment.fileSize);
    image.segments.push_back(std::move(segment));
  }
  if (image.segments.empty())
    return fail("no loadable segments");

  // Symbols are optional (stripped images load too).
  if (shnum != 0 && shentsize >= 40 && r.in(shoff, uint64_t(shentsize) * shnum)) {
    for (unsigned i = 0; i < shnum; ++i) {
      uint64_t s = shoff + uint64_t(i) * shentsize;
      if (r.u32(s + 4) != SHT_SYMTAB)
        continue;
      uint32_t offset = r.u32(s + 16), size = r.u32(s + 20);
      uint32_t link = r.u32(s + 24), entsize = r.u32(s + 36);
      if (link >= shnum || entsize < 16 || !r.in(offset, size))
        return fail("malformed symbol table");
      uint64_t strSection = shoff + uint64_t(link) * shentsize;
      uint32_t strOffset = r.u32(strSection + 16);
      uint32_t strSize = r.u32(strSection + 20);
      if (!r.in(strOffset, strSize))
        return fail("malformed string table");
      for (uint32_t e = entsize; e + entsize <= size; e += entsize) {
        uint64_t sym = offset + e;
        uint32_t nameOffset = r.u32(sym);
        uint8_t info = bytes[sym + 12];
        uint8_t type = info & 0xf;
        if (type != 1 && type != 2) // OBJECT, FUNC
          continue;
        if (nameOffset >= strSize)
          return fail("malformed symbol name");
        const char *name =
            reinterpret_cast<const char *>(bytes.data() + strOffset + nameOffset);
        size_t length = strnlen(name, strSize - nameOffset);
        ElfSymbol symbol;
        symbol.name.assign(name, length);
        symbol.function = type == 2;
        symbol.value = r.u32(sym + 4);
        if (symbol.function)
          symbol.value &= ~1u; // the Thumb bit
        symbol.size = r.u32(sym + 8);
        image.symbols.push_back(std::move(symbol));
      }
    }
  }
  std::sort(image.symbols.begin(), image.symbols.end(),
            [](const ElfSymbol &a, const ElfSymbol &b) {
              return a.value != b.value ? a.value < b.value : a.name < b.name;
            });
  return image;
}

std::optional<ElfImage> ElfImage::read(const std::string &path,
                                       std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "'";
    return std::nullopt;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  return parse(bytes, path, error);
}

const ElfSymbol *ElfImage::findSymbol(const std::string &name) const {
  for (const ElfSymbol &symbol : symbols)
    if (symbol.name == name)
      return &symbol;
  return nullptr;
}

std::string ElfImage::symbolize(uint32_t address) const {
  for (const ElfSymbol &symbol : symbols)
    if (symbol.function && address >= symbol.value &&
        address - symbol.value < std::max<uint32_t>(symbol.size, 1))
      return address == symbol.value
                 ? symbol.name
                 : symbol.name + "+" + hex(address - symbol.value);
  return "";
}

} // namespace spnc::sim
