/*===- abi.h - The binary contract of a SpiNNaker 2 PE program --*- C -*-===*
 *
 * The one header that owns the contract between
 *   - the code spnc generates for a processing element (PE),
 *   - the per-core runtime it links with (spinnaker2-target/runtime),
 *   - the loader and the simulator (runtime/, spnc-run),
 *   - the linker script (spnc_pe.ld, preprocessed from this header).
 * Plain C99, no MLIR, no libc beyond <stdint.h>: it is included from C, C++,
 * the ARM code and (with SPNC_ABI_LINKER_SCRIPT defined) the C preprocessor
 * run that generates the linker script. docs/BinaryContract.md explains the
 * protocol; this file is the normative list of numbers and layouts.
 *
 * Changing any number or layout here is an ABI break: bump SPNC_ABI_VERSION.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SPINNAKER2_ABI_H
#define SPINNAKER2_ABI_H

#if defined(SPNC_ABI_LINKER_SCRIPT) || defined(__ASSEMBLER__)
#define SPNC_U32(x) x
#else
#define SPNC_U32(x) x##u
#include <stdint.h>
#endif

/* Version of everything below. The loader rejects images built against
 * another version. */
#define SPNC_ABI_VERSION SPNC_U32(1)

/*---------------------------------------------------------------------------
 * Memory map of one PE (local addresses, as the PE's code sees them).
 *
 *   0x00000000 +------------------------+  SPNC_CODE_BASE (read + execute)
 *              | vector table (0x100)   |
 *   0x00000100 | program header         |  SPNC_PROGRAM_HEADER_ADDR
 *              | .text .rodata          |
 *              | .data load image       |
 *   0x00008000 +------------------------+  SPNC_DATA_BASE (read + write)
 *              | .spnc.const (in place) |
 *              | .data .bss             |  initialised by reset
 *              | .spnc.io               |  host-written buffers (not)
 *              | free                   |
 *              | stack guard (1 KiB)    |  faults on any access
 *   stack_limit+------------------------+
 *              | stack (grows down)     |
 *   0x00020000 +------------------------+  SPNC_STACK_TOP = end of SRAM
 *
 *   0x40000000  communication registers (SPNC_MMIO_BASE, 4 KiB)
 *   0xE000E000  system control space: only CPACR and CPUID are modelled
 *
 * The sizes agree with spinnaker2.json (chip.sram_per_pe_bytes,
 * sram_code_bytes, sram_data_bytes); unittests/Simulator/AbiTest.cpp and the
 * simulator (at start-up) check that they do.
 *-------------------------------------------------------------------------*/
#define SPNC_SRAM_BASE SPNC_U32(0x00000000)
#define SPNC_SRAM_BYTES SPNC_U32(0x00020000) /* 131072 = 128 KiB */
#define SPNC_CODE_BASE SPNC_U32(0x00000000)
#define SPNC_CODE_BYTES SPNC_U32(0x00008000) /* 32768 = 32 KiB */
#define SPNC_DATA_BASE SPNC_U32(0x00008000)
#define SPNC_DATA_BYTES SPNC_U32(0x00018000) /* 98304 = 96 KiB */

/* Cortex-M reset layout: word 0 = initial SP, word 1 = reset handler. The
 * table may use up to 64 entries. */
#define SPNC_VECTOR_TABLE_ADDR SPNC_U32(0x00000000)
#define SPNC_VECTOR_TABLE_BYTES SPNC_U32(0x00000100)
#define SPNC_PROGRAM_HEADER_ADDR SPNC_U32(0x00000100)

/* The stack sits at the top of the data region. Its size is a link-time
 * choice (symbol __spnc_stack_bytes, default below); the program header
 * records the result. stack_limit must be a multiple of the protection
 * granule, and the guard occupies the granule below it. */
