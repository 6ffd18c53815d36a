/* Accumulate: three producers (-DPRODUCER=1..3, source = PRODUCER) send 8
 * float events per step, taken from their slice of input tensor 0; the
 * consumer (-DCONSUMER, source 9) sums the events of each step in the order
 * the runtime hands them over and writes the sum to output tensor 0. The
 * values are chosen by the test so that float addition is order-sensitive:
 * the sum is bit-identical across schedules only if the order is canonical.
 * The consumer also writes the keys in the order it saw them (output 1). */
#include "spnc_pe.h"

#define EVENTS 8

#if defined(PRODUCER)
static SPNC_IO float values[EVENTS]; /* input 0, per step */
static const spnc_io_buffer inputs[1] = {
    {0, (PRODUCER - 1) * sizeof(values), sizeof(values),
     (uint32_t)(uintptr_t)values, SPNC_IO_PER_STEP}};

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), PRODUCER, SPNC_PROGRAM_SEND_EOS, 0, 0, 1,
    (uint32_t)(uintptr_t)inputs, 0, 0, 0, 0, 0, 0, 0};

void spnc_step_update(uint32_t step) {
  (void)step;
  /* Odd producers send their events in descending index order: the
   * runtime still hands them over in ascending key order. */
  for (uint32_t i = 0; i < EVENTS; ++i) {
    uint32_t index = (PRODUCER & 1) ? EVENTS - 1 - i : i;
    spnc_send_float(spnc_key(index), values[index]);
  }
}

#elif defined(CONSUMER)
#define CAPACITY 256
static spnc_producer producers[3] = {
    {1, 0, 0, 0}, {2, 0, 0, 0}, {3, 0, 0, 0}};
static spnc_event event_buffer[CAPACITY];
static uint16_t event_order[CAPACITY];
static float sum;                 /* output 0, per step */
static uint32_t seen[3 * EVENTS]; /* output 1, per step */
static uint32_t count;

static const spnc_io_buffer outputs[2] = {
    {0, 0, sizeof(sum), (uint32_t)(uintptr_t)&sum, SPNC_IO_PER_STEP},
    {1, 0, sizeof(seen), (uint32_t)(uintptr_t)seen, SPNC_IO_PER_STEP}};

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc), 9, 0, 3, (uint32_t)(uintptr_t)producers, 0, 0,
    2, (uint32_t)(uintptr_t)outputs, (uint32_t)(uintptr_t)&sum, sizeof(sum),
    (uint32_t)(uintptr_t)event_buffer, (uint32_t)(uintptr_t)event_order,
    CAPACITY};

void spnc_step_begin(uint32_t step) {
  (void)step;
  sum = 0.0f;
  count = 0;
}

void spnc_on_event(uint32_t key, uint32_t payload) {
  if (count == 3 * EVENTS)
    spnc_fault(SPNC_FAULT_USER, key);
  seen[count++] = key;
  sum += spnc_bits_float(payload);
}

void spnc_step_update(uint32_t step) {
  (void)step;
  if (count != 3 * EVENTS)
    spnc_fault(SPNC_FAULT_USER + 1, count);
}
#else
#error "build with -DPRODUCER=n or -DCONSUMER"
#endif
