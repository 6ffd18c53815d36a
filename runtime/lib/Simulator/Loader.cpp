//===- Loader.cpp - Validating PE images against the ABI -------------------===//
//
// Every check a linked image must pass before it is loaded into a PE: the
// segments lie in SRAM and respect the code/data split and the stack, the
// program header sits where spinnaker2/abi.h says and agrees with the vector
// table and the ELF entry point, and the program descriptor's tables point
// into the right regions. Messages name the PE and the file.
//
//===----------------------------------------------------------------------===//
#include "PEImage.h"

#include <cstdio>
#include <cstring>

namespace spnc::sim {

namespace {

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%x", value);
  return buffer;
}

std::string range(uint64_t begin, uint64_t end) {
  return "[" + hex(static_cast<uint32_t>(begin)) + ", " +
         hex(static_cast<uint32_t>(end)) + ")";
}

/// A byte image of the PE's SRAM with a record of which bytes a segment
/// covers.
struct View {
  std::vector<uint8_t> bytes = std::vector<uint8_t>(SPNC_SRAM_BYTES, 0);
  std::vector<int> owner = std::vector<int>(SPNC_SRAM_BYTES, -1);

  bool covered(uint32_t address, uint32_t size) const {
    if (uint64_t(address) + size > SPNC_SRAM_BYTES)
      return false;
    for (uint32_t i = 0; i < size; ++i)
      if (owner[address + i] < 0)
        return false;
    return true;
  }
  uint32_t u32(uint32_t address) const {
    uint32_t value;
    std::memcpy(&value, bytes.data() + address, 4);
    return value;
  }
};

} // namespace