#define SPNC_STACK_TOP SPNC_U32(0x00020000)
#define SPNC_STACK_DEFAULT_BYTES SPNC_U32(0x00001000) /* 4 KiB */
#define SPNC_PROTECTION_GRANULE SPNC_U32(0x00000400) /* 1 KiB */
#define SPNC_STACK_GUARD_BYTES SPNC_U32(0x00000400)

/* Reserved for the SRAM of the other PEs of the QPE (not modelled yet: any
 * access faults). */
#define SPNC_QPE_SRAM_WINDOW_BASE SPNC_U32(0x20000000)
#define SPNC_QPE_SRAM_WINDOW_BYTES SPNC_U32(0x00080000)

/*---------------------------------------------------------------------------
 * Communication registers: 32-bit, word accesses only. R = read-only,
 * W = write-only. Any other access in the page is a fault.
 *-------------------------------------------------------------------------*/
#define SPNC_MMIO_BASE SPNC_U32(0x40000000)
#define SPNC_MMIO_BYTES SPNC_U32(0x00001000)

/* R: (chip << 16) | (qx << 8) | (qy << 4) | qp; chip = index in the system */
#define SPNC_REG_PE_ID SPNC_U32(0x000)
#define SPNC_REG_ABI_VERSION SPNC_U32(0x004) /* R: SPNC_ABI_VERSION */
/* Time-step synchronisation (see docs/BinaryContract.md, "Steps"). */
#define SPNC_REG_NUM_STEPS SPNC_U32(0x008) /* R: steps the host asked for */
#define SPNC_REG_STEP_GATE SPNC_U32(0x00C) /* R: may start step t iff t < gate */
#define SPNC_REG_STEP_DONE SPNC_U32(0x010) /* W: step t finished (write t) */
/* W: sleep until a received packet is visible. The value says what the PE
 * waits for (SPNC_WAIT_*), for the deadlock report. Returns at once if the
 * receive FIFO is not empty. */
#define SPNC_REG_WAIT_RX SPNC_U32(0x014)
/* W: sleep until STEP_GATE > value or a received packet is visible. */
#define SPNC_REG_WAIT_GATE SPNC_U32(0x018)
/* R: the PE's clock since reset (runs while asleep). Reading LO latches HI. */
#define SPNC_REG_CYCLES_LO SPNC_U32(0x01C)
#define SPNC_REG_CYCLES_HI SPNC_U32(0x020)
/* Sending a multicast packet: write the payload (optional), then the key. */
#define SPNC_REG_TX_PAYLOAD SPNC_U32(0x024)    /* W: latch a 32-bit payload */
#define SPNC_REG_TX_KEY SPNC_U32(0x028)        /* W: send key, no payload */
#define SPNC_REG_TX_KEY_PAYLOAD SPNC_U32(0x02C) /* W: send key + latched payload */
/* Receive FIFO (filled by the router, in arrival order). */
#define SPNC_REG_RX_COUNT SPNC_U32(0x030)   /* R: packets in the FIFO */
#define SPNC_REG_RX_KEY SPNC_U32(0x034)     /* R: key of the oldest packet */
#define SPNC_REG_RX_PAYLOAD SPNC_U32(0x038) /* R: its payload (0 if none) */
#define SPNC_REG_RX_FLAGS SPNC_U32(0x03C)   /* R: SPNC_RX_FLAG_* of it */
#define SPNC_REG_RX_POP SPNC_U32(0x040)     /* W: drop the oldest packet */
/* W: trace marker, SPNC_PHASE_*; costs nothing but the store. */
#define SPNC_REG_PHASE SPNC_U32(0x044)
/* W: one byte of console output (debugging). */
#define SPNC_REG_CONSOLE SPNC_U32(0x048)
/* Stopping: FAULT_INFO latches a detail word, FAULT stops the PE with a
 * fault report (code SPNC_FAULT_*); HALT stops it with an exit code (0 =
 * success). */
#define SPNC_REG_FAULT_INFO SPNC_U32(0x04C)
#define SPNC_REG_FAULT SPNC_U32(0x050)
#define SPNC_REG_HALT SPNC_U32(0x054)

