/*===- spnc_pe.h - Generated PE code <-> per-core runtime -------*- C -*-===*
 *
 * The link-level interface between the code spnc generates for one PE and
 * the per-core runtime (libspnc_pe.a). The runtime owns start-up, the event
 * loop, the step protocol and the packet interface; generated code owns the
 * model: it defines `spnc_program` and the hooks below, and calls the
 * services below. docs/BinaryContract.md describes the protocol.
 *
 * C99, freestanding. Compiled for thumbv7em-none-eabihf (Cortex-M4F).
 *
 *===----------------------------------------------------------------------===*/
#ifndef SPNC_PE_H
#define SPNC_PE_H

#include "spinnaker2/abi.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*------------------------------------------------------------------------
 * Provided by generated code.
 *----------------------------------------------------------------------*/

/* The program descriptor (required). The runtime's program header points at
 * it; the loader reads it. */
extern const spnc_program_desc spnc_program;

/* Called once after start-up, before step 0 (optional; default: nothing). */
void spnc_init(void);

/* Called at the start of step `step`, before its events (optional; default:
 * nothing). */
void spnc_step_begin(uint32_t step);

/* Called once per event consumed in the current step, in canonical order:
 * ascending key, ties in arrival order. `payload` is 0 for packets without
 * one. (Optional: the default faults with SPNC_FAULT_UNEXPECTED_EVENT.) */
void spnc_on_event(uint32_t key, uint32_t payload);

/* Called after the step's events: update the units, send their events with
 * spnc_send*, write outputs (required). */
void spnc_step_update(uint32_t step);

/*------------------------------------------------------------------------
 * Provided by the runtime.
 *----------------------------------------------------------------------*/

/* Places a host-written buffer (an input) where the reset handler does not
 * initialise it: the host writes inputs before the PE starts. */
#define SPNC_IO __attribute__((section(".spnc.io")))

/* Places a large read-only table (weights) in the data region, loaded in
 * place, instead of the 32 KiB code region. */
#define SPNC_CONST __attribute__((section(".spnc.const")))

#define SPNC_MMIO(offset) (*(volatile uint32_t *)(SPNC_MMIO_BASE + (offset)))

/* This PE's key for event `index` (index < SPNC_INDEX_RESERVED_FIRST). */
static inline uint32_t spnc_key(uint32_t index) {
  return SPNC_KEY(spnc_program.source_id, index);
}

/* Sends a multicast packet without payload. */
static inline void spnc_send(uint32_t key) { SPNC_MMIO(SPNC_REG_TX_KEY) = key; }

/* Sends a multicast packet with a 32-bit payload. */
static inline void spnc_send_payload(uint32_t key, uint32_t payload) {
  SPNC_MMIO(SPNC_REG_TX_PAYLOAD) = payload;
  SPNC_MMIO(SPNC_REG_TX_KEY_PAYLOAD) = key;
}

static inline uint32_t spnc_float_bits(float value) {
  union {
    float f;
    uint32_t u;
  } bits;
  bits.f = value;
  return bits.u;
}

static inline float spnc_bits_float(uint32_t value) {
  union {
    float f;
    uint32_t u;
  } bits;
  bits.u = value;
  return bits.f;
}

static inline void spnc_send_float(uint32_t key, float value) {
  spnc_send_payload(key, spnc_float_bits(value));
}

/* The PE's clock since reset. */
static inline uint64_t spnc_cycles(void) {
  uint32_t lo = SPNC_MMIO(SPNC_REG_CYCLES_LO);
  uint32_t hi = SPNC_MMIO(SPNC_REG_CYCLES_HI);
  return ((uint64_t)hi << 32) | lo;
}

static inline void spnc_phase(uint32_t phase) {
  SPNC_MMIO(SPNC_REG_PHASE) = phase;
}

/* The step being computed (valid inside the step hooks). */
uint32_t spnc_current_step(void);

/* Moves received packets from the FIFO into the event buffer. The loop does
 * this between phases; a long spnc_step_update may call it to keep the FIFO
 * from filling up. */
void spnc_poll(void);

/* Stops the PE with a fault report (code >= SPNC_FAULT_USER for generated
 * code's own checks). */
void spnc_fault(uint32_t code, uint32_t info) __attribute__((noreturn));

/* Console output, for debugging. */
void spnc_putc(char c);
void spnc_puts(const char *text);
void spnc_put_hex(uint32_t value);

/* The only libc the runtime provides. */
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
void *memset(void *dest, int value, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SPNC_PE_H */
