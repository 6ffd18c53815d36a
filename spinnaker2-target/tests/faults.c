/* One PE that misbehaves on purpose in step 1; the mode (input 0, once)
 * picks how. Each misbehaviour sits in its own function so the test can
 * check the reported PC against the symbol. Mode 0 behaves. */
#include "spnc_pe.h"

static SPNC_IO uint32_t mode; /* input 0, once */
static const spnc_io_buffer inputs[1] = {
    {0, 0, sizeof(mode), (uint32_t)(uintptr_t)&mode, SPNC_IO_ONCE}};

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 1, 0, 0, 0, 1, (uint32_t)(uintptr_t)inputs,
    0, 0, 0, 0, 0, 0, 0};

volatile uint32_t sink;
volatile float fsink = 1.5f;
static uint16_t data_code[4] = {0xbf00, 0xbf00, 0x4770, 0}; /* nop nop bx lr */

#define NOINLINE __attribute__((noinline))

NOINLINE void fault_read_unmapped(void) { sink = *(volatile uint32_t *)0x30000000; }
NOINLINE void fault_undefined(void) { __asm__ volatile(".inst.n 0xde00"); }
NOINLINE uint32_t fault_recurse(uint32_t n) {
  volatile uint32_t frame[64];
  frame[n & 63] = n;
  if (n == 0xFFFFFFFFu) /* never: keeps the compiler from objecting */
    return 0;
  return fault_recurse(n + 1) + frame[(n + 1) & 63];
}
NOINLINE void fault_budget(void) {
  for (;;)
    sink = sink + 1;
}
NOINLINE void fault_write_code(void) { *(volatile uint32_t *)0x200 = 1; }
NOINLINE void fault_user(void) { spnc_fault(SPNC_FAULT_USER + 7, 0x1234); }
NOINLINE void fault_fpu_disabled(void) {
  *(volatile uint32_t *)SPNC_SCS_CPACR = 0;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  fsink = fsink * 3.0f;
}
NOINLINE void fault_exec_data(void) {
  void (*function)(void) = (void (*)(void))((uintptr_t)data_code | 1);
  function();
}
NOINLINE void fault_svc(void) { __asm__ volatile("svc #0"); }
NOINLINE void fault_foreign_key(void) { spnc_send(SPNC_KEY(5, 0)); }
NOINLINE void fault_bad_register(void) { sink = SPNC_MMIO(0x800); }
NOINLINE void fault_rx_empty(void) { sink = SPNC_MMIO(SPNC_REG_RX_KEY); }
NOINLINE void fault_wfi(void) { __asm__ volatile("wfi"); }
NOINLINE void fault_exit_code(void) {
  SPNC_MMIO(SPNC_REG_HALT) = 3;
  for (;;) {
  }
}

void spnc_step_update(uint32_t step) {
  if (step != 1)
    return;
  switch (mode) {
  case 1: fault_read_unmapped(); break;
  case 2: fault_undefined(); break;
  case 3: sink = fault_recurse(0); break;
  case 4: fault_budget(); break;
  case 5: fault_write_code(); break;
  case 6: fault_user(); break;
  case 7: fault_fpu_disabled(); break;
  case 8: fault_exec_data(); break;
  case 9: fault_svc(); break;
  case 10: fault_foreign_key(); break;
  case 11: fault_bad_register(); break;
  case 12: fault_rx_empty(); break;
  case 13: fault_exit_code(); break;
  case 14: fault_wfi(); break;
  default: break;
  }
}