#define SPNC_RX_FLAG_PAYLOAD SPNC_U32(0x1)

/* Architectural Cortex-M registers the simulator models. */
#define SPNC_SCS_BASE SPNC_U32(0xE000E000)
#define SPNC_SCS_CPUID SPNC_U32(0xE000ED00)
#define SPNC_SCS_CPACR SPNC_U32(0xE000ED88)
#define SPNC_CPACR_FPU_ENABLE SPNC_U32(0x00F00000) /* CP10 + CP11 full access */

/*---------------------------------------------------------------------------
 * Packets: a 32-bit multicast key and an optional 32-bit payload.
 *
 *   key = source << 19 | index
 *   source: 13 bits, the sending PE's source id (program descriptor); a PE
 *           may only send keys with its own source id.
 *   index:  19 bits; 0 .. SPNC_INDEX_RESERVED_FIRST-1 are the program's own
 *           events, SPNC_INDEX_EOS is the end-of-step signal (payload = the
 *           step), the rest of the top 256 indices are reserved.
 * Source SPNC_SOURCE_HOST is reserved for packets injected by the host.
 * Routing tables usually route a whole source (mask SPNC_KEY_SOURCE_MASK),
 * so the end-of-step signal follows the same routes as the events.
 *-------------------------------------------------------------------------*/
#define SPNC_KEY_SOURCE_SHIFT 19
#define SPNC_KEY_INDEX_MASK SPNC_U32(0x0007FFFF)
#define SPNC_KEY_SOURCE_MASK SPNC_U32(0xFFF80000)
#define SPNC_MAX_SOURCE SPNC_U32(0x1FFE)
#define SPNC_SOURCE_HOST SPNC_U32(0x1FFF)
#define SPNC_INDEX_RESERVED_FIRST SPNC_U32(0x7FF00)
#define SPNC_INDEX_EOS SPNC_U32(0x7FFFF)
#define SPNC_KEY(source, index)                                              \
  (((source) << SPNC_KEY_SOURCE_SHIFT) | ((index) & SPNC_KEY_INDEX_MASK))
#define SPNC_KEY_SOURCE(key) ((key) >> SPNC_KEY_SOURCE_SHIFT)
#define SPNC_KEY_INDEX(key) ((key) & SPNC_KEY_INDEX_MASK)
#define SPNC_EOS_KEY(source) SPNC_KEY(source, SPNC_INDEX_EOS)

/* SPNC_REG_WAIT_RX values: what the PE waits for. */
#define SPNC_WAIT_KIND_SHIFT 28
#define SPNC_WAIT_EOS SPNC_U32(0x10000000) /* | source id of a missing EOS */
#define SPNC_WAIT_OTHER SPNC_U32(0x20000000) /* generated code's own waits */

/* SPNC_REG_PHASE values. */
#define SPNC_PHASE_INIT SPNC_U32(1)
#define SPNC_PHASE_WAIT_GATE SPNC_U32(2)
#define SPNC_PHASE_RECEIVE SPNC_U32(3)
#define SPNC_PHASE_DISPATCH SPNC_U32(4)
#define SPNC_PHASE_UPDATE SPNC_U32(5)
#define SPNC_PHASE_SEND_EOS SPNC_U32(6)
#define SPNC_PHASE_COUNT SPNC_U32(7)

/* SPNC_REG_FAULT codes raised by the runtime; generated code uses
 * SPNC_FAULT_USER and above for its own checks. */
#define SPNC_FAULT_BAD_HEADER SPNC_U32(1)     /* info: which check failed */
#define SPNC_FAULT_UNKNOWN_SOURCE SPNC_U32(2) /* info: the key */
#define SPNC_FAULT_EOS_ORDER SPNC_U32(3)      /* info: the EOS key */
#define SPNC_FAULT_EVENT_OVERFLOW SPNC_U32(4) /* info: the key */
#define SPNC_FAULT_UNEXPECTED_EVENT SPNC_U32(5) /* info: the key */
#define SPNC_FAULT_EXCEPTION SPNC_U32(6)      /* info: exception number */
#define SPNC_FAULT_USER SPNC_U32(0x100)

