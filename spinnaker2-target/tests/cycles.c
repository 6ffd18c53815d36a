/* Cycle model probes: each probe reads the cycle counter, runs a known
 * instruction sequence, reads the counter again, and stores the difference
 * in output 0. The test compares them with the table in docs/Simulator.md.
 * Every probe ends with the second counter read (an LDR: 2 cycles). */
#include "spnc_pe.h"

#define PROBES 9
static uint32_t deltas[PROBES]; /* output 0, once */
static uint32_t scratch[4];
static const spnc_io_buffer outputs[1] = {
    {0, 0, sizeof(deltas), (uint32_t)(uintptr_t)deltas, SPNC_IO_ONCE}};

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 1, 0, 0, 0, 0, 0, 1,
    (uint32_t)(uintptr_t)outputs, 0, 0, 0, 0, 0};

#define CYCLES ((volatile uint32_t *)(SPNC_MMIO_BASE + SPNC_REG_CYCLES_LO))

/* Integer loop: adds, subs, bne = 1 + 1 + (1 + P) per taken iteration,
 * P = 1 for a 16-bit branch target. */
static uint32_t integer_loop(uint32_t n) {
  uint32_t t0, t1, x = 0;
  __asm__ volatile(".p2align 2\n\t"
                   "ldr.n %[t0], [%[c]]\n"
                   "1:\n\t"
                   "adds.n %[x], %[x], #1\n\t"
                   "subs.n %[n], %[n], #1\n\t"
                   "bne.n 1b\n\t"
                   "ldr %[t1], [%[c]]"
                   : [t0] "=&l"(t0), [t1] "=&l"(t1), [x] "+l"(x), [n] "+l"(n)
                   : [c] "l"(CYCLES)
                   : "cc", "memory");
  return t1 - t0;
}

/* VFP loop: vadd 1, vmul 1, vfma 3, vdiv 14, vldr 2, subs 1, bne 1 + P;
 * the branch target is a word-aligned 32-bit instruction, so P = 1. A nop
 * (1) before the loop keeps it aligned. */
static uint32_t vfp_loop(uint32_t n) {
  uint32_t t0, t1;
  float *p = (float *)scratch;
  __asm__ volatile("vmov.f32 s8, #1.0\n\t"
                   ".p2align 2\n\t"
                   "ldr.n %[t0], [%[c]]\n\t"
                   "nop.n\n"
                   "1:\n\t"
                   "vadd.f32 s0, s0, s1\n\t"
                   "vmul.f32 s2, s2, s3\n\t"
                   "vfma.f32 s4, s5, s6\n\t"
                   "vdiv.f32 s7, s7, s8\n\t"
                   "vldr s9, [%[p]]\n\t"
                   "subs.n %[n], %[n], #1\n\t"
                   "bne.n 1b\n\t"
                   "ldr %[t1], [%[c]]"
                   : [t0] "=&l"(t0), [t1] "=&l"(t1), [n] "+l"(n)
                   : [c] "l"(CYCLES), [p] "l"(p)
                   : "cc", "memory", "s0", "s1", "s2", "s3", "s4", "s5", "s6",
                     "s7", "s8", "s9");
  return t1 - t0;
}

static uint32_t sdiv_probe(int32_t a, int32_t b) {
  uint32_t t0, t1;
  int32_t q;
  __asm__ volatile("ldr %[t0], [%[c]]\n\t"
                   "sdiv %[q], %[a], %[b]\n\t"
                   "ldr %[t1], [%[c]]"
                   : [t0] "=&l"(t0), [t1] "=&l"(t1), [q] "=&r"(q)
                   : [c] "l"(CYCLES), [a] "r"(a), [b] "r"(b)
                   : "memory");
  scratch[0] = (uint32_t)q;
  return t1 - t0;
}

static uint32_t udiv_probe(uint32_t a, uint32_t b) {
  uint32_t t0, t1, q;
  __asm__ volatile("ldr %[t0], [%[c]]\n\t"
                   "udiv %[q], %[a], %[b]\n\t"
                   "ldr %[t1], [%[c]]"
                   : [t0] "=&l"(t0), [t1] "=&l"(t1), [q] "=&r"(q)
                   : [c] "l"(CYCLES), [a] "r"(a), [b] "r"(b)
                   : "memory");
  scratch[1] = q;
  return t1 - t0;
}

/* Memory: ldr 2, str 2, push {4 regs} 1+4, pop {4 regs} 1+4, mul 1. */
static uint32_t memory_probe(void) {
  uint32_t t0, t1, x;
  __asm__ volatile("ldr %[t0], [%[c]]\n\t"
                   "ldr %[x], [%[p]]\n\t"
                   "str %[x], [%[p], #4]\n\t"
                   "push {r4, r5, r6, r7}\n\t"
                   "pop {r4, r5, r6, r7}\n\t"
                   "mul %[x], %[x], %[x]\n\t"
                   "ldr %[t1], [%[c]]"
                   : [t0] "=&l"(t0), [t1] "=&l"(t1), [x] "=&l"(x)
                   : [c] "l"(CYCLES), [p] "l"(scratch)
                   : "memory");
  return t1 - t0;
}

void spnc_step_update(uint32_t step) {
  if (step != 0)
    return;
  deltas[0] = integer_loop(100);
  deltas[1] = integer_loop(1000);
  deltas[2] = vfp_loop(10);
  deltas[3] = vfp_loop(100);
  deltas[4] = sdiv_probe(0x7FFFFFFF, 1);
  deltas[5] = sdiv_probe(100, 7);
  deltas[6] = sdiv_probe(5, 7);
  deltas[7] = udiv_probe(0xFFFFFFFFu, 0);
  deltas[8] = memory_probe();
}
