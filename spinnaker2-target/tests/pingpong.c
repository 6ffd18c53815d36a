/* Ping-pong over routing tables (two PEs, built twice: -DROLE_A / -DROLE_B).
 *
 * A (source 1) consumes B's events one step late (delay 1, recurrence); B
 * (source 2) consumes A's in the same step (delay 0):
 *   A, step 0: x = input (once);  step t > 0: x = y(t-1) + 1;  send x
 *   B, step t: y = 2 * x(t);  send y
 * Each writes its value of every step to output tensor 0 (A) / 1 (B). */
#include "spnc_pe.h"

#if defined(ROLE_A)
#define SOURCE 1
#define PEER 2
#define DELAY 1
#elif defined(ROLE_B)
#define SOURCE 2
#define PEER 1
#define DELAY 0
#else
#error "build with -DROLE_A or -DROLE_B"
#endif

static spnc_producer producers[1] = {{PEER, DELAY, 0, 0}};
static spnc_event event_buffer[8];
static uint16_t event_order[8];
#if defined(ROLE_A)
static SPNC_IO float initial; /* input, once */
#endif
static float value;   /* output, per step */
static float received;
static uint32_t events_this_step;

#if defined(ROLE_A)
static const spnc_io_buffer inputs[1] = {
    {0, 0, sizeof(float), (uint32_t)(uintptr_t)&initial, SPNC_IO_ONCE}};
#endif
static const spnc_io_buffer outputs[1] = {
#if defined(ROLE_A)
    {0, 0, sizeof(float), (uint32_t)(uintptr_t)&value, SPNC_IO_PER_STEP}};
#else
    {1, 0, sizeof(float), (uint32_t)(uintptr_t)&value, SPNC_IO_PER_STEP}};
#endif

const spnc_program_desc spnc_program = {
    sizeof(spnc_program_desc),
    SOURCE,
    SPNC_PROGRAM_SEND_EOS,
    1,
    (uint32_t)(uintptr_t)producers,
#if defined(ROLE_A)
    1,
    (uint32_t)(uintptr_t)inputs,
#else
    0,
    0,
#endif
    1,
    (uint32_t)(uintptr_t)outputs,
    (uint32_t)(uintptr_t)&value,
    sizeof(value),
    (uint32_t)(uintptr_t)event_buffer,
    (uint32_t)(uintptr_t)event_order,
    8,
};

void spnc_step_begin(uint32_t step) {
  (void)step;
  events_this_step = 0;
}

void spnc_on_event(uint32_t key, uint32_t payload) {
  if (key != SPNC_KEY(PEER, 0))
    spnc_fault(SPNC_FAULT_USER, key);
  received = spnc_bits_float(payload);
  events_this_step++;
}

void spnc_step_update(uint32_t step) {
#if defined(ROLE_A)
  uint32_t expected = step == 0 ? 0 : 1;
  value = step == 0 ? initial : received + 1.0f;
#else
  (void)step;
  uint32_t expected = 1;
  value = 2.0f * received;
#endif
  if (events_this_step != expected)
    spnc_fault(SPNC_FAULT_USER + 1, events_this_step);
  spnc_send_float(spnc_key(0), value);
}