/*---------------------------------------------------------------------------
 * Program header and descriptor.
 *
 * The runtime places spnc_program_header (symbol spnc_header, section
 * .spnc.header) at SPNC_PROGRAM_HEADER_ADDR; its `program` field points at
 * the descriptor the generated code defines (symbol `spnc_program`). All
 * addresses are PE-local 32-bit addresses; all fields are fixed-width (no
 * pointers), so the layout is the same for the 32-bit PE and a 64-bit host.
 *-------------------------------------------------------------------------*/
#define SPNC_HEADER_MAGIC SPNC_U32(0x434E5053) /* "SPNC" little-endian */

/* spnc_program_desc.flags */
#define SPNC_PROGRAM_SEND_EOS SPNC_U32(0x1) /* has consumers: send EOS */

/* spnc_io_buffer.flags */
#define SPNC_IO_PER_STEP SPNC_U32(0x0) /* written/read around every step */
#define SPNC_IO_ONCE SPNC_U32(0x1)     /* before step 0 / after the last */

/*---------------------------------------------------------------------------
 * Deployment package: the single file `spnc -o model.s2pkg` writes and
 * spnc-run loads (docs/Package.md; spnc-runtime/Package.h reads and writes
 * it). It starts with a fixed header:
 *   magic[8], format version (u32), header bytes (u32), file bytes (u64),
 *   manifest bytes (u32), CRC-32 of the whole file with this field as zero.
 * The format version changes with any change to the header, the manifest's
 * schema or the blob layout; readers reject every other version. It is
 * independent of SPNC_ABI_VERSION, which versions the PE images inside.
 *-------------------------------------------------------------------------*/
/* PNG-style: the 0x89 and the CR LF catch 7-bit and text-mode transfers. */
#define SPNC_PACKAGE_MAGIC "\x89S2PKG\r\n"
#define SPNC_PACKAGE_MAGIC_BYTES 8
#define SPNC_PACKAGE_FORMAT_VERSION SPNC_U32(1)
#define SPNC_PACKAGE_HEADER_BYTES SPNC_U32(32)
#define SPNC_PACKAGE_EXTENSION ".s2pkg"

#if !defined(SPNC_ABI_LINKER_SCRIPT) && !defined(__ASSEMBLER__)

