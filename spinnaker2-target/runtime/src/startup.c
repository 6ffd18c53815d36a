/*===- startup.c - Reset, vector table and program header --------*- C -*-===*
 *
 * Reset: the core loads SP from vector 0 and jumps to vector 1
 * (spnc_reset), which copies .data from its load image in the code region,
 * zeroes .bss, enables the FPU through CPACR and enters the event loop.
 *
 *===----------------------------------------------------------------------===*/
#include "spnc_pe.h"

/* Linker-script symbols (spnc_pe.ld). */
extern uint32_t __spnc_data_start[], __spnc_data_end[], __spnc_data_load[];
extern uint32_t __spnc_bss_start[], __spnc_bss_end[];
extern uint32_t __spnc_stack_top[], __spnc_stack_limit[], __spnc_image_end[];

void spnc_reset(void) __attribute__((noreturn));
void spnc_runtime_main(void) __attribute__((noreturn));
void spnc_exception(void) __attribute__((noreturn));

/* Every exception but reset is a fault: nothing in the contract enables
 * interrupts, so reaching a handler means the program went wrong. */
void spnc_exception(void) {
  uint32_t ipsr;
  __asm__ volatile("mrs %0, ipsr" : "=r"(ipsr));
  spnc_fault(SPNC_FAULT_EXCEPTION, ipsr & 0x1FF);
}

typedef void (*spnc_vector)(void);

__attribute__((section(".spnc.vectors"), used)) const spnc_vector
    spnc_vector_table[16] = {
        (spnc_vector)(uintptr_t)__spnc_stack_top, /* initial SP */
        spnc_reset,                               /* reset */
        spnc_exception,                           /* NMI */
        spnc_exception,                           /* HardFault */
        spnc_exception,                           /* MemManage */
        spnc_exception,                           /* BusFault */
        spnc_exception,                           /* UsageFault */
        0,
        0,
        0,
        0,
        spnc_exception, /* SVCall */
        spnc_exception, /* DebugMonitor */
        0,
        spnc_exception, /* PendSV */
        spnc_exception, /* SysTick */
};

__attribute__((section(".spnc.header"), used)) const spnc_program_header
    spnc_header = {
        SPNC_HEADER_MAGIC,
        SPNC_ABI_VERSION,
        sizeof(spnc_program_header),
        (uint32_t)(uintptr_t)spnc_reset,
        (uint32_t)(uintptr_t)__spnc_stack_limit,
        (uint32_t)(uintptr_t)__spnc_stack_top,
        (uint32_t)(uintptr_t)__spnc_image_end,
        (uint32_t)(uintptr_t)&spnc_program,
        (uint32_t)(uintptr_t)__spnc_data_start,
        (uint32_t)(uintptr_t)__spnc_bss_end,
};

void spnc_reset(void) {
  /* Plain loops, no FPU, no calls: nothing is initialised yet. */
  uint32_t *src = __spnc_data_load;
  for (uint32_t *dst = __spnc_data_start; dst < __spnc_data_end;)
    *dst++ = *src++;
  for (uint32_t *dst = __spnc_bss_start; dst < __spnc_bss_end;)
    *dst++ = 0;
  *(volatile uint32_t *)SPNC_SCS_CPACR |= SPNC_CPACR_FPU_ENABLE;
  __asm__ volatile("dsb\n\tisb" ::: "memory");
  spnc_runtime_main();
}
