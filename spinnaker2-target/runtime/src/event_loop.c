/*===- event_loop.c - The step protocol of a PE ------------------*- C -*-===*
 *
 * for t in 0 .. NUM_STEPS-1:
 *   wait until STEP_GATE > t                       (host window)
 *   wait until, for every producer p with t >= delay(p), the end-of-step
 *     signal of p's step t - delay(p) has arrived  (draining the FIFO into
 *     the event buffer meanwhile, tagging each event with its producer's
 *     step = the number of EOS signals received from it so far)
 *   spnc_step_begin(t)
 *   spnc_on_event(...) for the events of producer steps t - delay(p), in
 *     ascending key order, ties in arrival order
 *   spnc_step_update(t)
 *   send EOS (key SPNC_EOS_KEY(source), payload t) if the PE has consumers
 *   STEP_DONE = t
 * HALT = 0
 *
 * Nothing here depends on when packets arrive, only on which packets and in
 * which order per producer (the NoC delivers the packets of one source to
 * one destination in order), so the results are the same for any timing.
 *
 *===----------------------------------------------------------------------===*/
#include "spnc_pe.h"

static spnc_producer *producers;
static uint32_t num_producers;
static spnc_event *events;
static uint16_t *order;
static uint32_t capacity;
static uint32_t buffered;
static uint32_t current_step;

void spnc_fault(uint32_t code, uint32_t info) {
  SPNC_MMIO(SPNC_REG_FAULT_INFO) = info;
  SPNC_MMIO(SPNC_REG_FAULT) = code;
  for (;;) {
  }
}

uint32_t spnc_current_step(void) { return current_step; }

__attribute__((weak)) void spnc_init(void) {}
__attribute__((weak)) void spnc_step_begin(uint32_t step) { (void)step; }
__attribute__((weak)) void spnc_on_event(uint32_t key, uint32_t payload) {
  (void)payload;
  spnc_fault(SPNC_FAULT_UNEXPECTED_EVENT, key);
}

/* Index of the producer with source id `source`, or -1 (binary search: the
 * array is sorted). */
static int find_producer(uint32_t source) {
  uint32_t low = 0, high = num_producers;
  while (low < high) {
    uint32_t mid = (low + high) / 2;
    uint32_t value = producers[mid].source;
    if (value == source)
      return (int)mid;
    if (value < source)
      low = mid + 1;
    else
      high = mid;
  }
  return -1;
}

void spnc_poll(void) {
  while (SPNC_MMIO(SPNC_REG_RX_COUNT) != 0) {
    uint32_t key = SPNC_MMIO(SPNC_REG_RX_KEY);
    uint32_t payload = SPNC_MMIO(SPNC_REG_RX_PAYLOAD);
    SPNC_MMIO(SPNC_REG_RX_POP) = 1;
    int index = find_producer(SPNC_KEY_SOURCE(key));
    if (index < 0)
      spnc_fault(SPNC_FAULT_UNKNOWN_SOURCE, key);
    spnc_producer *producer = &producers[index];
    if (SPNC_KEY_INDEX(key) == SPNC_INDEX_EOS) {
      if (payload != producer->eos_received)
        spnc_fault(SPNC_FAULT_EOS_ORDER, key);
      producer->eos_received++;
      continue;
    }
    if (buffered == capacity)
      spnc_fault(SPNC_FAULT_EVENT_OVERFLOW, key);
    spnc_event *event = &events[buffered++];
    event->key = key;
    event->payload = payload;
    event->producer = (uint16_t)index;
    event->step = (uint16_t)producer->eos_received;
  }
}

/* Whether event `e` belongs to step t: its producer's step is t - delay. */
static int due(const spnc_event *e, uint32_t t) {
  uint32_t delay = producers[e->producer].delay;
  return t >= delay && e->step == (uint16_t)(t - delay);
}

/* The first producer whose EOS for step t is still missing, or -1. */
static int missing_producer(uint32_t t) {
  for (uint32_t p = 0; p < num_producers; ++p) {
    uint32_t delay = producers[p].delay;
    if (t >= delay && producers[p].eos_received <= t - delay)
      return (int)p;
  }
  return -1;
}

