/* Sends `count` events per step (input 0, once: count; keys 0..count-1 of
 * source 1, payload = index), for the routing tests: drops, chip links,
 * FIFO overflow. A receiver build (-DRECEIVER, source 2) consumes source 1
 * with delay 0 and writes how many events it got per step to output 0. */
#include "spnc_pe.h"

#if defined(RECEIVER)
#define CAPACITY 512
static spnc_producer producers[1] = {{1, 0, 0, 0}};
static spnc_event event_buffer[CAPACITY];
static uint16_t event_order[CAPACITY];
static uint32_t received; /* output 0, per step */
static SPNC_IO uint32_t busy; /* input 0, once: loop rounds per step */
static const spnc_io_buffer inputs[1] = {
    {0, 0, sizeof(busy), (uint32_t)(uintptr_t)&busy, SPNC_IO_ONCE}};
static const spnc_io_buffer outputs[1] = {
    {0, 0, sizeof(received), (uint32_t)(uintptr_t)&received, SPNC_IO_PER_STEP}};
const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 2, 0, 1, (uint32_t)(uintptr_t)producers, 1,
    (uint32_t)(uintptr_t)inputs, 1, (uint32_t)(uintptr_t)outputs, 0, 0,
    (uint32_t)(uintptr_t)event_buffer, (uint32_t)(uintptr_t)event_order,
    CAPACITY};
void spnc_step_begin(uint32_t step) {
  (void)step;
  received = 0;
}
void spnc_on_event(uint32_t key, uint32_t payload) {
  if (SPNC_KEY_INDEX(key) != payload)
    spnc_fault(SPNC_FAULT_USER, key);
  received++;
}
void spnc_step_update(uint32_t step) {
  (void)step;
  /* Burn time without polling, so packets queue up in the FIFO. */
  for (volatile uint32_t i = 0; i < busy; ++i) {
  }
}
#else
static SPNC_IO uint32_t count; /* input 0, once */
static const spnc_io_buffer inputs[1] = {
    {0, 0, sizeof(count), (uint32_t)(uintptr_t)&count, SPNC_IO_ONCE}};
const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 1, SPNC_PROGRAM_SEND_EOS, 0, 0, 1,
    (uint32_t)(uintptr_t)inputs, 0, 0, 0, 0, 0, 0, 0};
void spnc_step_update(uint32_t step) {
  (void)step;
  for (uint32_t i = 0; i < count; ++i)
    spnc_send_payload(spnc_key(i), i);
}
#endif
