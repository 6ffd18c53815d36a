//===- Keys.h - Multicast keys for every event source -----------*- C++ -*-===//
//
// Every unit of every slice gets a 32-bit multicast key. The keys of a slice
// form an aligned power-of-two block,
//
//     key(slice, unit) = base(slice) | unit,     base & (blockSize - 1) == 0
//
// so one key/mask entry (mask = ~(blockSize - 1)) routes the whole slice.
// The slices of one population share a block size and sit next to each
// other in an aligned "zone" of the population, so slices with the same
// destinations can be covered together by a shorter mask (what the
// compressor exploits). Zones are packed largest first, which keeps every
// zone aligned without gaps.
//
// Reserved keys (the constants below; proposed for the binary contract in
// spinnaker2/abi.h, see docs/Mapping.md):
//   - in every block, the top SPNC_MAP_BLOCK_RESERVED indices; the very last
//     one (all index bits set) is the slice's end-of-step key, so the entry
//     that routes the slice's events also routes its end-of-step packet;
//   - the control range [SPNC_MAP_CONTROL_KEY_BASE, 2^32): packets from the
//     host and control packets. It equals abi.h's SPNC_SOURCE_HOST source
//     (0x1FFF << 19), so either key format leaves it free.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_MAPPING_KEYS_H
#define SPNC_MAPPING_KEYS_H

#include "spnc-mapping/Model.h"
#include "spnc-mapping/Result.h"

/* abi-style constants (plain macros so C code can adopt them unchanged). */
#define SPNC_MAP_CONTROL_KEY_BASE 0xFFF80000u
#define SPNC_MAP_CONTROL_KEY_MASK 0xFFF80000u
/* Event keys are below the control range. */
#define SPNC_MAP_EVENT_KEY_LIMIT SPNC_MAP_CONTROL_KEY_BASE
/* Indices reserved at the top of every slice's block by default. */
#define SPNC_MAP_BLOCK_RESERVED 1u
/* The end-of-step key of a block of 2^bits keys based at base. */
#define SPNC_MAP_EOS_KEY(base, bits) ((base) | ((1u << (bits)) - 1u))

namespace spnc::mapping {

struct KeyOptions {
  /// 0: the smallest block that holds units + reserved indices. Otherwise
  /// every block has 2^fixedBlockBits keys; 19 with reservedPerBlock = 256
  /// reproduces abi.h's format (source << 19 | index, source = base >> 19).
  uint32_t fixedBlockBits = 0;
  uint32_t reservedPerBlock = SPNC_MAP_BLOCK_RESERVED;
};

struct SliceKeys {
  uint32_t base = 0;
  uint32_t blockBits = 0;
  uint32_t mask() const { return blockBits >= 32 ? 0u : ~((1u << blockBits) - 1u); }
  uint32_t key(uint32_t unit) const { return base | unit; }
  uint32_t eosKey() const { return SPNC_MAP_EOS_KEY(base, blockBits); }
};

struct KeyZone {
  uint32_t population = 0;
  uint32_t base = 0, mask = 0;
};

struct KeyAllocation {
  std::vector<SliceKeys> slices; // by slice id
  std::vector<KeyZone> zones;    // one per population with slices
  /// One past the highest allocated key.
  uint64_t keysUsed = 0;
};

/// Allocates keys. Errors: a slice larger than its block allows (with a
/// fixed block size), or more keys than fit below the control range.
Result<KeyAllocation> allocateKeys(const SlicedGraph &graph,
                                   uint32_t numPopulations,
                                   const KeyOptions &options = {});

} // namespace spnc::mapping

#endif // SPNC_MAPPING_KEYS_H
