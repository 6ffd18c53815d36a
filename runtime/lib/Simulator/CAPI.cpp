//===- CAPI.cpp - spnc-runtime/simulator.h over the C++ simulator ---------===//
#include "Simulator.h"

#include <cstdio>
#include <cstring>

using spnc::sim::Simulator;

struct spnc_sim {
  std::unique_ptr<Simulator> impl;
};

extern "C" {

void spnc_sim_default_options(spnc_sim_options *options) {
  spnc::sim::Options defaults;
  std::memset(options, 0, sizeof *options);
  options->steps_in_flight = defaults.stepsInFlight;
  options->step_instruction_budget = defaults.stepInstructionBudget;
  options->quantum_instructions = defaults.quantum;
  options->rx_fifo_depth = defaults.rxFifoDepth;
}

spnc_sim *spnc_sim_create(const spnc_sim_options *options, char *error,
                          size_t errorSize) {
  spnc_sim_options defaults;
  spnc_sim_default_options(&defaults);
  if (!options)
    options = &defaults;
  spnc::sim::Options o;
  o.description = options->target_description ? options->target_description : "";
  o.system = options->system ? options->system : "chip";
  o.stepsInFlight = options->steps_in_flight;
  o.stepInstructionBudget = options->step_instruction_budget;
  o.quantum = options->quantum_instructions;
  o.rxFifoDepth = options->rx_fifo_depth;
  o.seed = options->schedule_seed;
  o.recordPackets = options->record_packets != 0;
  o.recordTrace = options->record_trace != 0;
  o.instructionHooks = options->per_instruction_hooks != 0;
  std::string message;
  std::unique_ptr<Simulator> impl = Simulator::create(o, message);
  if (!impl) {
    if (error && errorSize)
      std::snprintf(error, errorSize, "%s", message.c_str());
    return nullptr;
  }
  return new spnc_sim{std::move(impl)};
}

void spnc_sim_destroy(spnc_sim *sim) { delete sim; }

const char *spnc_sim_error(const spnc_sim *sim) {
  return sim ? sim->impl->error().c_str() : "no simulator";
}

int spnc_sim_parse_pe(const char *text, spnc_sim_pe *pe) {
  if (!text || !pe)
    return 1;
  spnc_sim_pe result{0, 0, 0, 0, 0};
  int consumed = 0;
  const char *rest = text;
  if (std::strchr(text, ':')) {
    if (std::sscanf(text, "%d,%d:%n", &result.chip_x, &result.chip_y,
                    &consumed) != 2 ||
        consumed == 0)
      return 1;
    rest = text + consumed;
  }
  consumed = 0;
  if (std::sscanf(rest, "%d.%d.%d%n", &result.qx, &result.qy, &result.qp,
                  &consumed) != 3 ||
      rest[consumed] != '\0')
    return 1;
  *pe = result;
  return 0;
}

int spnc_sim_load_elf(spnc_sim *sim, spnc_sim_pe pe, const char *path) {
  return sim->impl->loadElf(pe, path ? path : "");
}

int spnc_sim_load_elf_memory(spnc_sim *sim, spnc_sim_pe pe, const void *data,
                             size_t bytes, const char *name) {
  if (!data && bytes)
    return sim->impl->fail(SPNC_SIM_ERROR, "image data is NULL");
  const uint8_t *begin = static_cast<const uint8_t *>(data);
  return sim->impl->loadElfBytes(pe, std::vector<uint8_t>(begin, begin + bytes),
                                 name ? name : "<memory>");
}

int spnc_sim_set_dvfs_level(spnc_sim *sim, spnc_sim_pe pe, const char *level) {
  return sim->impl->setDVFSLevel(pe, level ? level : "");
}

int spnc_sim_add_route(spnc_sim *sim, int32_t chip_x, int32_t chip_y,
                       uint32_t key, uint32_t mask, const spnc_sim_pe *pes,
                       size_t num_pes, uint32_t link_mask) {
  return sim->impl->addRoute(chip_x, chip_y, key, mask, pes, num_pes,
                             link_mask);
}

int spnc_sim_set_input(spnc_sim *sim, uint32_t tensor, const void *data,
                       size_t bytes_per_step, uint32_t steps) {
  return sim->impl->setInput(tensor, data, bytes_per_step, steps);
}

int spnc_sim_run(spnc_sim *sim, uint32_t num_steps) {
  return sim->impl->run(num_steps);
}

void spnc_sim_set_progress(spnc_sim *sim, spnc_sim_progress_fn callback,
                           void *user) {
  sim->impl->setProgress(callback, user);
}

size_t spnc_sim_output_bytes(const spnc_sim *sim, uint32_t tensor) {
  return sim->impl->outputBytes(tensor);
}

int spnc_sim_get_output(const spnc_sim *sim, uint32_t tensor, uint32_t step,
                        void *data, size_t bytes) {
  return sim->impl->getOutput(tensor, step, data, bytes);
}

int spnc_sim_read_memory(const spnc_sim *sim, spnc_sim_pe pe, uint32_t address,
                         void *data, size_t bytes) {
  return sim->impl->readMemory(pe, address, data, bytes);
}

int spnc_sim_lookup_symbol(const spnc_sim *sim, spnc_sim_pe pe,
                           const char *name, uint32_t *address,
                           uint32_t *size) {
  const spnc::sim::PE *p = sim->impl->find(pe);
  if (!p || !p->image || !name)
    return SPNC_SIM_ERROR;
  const spnc::sim::ElfSymbol *symbol = p->image->elf.findSymbol(name);
  if (!symbol)
    return SPNC_SIM_ERROR;
  if (address)
    *address = symbol->value;
  if (size)
    *size = symbol->size;
  return SPNC_SIM_OK;
}

const char *spnc_sim_console(const spnc_sim *sim, spnc_sim_pe pe) {
  const spnc::sim::PE *p = sim->impl->find(pe);
  return p ? p->console.c_str() : "";
}

void spnc_sim_get_fault(const spnc_sim *sim, spnc_sim_fault *fault) {
  *fault = sim->impl->fault();
}

void spnc_sim_get_totals(const spnc_sim *sim, spnc_sim_totals *totals) {
  *totals = sim->impl->totals();
}

int spnc_sim_get_step_stats(const spnc_sim *sim, uint32_t step,
                            spnc_sim_step_stats *stats) {
  const auto &steps = sim->impl->stepStats();
  if (step >= steps.size())
    return SPNC_SIM_ERROR;
  *stats = steps[step];
  return SPNC_SIM_OK;
}

int spnc_sim_get_pe_stats(const spnc_sim *sim, spnc_sim_pe pe,
                          spnc_sim_pe_stats *stats) {
  return sim->impl->peStats(pe, *stats) ? SPNC_SIM_OK : SPNC_SIM_ERROR;
}

const char *spnc_sim_stats_json(spnc_sim *sim) {
  sim->impl->jsonCache = sim->impl->statsJSON();
  return sim->impl->jsonCache.c_str();
}

double spnc_sim_host_seconds(const spnc_sim *sim) {
  return sim->impl->hostSeconds();
}

size_t spnc_sim_num_packet_records(const spnc_sim *sim) {
  return sim->impl->packetLog().size();
}

int spnc_sim_get_packet_record(const spnc_sim *sim, size_t index,
                               spnc_sim_packet_record *record) {
  const auto &log = sim->impl->packetLog();
  if (index >= log.size())
    return SPNC_SIM_ERROR;
  *record = log[index];
  return SPNC_SIM_OK;
}

int spnc_sim_write_trace(spnc_sim *sim, const char *path) {
  return sim->impl->writeTrace(path ? path : "");
}

} // extern "C"
