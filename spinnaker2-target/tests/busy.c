/* A busy loop for measuring the simulator's speed: `iterations` (input 0,
 * once) rounds of three instructions in step 0. Output 0: the iterations
 * done, as a check that the loop ran. */
#include "spnc_pe.h"

static SPNC_IO uint32_t iterations; /* input 0, once */
/* A table loaded in place in the data region (as weights are). */
SPNC_CONST const uint32_t busy_scale[2] = {1, 2};
static uint32_t done;       /* output 0, once */
static const spnc_io_buffer inputs[1] = {
    {0, 0, sizeof(iterations), (uint32_t)(uintptr_t)&iterations, SPNC_IO_ONCE}};
static const spnc_io_buffer outputs[1] = {
    {0, 0, sizeof(done), (uint32_t)(uintptr_t)&done, SPNC_IO_ONCE}};

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 1, 0, 0, 0, 1, (uint32_t)(uintptr_t)inputs, 1,
    (uint32_t)(uintptr_t)outputs, 0, 0, 0, 0, 0};

void spnc_step_update(uint32_t step) {
  if (step != 0)
    return;
  uint32_t n = iterations, x = 0;
  __asm__ volatile("1:\n\t"
                   "adds %[x], %[x], #1\n\t"
                   "subs %[n], %[n], #1\n\t"
                   "bne 1b"
                   : [x] "+l"(x), [n] "+l"(n)
                   :
                   : "cc");
  done = x * *(const volatile uint32_t *)&busy_scale[0];
}