#ifdef __cplusplus
extern "C" {
#endif

typedef struct spnc_program_header {
  uint32_t magic;        /* SPNC_HEADER_MAGIC */
  uint32_t abi_version;  /* SPNC_ABI_VERSION */
  uint32_t header_bytes; /* sizeof(spnc_program_header) */
  uint32_t entry;        /* reset handler, Thumb bit set; = vector[1] */
  uint32_t stack_limit;  /* lowest stack address; the guard is below */
  uint32_t stack_top;    /* initial SP; = vector[0] = SPNC_STACK_TOP */
  uint32_t image_end;    /* end of the image: first free data byte */
  uint32_t program;      /* address of the spnc_program_desc */
  /* [init_start, init_end): the RAM the reset handler initialises (.data
   * and .bss). Host-written buffers must lie outside it (section .spnc.io),
   * or reset would overwrite what the host wrote before start-up. */
  uint32_t init_start;
  uint32_t init_end;
} spnc_program_header;

/* One producer of events this PE consumes. Events the producer sends in its
 * step s are consumed in this PE's step s + delay. The array lives in RAM,
 * sorted by source id (strictly ascending). */
typedef struct spnc_producer {
  uint32_t source; /* the producer's source id */
  uint32_t delay;  /* 0 (same step) or more (e.g. 1 for recurrence) */
  uint32_t eos_received; /* runtime-owned, initialise to 0 */
  uint32_t scratch;      /* runtime-owned */
} spnc_producer;

/* A slice of a host tensor. For a per-step buffer the host writes bytes
 * [offset, offset + bytes) of step t of input tensor `tensor` to `address`
 * before the PE starts step t, and reads outputs after the PE's STEP_DONE of
 * step t. */
typedef struct spnc_io_buffer {
  uint32_t tensor;  /* index of the model input / output */
  uint32_t offset;  /* byte offset within one step of that tensor */
  uint32_t bytes;
  uint32_t address; /* PE-local address */
  uint32_t flags;   /* SPNC_IO_* */
} spnc_io_buffer;

/* A buffered received event (12 bytes). */
typedef struct spnc_event {
  uint32_t key;
  uint32_t payload;
  uint16_t producer; /* index into the producer array */
  uint16_t step;     /* the producer's step, modulo 2^16 */
} spnc_event;

typedef struct spnc_program_desc {
  uint32_t desc_bytes;    /* sizeof(spnc_program_desc) */
  uint32_t source_id;     /* this PE's source id (keys it may send) */
  uint32_t flags;         /* SPNC_PROGRAM_* */
  uint32_t num_producers; /* = end-of-step signals to wait for per step */
  uint32_t producers;     /* spnc_producer[num_producers] */
  uint32_t num_inputs;
  uint32_t inputs; /* spnc_io_buffer[num_inputs], host-written */
  uint32_t num_outputs;
  uint32_t outputs; /* spnc_io_buffer[num_outputs], host-read */
  uint32_t state;   /* recurrent state region (host may read it) */
  uint32_t state_bytes;
  uint32_t event_buffer;   /* spnc_event[event_capacity] */
  uint32_t event_order;    /* uint16_t[event_capacity], runtime scratch */
  uint32_t event_capacity; /* at most 65535 */
} spnc_program_desc;

#ifdef __cplusplus
} /* extern "C" */
#define SPNC_ABI_STATIC_ASSERT(cond, name) static_assert(cond, #name)
#else
#define SPNC_ABI_STATIC_ASSERT(cond, name)                                  \
  typedef char spnc_abi_check_##name[(cond) ? 1 : -1]
#endif

/* The layout is part of the contract: the same on the PE and the host. */
SPNC_ABI_STATIC_ASSERT(sizeof(spnc_program_header) == 40, header_size);
SPNC_ABI_STATIC_ASSERT(sizeof(spnc_producer) == 16, producer_size);
SPNC_ABI_STATIC_ASSERT(sizeof(spnc_io_buffer) == 20, io_buffer_size);
SPNC_ABI_STATIC_ASSERT(sizeof(spnc_event) == 12, event_size);
SPNC_ABI_STATIC_ASSERT(sizeof(spnc_program_desc) == 56, desc_size);
SPNC_ABI_STATIC_ASSERT(SPNC_CODE_BASE + SPNC_CODE_BYTES == SPNC_DATA_BASE,
                       code_then_data);
SPNC_ABI_STATIC_ASSERT(SPNC_DATA_BASE + SPNC_DATA_BYTES ==
                           SPNC_SRAM_BASE + SPNC_SRAM_BYTES,
                       data_ends_sram);
SPNC_ABI_STATIC_ASSERT(SPNC_STACK_TOP == SPNC_SRAM_BASE + SPNC_SRAM_BYTES,
                       stack_at_top);
SPNC_ABI_STATIC_ASSERT(SPNC_PROGRAM_HEADER_ADDR ==
                           SPNC_VECTOR_TABLE_ADDR + SPNC_VECTOR_TABLE_BYTES,
                       header_after_vectors);
SPNC_ABI_STATIC_ASSERT(SPNC_STACK_DEFAULT_BYTES % SPNC_PROTECTION_GRANULE == 0,
                       stack_granule);

#endif /* !SPNC_ABI_LINKER_SCRIPT && !__ASSEMBLER__ */

#endif /* SPINNAKER2_ABI_H */
