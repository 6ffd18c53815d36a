//===- ElfValidationTest.cpp - The loader rejects images that do not fit ---===//
//
// Starts from a correctly linked image and breaks one thing at a time: the
// loader must refuse each, naming the PE, the file and what is wrong.
//
//===----------------------------------------------------------------------===//
#include "SimTestUtil.h"

using namespace spnc::simtest;

namespace {

uint32_t get32(const std::vector<uint8_t> &b, size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | uint32_t(b[at + 3]) << 24;
}
void put32(std::vector<uint8_t> &b, size_t at, uint32_t value) {
  for (int i = 0; i < 4; ++i)
    b[at + i] = static_cast<uint8_t>(value >> (8 * i));
}

/// A linked image and its program headers.
struct Image {
  std::vector<uint8_t> bytes = readFile(SPNC_PE_FAULTS);
  size_t phoff() const { return get32(bytes, 28); }
  size_t phnum() const { return bytes[44] | bytes[45] << 8; }
  size_t phentsize() const { return bytes[42] | bytes[43] << 8; }
  size_t header(size_t i) const { return phoff() + i * phentsize(); }
  /// The first PT_LOAD segment satisfying `pred(vaddr, filesz, flags)`.
  template <typename Pred> size_t find(Pred pred) const {
    for (size_t i = 0; i < phnum(); ++i) {
      size_t h = header(i);
      if (get32(bytes, h) == 1 &&
          pred(get32(bytes, h + 8), get32(bytes, h + 16), get32(bytes, h + 24)))
        return h;
    }
    ADD_FAILURE() << "no such segment";
    return header(0);
  }
  size_t text() const {
    return find([](uint32_t, uint32_t, uint32_t flags) { return flags & 1; });
  }
  size_t bss() const {
    return find([](uint32_t vaddr, uint32_t filesz, uint32_t) {
      return vaddr >= SPNC_DATA_BASE && filesz == 0;
    });
  }
  /// File offset of the program header.
  size_t programHeader() const {
    size_t h = find([](uint32_t vaddr, uint32_t filesz, uint32_t) {
      return vaddr <= SPNC_PROGRAM_HEADER_ADDR &&
             vaddr + filesz > SPNC_PROGRAM_HEADER_ADDR;
    });
    return get32(bytes, h + 4) + (SPNC_PROGRAM_HEADER_ADDR - get32(bytes, h + 8));
  }
};

/// Loads `bytes` onto PE 2.2.0 and returns the error ("" if it loaded).
std::string load(const std::vector<uint8_t> &bytes, const std::string &name,
                 std::string *path = nullptr) {
  Sim sim;
  std::string file = writeTemp(name, bytes);
  if (path)
    *path = file;
  int status = spnc_sim_load_elf(sim, pe("2.2.0"), file.c_str());
  return status == SPNC_SIM_OK ? "" : sim.error();
}

#define EXPECT_REJECTED(error, text)                                          \
  do {                                                                        \
    std::string message = (error);                                            \
    EXPECT_NE(message.find(text), std::string::npos) << message;              \
    EXPECT_NE(message.find("PE 2.2.0"), std::string::npos) << message;       \
  } while (0)

TEST(ElfValidationTest, TheUnmodifiedImageLoads) {
  EXPECT_EQ(load(Image().bytes, "valid.elf"), "");
}

TEST(ElfValidationTest, NonImagesAreRejected) {
  EXPECT_REJECTED(load({'h', 'e', 'l', 'l', 'o'}, "garbage.elf"),
                  "not an ELF file");
  EXPECT_REJECTED(load(readFile("/proc/self/exe"), "host.elf"),
                  "not a 32-bit ELF");
  Sim sim;
  EXPECT_NE(spnc_sim_load_elf(sim, pe("2.2.0"), "/nonexistent/pe.elf"),
            SPNC_SIM_OK);
  EXPECT_REJECTED(sim.error(), "cannot open '/nonexistent/pe.elf'");
  std::vector<uint8_t> x86 = Image().bytes;
  x86[18] = 3; // EM_386
  EXPECT_REJECTED(load(x86, "x86.elf"), "not an ARM ELF");
}

TEST(ElfValidationTest, OversizedCodeIsRejected) {
  Image image;
  size_t text = image.text();
  uint32_t vaddr = get32(image.bytes, text + 8);
  // Claim the segment runs 1 KiB past the code region.
  uint32_t size = SPNC_CODE_BYTES - vaddr + 1024;
  put32(image.bytes, text + 20, size); // p_memsz
  std::string path;
  std::string error = load(image.bytes, "big_code.elf", &path);
  EXPECT_REJECTED(error, "overflows the code region");
  EXPECT_NE(error.find(path), std::string::npos) << "names the file: " << error;
}

TEST(ElfValidationTest, MisplacedSegmentsAreRejected) {
  {
    Image image;
    size_t bss = image.bss();
    // .bss reaching into the stack guard.
    put32(image.bytes, bss + 20, SPNC_STACK_TOP - 0x800 - get32(image.bytes, bss + 8));
    EXPECT_REJECTED(load(image.bytes, "into_stack.elf"), "stack guard");
  }
  {
    Image image;
    size_t bss = image.bss();
    put32(image.bytes, bss + 8, 0x30000);  // vaddr
    put32(image.bytes, bss + 12, 0x30000); // paddr
    EXPECT_REJECTED(load(image.bytes, "outside.elf"), "outside the PE's 128 KiB SRAM");
  }
  {
    Image image;
    size_t text = image.text();
    put32(image.bytes, text + 8, SPNC_DATA_BASE + 0x4000);  // vaddr
    put32(image.bytes, text + 12, SPNC_DATA_BASE + 0x4000); // paddr
    EXPECT_REJECTED(load(image.bytes, "code_in_data.elf"),
                    "executable but lies in the data region");
  }
}

TEST(ElfValidationTest, BadHeadersAreRejected) {
  {
    Image image;
    put32(image.bytes, image.programHeader(), 0x12345678);
    EXPECT_REJECTED(load(image.bytes, "magic.elf"), "has magic 0x12345678");
  }
  {
    Image image;
    put32(image.bytes, image.programHeader() + 4, SPNC_ABI_VERSION + 1);
    EXPECT_REJECTED(load(image.bytes, "version.elf"),
                    "built for ABI version " +
                        std::to_string(SPNC_ABI_VERSION + 1));
  }
  {
    Image image;
    put32(image.bytes, 24, get32(image.bytes, 24) + 2); // e_entry
    EXPECT_REJECTED(load(image.bytes, "entry.elf"), "disagree");
  }
  {
    Image image;
    // Stack limit not on a protection granule.
    size_t at = image.programHeader() + 16;
    put32(image.bytes, at, get32(image.bytes, at) + 4);
    EXPECT_REJECTED(load(image.bytes, "stack.elf"), "stack limit");
  }
}

TEST(ElfValidationTest, ReservedPEsTakeNoProgram) {
  Sim sim;
  EXPECT_NE(spnc_sim_load_elf(sim, pe("1.1.2"), SPNC_PE_FAULTS), SPNC_SIM_OK);
  EXPECT_NE(sim.error().find("reserved"), std::string::npos) << sim.error();
  EXPECT_NE(spnc_sim_load_elf(sim, pe("4.3.0"), SPNC_PE_FAULTS), SPNC_SIM_OK);
  EXPECT_NE(sim.error().find("no PE 4.3.0"), std::string::npos) << sim.error();
}

} // namespace