std::optional<Image> validateImage(ElfImage elf,
                                   const spinnaker2::ChipModel &chip,
                                   const std::string &who,
                                   std::string &error) {
  (void)chip; // the simulator checked that the description matches abi.h
  auto fail = [&](const std::string &message) -> std::optional<Image> {
    error = who + ": " + message;
    return std::nullopt;
  };
  const uint64_t codeEnd = uint64_t(SPNC_CODE_BASE) + SPNC_CODE_BYTES;
  const uint64_t sramEnd = uint64_t(SPNC_SRAM_BASE) + SPNC_SRAM_BYTES;

  Image image;
  View load, virt; // by physical (load) and by virtual (run) address
  for (size_t i = 0; i < elf.segments.size(); ++i) {
    const ElfSegment &segment = elf.segments[i];
    if (segment.memSize == 0)
      continue;
    std::string name = "segment " + std::to_string(i) + " " +
                       range(segment.paddr, uint64_t(segment.paddr) +
                                                segment.memSize);
    for (int pass = 0; pass < 2; ++pass) {
      uint64_t begin = pass == 0 ? segment.paddr : segment.vaddr;
      uint64_t end = begin + segment.memSize;
      const char *what = pass == 0 ? "" : " (run address)";
      if (begin < SPNC_SRAM_BASE || end > sramEnd)
        return fail(name + what + " lies outside the PE's " +
                    std::to_string(SPNC_SRAM_BYTES / 1024) + " KiB SRAM " +
                    range(SPNC_SRAM_BASE, sramEnd));
      if (begin < codeEnd && end > codeEnd)
        return fail(name + what + " (" + std::to_string(segment.memSize) +
                    " bytes) overflows the code region " +
                    range(SPNC_CODE_BASE, codeEnd) + " of " +
                    std::to_string(SPNC_CODE_BYTES) + " bytes");
    }
    if (segment.executable() && uint64_t(segment.vaddr) >= codeEnd)
      return fail(name + " is executable but lies in the data region " +
                  range(codeEnd, sramEnd));
    if (segment.writable() && uint64_t(segment.vaddr) < codeEnd)
      return fail(name + " is writable but runs in the read-only code region " +
                  range(SPNC_CODE_BASE, codeEnd));
    for (int pass = 0; pass < 2; ++pass) {
      View &view = pass == 0 ? load : virt;
      uint32_t base = pass == 0 ? segment.paddr : segment.vaddr;
      for (uint32_t b = 0; b < segment.memSize; ++b) {
        int &owner = view.owner[base + b];
        if (owner >= 0)
          return fail(name + " overlaps segment " + std::to_string(owner) +
                      " at " + hex(base + b));
        owner = static_cast<int>(i);
        view.bytes[base + b] = b < segment.fileSize ? segment.bytes[b] : 0;
      }
    }
    Image::Load entry;
    entry.address = segment.paddr;
    entry.bytes.assign(load.bytes.begin() + segment.paddr,
                       load.bytes.begin() + segment.paddr + segment.memSize);
    image.loads.push_back(std::move(entry));
  }

  // The program header.
  const uint32_t headerAddress = SPNC_PROGRAM_HEADER_ADDR;
  if (!load.covered(headerAddress, sizeof(spnc_program_header)) ||
      !load.covered(SPNC_VECTOR_TABLE_ADDR, 8))
    return fail("no program header at " + hex(headerAddress) +
                " (link with libspnc_pe.a and spnc_pe.ld)");
  spnc_program_header header;
  std::memcpy(&header, load.bytes.data() + headerAddress, sizeof header);
  if (header.magic != SPNC_HEADER_MAGIC)
    return fail("the program header at " + hex(headerAddress) +
                " has magic " + hex(header.magic) + ", expected " +
                hex(SPNC_HEADER_MAGIC) + " (\"SPNC\")");
  if (header.abi_version != SPNC_ABI_VERSION)
    return fail("built for ABI version " + std::to_string(header.abi_version) +
                ", the simulator implements version " +
                std::to_string(SPNC_ABI_VERSION));
  if (header.header_bytes != sizeof(spnc_program_header))
    return fail("program header of " + std::to_string(header.header_bytes) +
                " bytes, expected " +
                std::to_string(sizeof(spnc_program_header)));
  uint32_t initialSP = load.u32(SPNC_VECTOR_TABLE_ADDR);
  uint32_t resetVector = load.u32(SPNC_VECTOR_TABLE_ADDR + 4);
  if (initialSP != header.stack_top || header.stack_top != SPNC_STACK_TOP)
    return fail("initial SP " + hex(initialSP) + " / header stack top " +
                hex(header.stack_top) + " must both be " +
                hex(SPNC_STACK_TOP));
  if (resetVector != header.entry || elf.entry != header.entry)
    return fail("reset vector " + hex(resetVector) + ", header entry " +
                hex(header.entry) + " and ELF entry " + hex(elf.entry) +
                " disagree");
  if (!(header.entry & 1) || (header.entry & ~1u) >= codeEnd ||
      !load.covered(header.entry & ~1u, 2))
    return fail("entry point " + hex(header.entry) +
                " is not Thumb code in the code region");
  if (header.stack_limit % SPNC_PROTECTION_GRANULE != 0 ||
      header.stack_limit >= header.stack_top ||
      header.stack_limit < SPNC_DATA_BASE + SPNC_STACK_GUARD_BYTES)
    return fail("stack limit " + hex(header.stack_limit) +
                " must be a multiple of " + hex(SPNC_PROTECTION_GRANULE) +
                " in " + range(SPNC_DATA_BASE + SPNC_STACK_GUARD_BYTES,
                               header.stack_top));
  const uint32_t guardBase = header.stack_limit - SPNC_STACK_GUARD_BYTES;
  if (header.image_end > guardBase)
    return fail("the data image ends at " + hex(header.image_end) +
                ", inside the stack guard/stack from " + hex(guardBase));
  for (size_t i = 0; i < elf.segments.size(); ++i) {
    const ElfSegment &segment = elf.segments[i];
    if (segment.memSize == 0)
      continue;
    for (uint32_t base : {segment.paddr, segment.vaddr})
      if (base >= codeEnd && uint64_t(base) + segment.memSize > guardBase)
        return fail("segment " + std::to_string(i) + " " +
                    range(base, uint64_t(base) + segment.memSize) +
                    " overlaps the stack guard and stack " +
                    range(guardBase, header.stack_top));
  }
  if (header.init_start > header.init_end || header.init_end > guardBase ||
      (header.init_start != header.init_end && header.init_start < codeEnd))
    return fail("the reset-initialised range " +
                range(header.init_start, header.init_end) +
                " is not in the data region");
  image.entry = header.entry;
  image.stackTop = header.stack_top;
  image.stackLimit = header.stack_limit;
  image.imageEnd = header.image_end;

  // The program descriptor (read at its run address: it may live in .data).
  uint32_t descAddress = header.program;
  if (descAddress % 4 || !virt.covered(descAddress, sizeof(spnc_program_desc)))
    return fail("the program descriptor at " + hex(descAddress) +
                " is not in the image");
  spnc_program_desc desc;
  std::memcpy(&desc, virt.bytes.data() + descAddress, sizeof desc);
  if (desc.desc_bytes != sizeof(spnc_program_desc))
    return fail("program descriptor of " + std::to_string(desc.desc_bytes) +
                " bytes, expected " + std::to_string(sizeof desc));
  if (desc.source_id > SPNC_MAX_SOURCE)
    return fail("source id " + std::to_string(desc.source_id) +
                " is reserved or out of range (max " +
                std::to_string(SPNC_MAX_SOURCE) + ")");
  if (desc.flags & ~SPNC_PROGRAM_SEND_EOS)
    return fail("unknown program flags " + hex(desc.flags));
  auto inData = [&](uint32_t address, uint64_t bytes) {
    return address >= codeEnd && uint64_t(address) + bytes <= guardBase;
  };
  if (desc.num_producers > 0xFFFF)
    return fail(std::to_string(desc.num_producers) + " producers (max 65535)");
  if (desc.num_producers) {
    if (desc.producers % 4 ||
        !inData(desc.producers, uint64_t(desc.num_producers) *
                                    sizeof(spnc_producer)))
      return fail("the producer table at " + hex(desc.producers) +
                  " is not in writable data memory");
    if (desc.event_capacity == 0 || desc.event_capacity > 0xFFFF)
      return fail("event capacity " + std::to_string(desc.event_capacity) +
                  " must be in 1..65535 for a PE with producers");
    if (desc.event_buffer % 4 ||
        !inData(desc.event_buffer,
                uint64_t(desc.event_capacity) * sizeof(spnc_event)))
      return fail("the event buffer at " + hex(desc.event_buffer) +
                  " is not in writable data memory");
    if (desc.event_order % 2 ||
        !inData(desc.event_order, uint64_t(desc.event_capacity) * 2))
      return fail("the event order scratch at " + hex(desc.event_order) +
                  " is not in writable data memory");
  }
  image.sourceId = desc.source_id;
  image.flags = desc.flags;
  image.numProducers = desc.num_producers;
  // Who this PE waits for, as linked (the runtime checks the table before
  // spnc_init runs), for checks that span PEs (the deployment package's).
  // Only a table the image initialises counts: not one in zero-filled .bss.
  uint64_t producerBytes =
      uint64_t(desc.num_producers) * sizeof(spnc_producer);
  for (const ElfSegment &segment : elf.segments)
    if (desc.num_producers && desc.producers >= segment.vaddr &&
        desc.producers - uint64_t(segment.vaddr) + producerBytes <=
            segment.fileSize) {
      image.producers.resize(desc.num_producers);
      std::memcpy(image.producers.data(),
                  segment.bytes.data() + (desc.producers - segment.vaddr),
                  producerBytes);
      break;
    }
  if (desc.state_bytes &&
      uint64_t(desc.state) + desc.state_bytes > sramEnd)
    return fail("the state region " +
                range(desc.state, uint64_t(desc.state) + desc.state_bytes) +
                " lies outside SRAM");
  image.state = desc.state;
  image.stateBytes = desc.state_bytes;

  auto readBuffers = [&](uint32_t count, uint32_t address, const char *what,
                         bool isInput,
                         std::vector<spnc_io_buffer> &out) -> bool {
    if (count == 0)
      return true;
    if (count > 4096 || address % 4 ||
        !virt.covered(address, count * uint32_t(sizeof(spnc_io_buffer)))) {
      error = who + ": the " + what + " table at " + hex(address) +
              " is not in the image";
      return false;
    }
    for (uint32_t i = 0; i < count; ++i) {
      spnc_io_buffer buffer;
      std::memcpy(&buffer,
                  virt.bytes.data() + address + i * sizeof(spnc_io_buffer),
                  sizeof buffer);
      std::string name = std::string(what) + " " + std::to_string(i) +
                         " (tensor " + std::to_string(buffer.tensor) + ")";
      if (buffer.flags > SPNC_IO_ONCE) {
        error = who + ": " + name + " has unknown flags " + hex(buffer.flags);
        return false;
      }
      if (buffer.bytes == 0 || !inData(buffer.address, buffer.bytes) ||
          uint64_t(buffer.offset) + buffer.bytes > 0xFFFFFFFFull) {
        error = who + ": " + name + " " +
                range(buffer.address, uint64_t(buffer.address) + buffer.bytes) +
                " is not a non-empty range of writable data memory";
        return false;
      }
      if (isInput && buffer.address < header.init_end &&
          uint64_t(buffer.address) + buffer.bytes > header.init_start) {
        error = who + ": " + name + " at " + hex(buffer.address) +
                " lies in .data/.bss " +
                range(header.init_start, header.init_end) +
                ", which the reset handler overwrites after the host wrote "
                "it; place inputs in section .spnc.io (SPNC_IO)";
        return false;
      }
      out.push_back(buffer);
    }
    return true;
  };
  if (!readBuffers(desc.num_inputs, desc.inputs, "input", true,
                   image.inputs) ||
      !readBuffers(desc.num_outputs, desc.outputs, "output", false,
                   image.outputs))
    return std::nullopt;

  image.code.assign(load.bytes.begin(), load.bytes.begin() + codeEnd);
  image.elf = std::move(elf);
  return image;
}

} // namespace spnc::sim