/* Dispatches the events of step t in canonical order and removes them. */
static void dispatch(uint32_t t) {
  /* Counting sort by producer (producers are sorted by source id, so this
   * sorts by the key's source field), stable in arrival order. */
  for (uint32_t p = 0; p < num_producers; ++p)
    producers[p].scratch = 0;
  uint32_t due_count = 0;
  for (uint32_t i = 0; i < buffered; ++i)
    if (due(&events[i], t)) {
      producers[events[i].producer].scratch++;
      due_count++;
    }
  if (due_count == 0)
    return;
  uint32_t offset = 0;
  for (uint32_t p = 0; p < num_producers; ++p) {
    uint32_t count = producers[p].scratch;
    producers[p].scratch = offset;
    offset += count;
  }
  for (uint32_t i = 0; i < buffered; ++i)
    if (due(&events[i], t))
      order[producers[events[i].producer].scratch++] = (uint16_t)i;
  /* Within each producer: insertion sort by key, stable, linear when the
   * producer sent its events in ascending key order. Keys of different
   * producers never compare equal, so sorting the whole list once is the
   * same as sorting each group. */
  for (uint32_t i = 1; i < due_count; ++i) {
    uint16_t item = order[i];
    uint32_t key = events[item].key;
    uint32_t j = i;
    while (j > 0 && events[order[j - 1]].key > key) {
      order[j] = order[j - 1];
      --j;
    }
    order[j] = item;
  }
  for (uint32_t i = 0; i < due_count; ++i)
    spnc_on_event(events[order[i]].key, events[order[i]].payload);
  /* Keep the events of later steps, in arrival order. */
  uint32_t kept = 0;
  for (uint32_t i = 0; i < buffered; ++i)
    if (!due(&events[i], t))
      events[kept++] = events[i];
  buffered = kept;
}

static void check_program(void) {
  const spnc_program_desc *program = &spnc_program;
  if (SPNC_MMIO(SPNC_REG_ABI_VERSION) != SPNC_ABI_VERSION)
    spnc_fault(SPNC_FAULT_BAD_HEADER, 1);
  if (program->desc_bytes != sizeof(spnc_program_desc))
    spnc_fault(SPNC_FAULT_BAD_HEADER, 2);
  if (program->event_capacity > 0xFFFF ||
      (program->num_producers > 0 && program->event_capacity == 0))
    spnc_fault(SPNC_FAULT_BAD_HEADER, 3);
  if (program->num_producers > 0xFFFF)
    spnc_fault(SPNC_FAULT_BAD_HEADER, 4);
  for (uint32_t p = 1; p < program->num_producers; ++p)
    if (producers[p - 1].source >= producers[p].source)
      spnc_fault(SPNC_FAULT_BAD_HEADER, 5);
}

void spnc_runtime_main(void) {
  const spnc_program_desc *program = &spnc_program;
  producers = (spnc_producer *)(uintptr_t)program->producers;
  num_producers = program->num_producers;
  events = (spnc_event *)(uintptr_t)program->event_buffer;
  order = (uint16_t *)(uintptr_t)program->event_order;
  capacity = program->event_capacity;
  buffered = 0;
  spnc_phase(SPNC_PHASE_INIT);
  check_program();
  for (uint32_t p = 0; p < num_producers; ++p)
    producers[p].eos_received = 0;
  spnc_init();

  uint32_t steps = SPNC_MMIO(SPNC_REG_NUM_STEPS);
  uint32_t eos_key = SPNC_EOS_KEY(program->source_id);
  for (uint32_t t = 0; t < steps; ++t) {
    current_step = t;
    spnc_phase(SPNC_PHASE_WAIT_GATE);
    for (;;) {
      spnc_poll();
      if (SPNC_MMIO(SPNC_REG_STEP_GATE) > t)
        break;
      SPNC_MMIO(SPNC_REG_WAIT_GATE) = t;
    }
    spnc_phase(SPNC_PHASE_RECEIVE);
    for (;;) {
      spnc_poll();
      int missing = missing_producer(t);
      if (missing < 0)
        break;
      SPNC_MMIO(SPNC_REG_WAIT_RX) = SPNC_WAIT_EOS | producers[missing].source;
    }
    spnc_phase(SPNC_PHASE_DISPATCH);
    spnc_step_begin(t);
    dispatch(t);
    spnc_phase(SPNC_PHASE_UPDATE);
    spnc_step_update(t);
    spnc_phase(SPNC_PHASE_SEND_EOS);
    if (program->flags & SPNC_PROGRAM_SEND_EOS)
      spnc_send_payload(eos_key, t);
    SPNC_MMIO(SPNC_REG_STEP_DONE) = t;
  }
  SPNC_MMIO(SPNC_REG_HALT) = 0;
  for (;;) {
  }
}
