/*===- simulator.h - The SpiNNaker 2 simulator's C API -----------*- C -*-===*
 *
 * Simulates SpiNNaker 2 PEs running linked PE images (ELF32, built against
 * spinnaker2/abi.h): each PE is an emulated Cortex-M4F with its SRAM and
 * communication registers, packets travel through multicast routing tables
 * over the QPE mesh and chip links, and a discrete-event scheduler keeps
 * everything deterministic. Cycle, time and energy models follow the target
 * description. docs/Simulator.md describes the models.
 *
 * Usage: create, load one image per PE, add routes, set inputs, run, read
 * outputs and statistics. Functions returning int return SPNC_SIM_OK or an
 * spnc_sim_status; spnc_sim_error() then explains.
 *
 *===----------------------------------------------------------------------===*/
#ifndef SPNC_RUNTIME_SIMULATOR_H
#define SPNC_RUNTIME_SIMULATOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct spnc_sim spnc_sim;

typedef enum spnc_sim_status {
  SPNC_SIM_OK = 0,
  SPNC_SIM_ERROR = 1,    /* bad argument, unreadable or invalid image, ... */
  SPNC_SIM_FAULT = 2,    /* a PE faulted: spnc_sim_get_fault() */
  SPNC_SIM_DEADLOCK = 3, /* PEs wait for packets no one will send */
  SPNC_SIM_DROPPED = 4,  /* packets were dropped */
  SPNC_SIM_EXIT_CODE = 5 /* a PE halted with a non-zero exit code */
} spnc_sim_status;

typedef enum spnc_sim_fault_kind {
  SPNC_SIM_FAULT_NONE = 0,
  SPNC_SIM_FAULT_INVALID_ACCESS,  /* read/write/fetch outside mapped memory */
  SPNC_SIM_FAULT_WRITE_TO_CODE,   /* write to the read-only code region */
  SPNC_SIM_FAULT_EXECUTE_DATA,    /* instruction fetch from the data region */
  SPNC_SIM_FAULT_STACK_OVERFLOW,  /* access to the guard below the stack */
  SPNC_SIM_FAULT_UNDEFINED_INSTRUCTION,
  SPNC_SIM_FAULT_FPU_DISABLED,    /* FP instruction before CPACR enabled it */
  SPNC_SIM_FAULT_EXCEPTION,       /* SVC, BKPT, WFI or another exception */
  SPNC_SIM_FAULT_STEP_BUDGET,     /* a step ran more instructions than allowed */
  SPNC_SIM_FAULT_RUNTIME,         /* the PE wrote SPNC_REG_FAULT */
  SPNC_SIM_FAULT_REGISTER,        /* invalid communication-register access */
  SPNC_SIM_FAULT_PROTOCOL         /* key of another source, step order, ... */
} spnc_sim_fault_kind;

/* A PE: the chip's coordinates on the board (0, 0 for a single chip) and
 * the PE's name "qx.qy.qp". */
typedef struct spnc_sim_pe {
  int32_t chip_x, chip_y;
  int32_t qx, qy, qp;
} spnc_sim_pe;

typedef struct spnc_sim_options {
  const char *target_description; /* NULL: the installed description */
  const char *system;              /* NULL: "chip"; or "board48" */
  /* Steps in flight: a PE may start step t once all PEs finished step
   * t - steps_in_flight (bounds event buffering). >= 1; default 2. */
  uint32_t steps_in_flight;
  /* Instructions one PE may execute in one step; default 50 million. */
  uint64_t step_instruction_budget;
  /* Scheduling quantum in instructions; default 1000. */
  uint32_t quantum_instructions;
  /* Receive FIFO depth per PE (packets); default 4096. */
  uint32_t rx_fifo_depth;
  /* 0: the plain schedule. Otherwise perturbs the schedule (start offsets,
   * quantum lengths, extra packet latency keeping per-path order) to show
   * that results do not depend on timing. */
  uint64_t schedule_seed;
  int record_packets; /* keep a log of every delivered packet */
  int record_trace;   /* keep per-PE activity for spnc_sim_write_trace */
  /* 1: account cycles in a hook on every instruction, the reference for
   * the default block-level accounting, which gives identical results
   * faster (docs/Simulator.md, "Speed"). */
  int per_instruction_hooks;
} spnc_sim_options;

void spnc_sim_default_options(spnc_sim_options *options);

/* NULL on failure, with a message in `error` (if not NULL). */
spnc_sim *spnc_sim_create(const spnc_sim_options *options, char *error,
                          size_t error_size);
void spnc_sim_destroy(spnc_sim *sim);

/* The message of the last failure (empty if none). */
const char *spnc_sim_error(const spnc_sim *sim);

/* Parses "qx.qy.qp" (chip 0, 0) or "cx,cy:qx.qy.qp". Returns 0 on success. */
int spnc_sim_parse_pe(const char *text, spnc_sim_pe *pe);

/* Loads and validates a linked image for a PE. */
int spnc_sim_load_elf(spnc_sim *sim, spnc_sim_pe pe, const char *path);
/* The same for an image held in memory (`bytes` bytes at `data`, copied);
 * `name` stands for the file in messages (e.g. "model.s2pkg, PE 3"). */
int spnc_sim_load_elf_memory(spnc_sim *sim, spnc_sim_pe pe, const void *data,
                             size_t bytes, const char *name);
/* Runs the PE at a DVFS level of the description ("PL1".."PL4"). */
int spnc_sim_set_dvfs_level(spnc_sim *sim, spnc_sim_pe pe, const char *level);

/* Appends a multicast routing entry to chip (chip_x, chip_y): a packet whose
 * key matches (key & mask == entry key & mask; first match wins) goes to the
 * listed PEs of that chip and out of the chip links in link_mask (bit i =
 * link i: E, NE, N, W, SW, S). */
int spnc_sim_add_route(spnc_sim *sim, int32_t chip_x, int32_t chip_y,
                       uint32_t key, uint32_t mask, const spnc_sim_pe *pes,
                       size_t num_pes, uint32_t link_mask);

/* Host data for input tensor `tensor`: `steps` steps of `bytes_per_step`
 * bytes (copied). SPNC_IO_ONCE buffers read step 0. */
int spnc_sim_set_input(spnc_sim *sim, uint32_t tensor, const void *data,
                       size_t bytes_per_step, uint32_t steps);

/* Resets every PE, runs `num_steps` steps until all PEs halt. */
int spnc_sim_run(spnc_sim *sim, uint32_t num_steps);

/* Called from spnc_sim_run each time every PE has finished one more step
 * (steps_done of num_steps), e.g. to show progress. NULL: no callback. */
typedef void (*spnc_sim_progress_fn)(void *user, uint32_t steps_done,
                                     uint32_t num_steps);
void spnc_sim_set_progress(spnc_sim *sim, spnc_sim_progress_fn callback,
                           void *user);

/* After a run: bytes per step of output tensor `tensor` (0 if unknown), and
 * the bytes of one step (SPNC_IO_ONCE outputs: step 0). */
size_t spnc_sim_output_bytes(const spnc_sim *sim, uint32_t tensor);
int spnc_sim_get_output(const spnc_sim *sim, uint32_t tensor, uint32_t step,
                        void *data, size_t bytes);

/* A PE's SRAM after a run, and its symbols (from the image). */
int spnc_sim_read_memory(const spnc_sim *sim, spnc_sim_pe pe, uint32_t address,
                         void *data, size_t bytes);
int spnc_sim_lookup_symbol(const spnc_sim *sim, spnc_sim_pe pe,
                           const char *name, uint32_t *address,
                           uint32_t *size);
/* What the PE wrote to SPNC_REG_CONSOLE (NUL-terminated; "" if none). */
const char *spnc_sim_console(const spnc_sim *sim, spnc_sim_pe pe);

typedef struct spnc_sim_fault {
  spnc_sim_fault_kind kind;
  spnc_sim_pe pe;
  uint32_t pc;      /* the faulting instruction */
  uint32_t step;    /* the step the PE was computing */
  uint32_t address; /* data address involved, if any */
  uint32_t code;    /* SPNC_FAULT_* for RUNTIME faults */
  uint32_t info;    /* FAULT_INFO for RUNTIME faults */
} spnc_sim_fault;

/* The fault that stopped the last run; kind NONE if none. */
void spnc_sim_get_fault(const spnc_sim *sim, spnc_sim_fault *fault);

typedef struct spnc_sim_step_stats {
  uint64_t end_ps;      /* when the last PE finished the step */
  uint64_t duration_ps; /* end of this step - end of the previous one */
  uint64_t instructions;
  uint64_t cycles; /* active cycles, summed over PEs */
  uint64_t packets_sent;
  uint64_t hops; /* mesh links + chip links traversed */
  uint64_t packets_delivered; /* into receive FIFOs, end-of-step included */
  uint64_t events_delivered;  /* deliveries of non-EOS packets */
  uint64_t packets_dropped;
  double energy_j;
} spnc_sim_step_stats;

typedef struct spnc_sim_pe_stats {
  uint64_t instructions;
  uint64_t cycles;    /* active cycles */
  uint64_t active_ps; /* time executing */
  uint64_t asleep_ps; /* time waiting, until the end of the run */
  uint64_t packets_sent;
  uint64_t packets_received;
  uint32_t steps_done;
  uint32_t exit_code;
  uint32_t halted;
  double energy_j;
} spnc_sim_pe_stats;

typedef struct spnc_sim_totals {
  uint64_t time_ps; /* when the last PE halted */
  uint64_t instructions;
  uint64_t cycles;
  uint64_t packets_sent;
  uint64_t hops;
  uint64_t packets_delivered;
  uint64_t events_delivered;
  uint64_t packets_dropped;
  uint64_t packets_left; /* delivered but never read (e.g. a delay-1 last step) */
  uint32_t steps;
  uint32_t pes;
  double energy_j;
  double energy_static_j; /* chips' static power */
  double energy_sleep_j;  /* powered PEs' sleep power */
  double energy_active_j; /* PEs' power above sleep while executing */
  double energy_network_j;
} spnc_sim_totals;

void spnc_sim_get_totals(const spnc_sim *sim, spnc_sim_totals *totals);
int spnc_sim_get_step_stats(const spnc_sim *sim, uint32_t step,
                            spnc_sim_step_stats *stats);
int spnc_sim_get_pe_stats(const spnc_sim *sim, spnc_sim_pe pe,
                          spnc_sim_pe_stats *stats);
/* Every statistic of the last run (totals, steps, PEs) as JSON. Identical
 * runs give identical text. */
const char *spnc_sim_stats_json(spnc_sim *sim);
/* Host time the last run took (not part of the statistics). */
double spnc_sim_host_seconds(const spnc_sim *sim);

typedef struct spnc_sim_packet_record {
  spnc_sim_pe source, destination;
  uint32_t key, payload, has_payload;
  uint32_t hops;     /* links on the path to this destination */
  uint64_t sent_ps, arrival_ps;
  uint32_t source_step; /* the sender's step */
} spnc_sim_packet_record;

/* With options.record_packets: the deliveries of the last run, in the order
 * they entered receive FIFOs. */
size_t spnc_sim_num_packet_records(const spnc_sim *sim);
int spnc_sim_get_packet_record(const spnc_sim *sim, size_t index,
                               spnc_sim_packet_record *record);

/* With options.record_trace: per-PE activity of the last run as a Chrome
 * trace (chrome://tracing, Perfetto). */
int spnc_sim_write_trace(spnc_sim *sim, const char *path);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SPNC_RUNTIME_SIMULATOR_H */
