//===- PackageRunner.cpp - Run a deployment package on the simulator ------===//
#include "spnc-runtime/PackageRunner.h"

#include "spinnaker2/TargetModel.h"
#include "spinnaker2/abi.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

namespace spnc::rt {

namespace {

constexpr double PicosPerSecond = 1e12;

std::string describe(const PackageTensor &spec) {
  Tensor probe;
  probe.dtype = spec.dtype;
  probe.shape = spec.shape;
  return probe.describe();
}

bool matches(const PackageTensor &spec, const Tensor &tensor) {
  return tensor.dtype == spec.dtype && tensor.shape == spec.shape;
}

size_t stepBytes(const PackageTensor &spec) {
  size_t bytes = dtypeSize(spec.dtype);
  for (int64_t dim : spec.shape)
    bytes *= static_cast<size_t>(dim);
  return bytes;
}

void forwardProgress(void *user, uint32_t done, uint32_t steps) {
  auto &callback = *static_cast<std::function<void(uint32_t, uint32_t)> *>(user);
  callback(done, steps);
}

std::string number(double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

} // namespace

std::string PackageRunSummary::json() const {
  std::string out = "{";
  auto field = [&out](const char *name, const std::string &value) {
    out += std::string(out.size() > 1 ? ", " : "") + "\"" + name +
           "\": " + value;
  };
  field("steps", std::to_string(steps));
  field("pes", std::to_string(pes));
  field("instructions", std::to_string(instructions));
  field("packets_sent", std::to_string(packetsSent));
  field("hops", std::to_string(hops));
  field("events_delivered", std::to_string(eventsDelivered));
  field("packets_dropped", std::to_string(packetsDropped));
  field("simulated_s", number(simulatedSeconds));
  field("step_s", number(stepSeconds));
  field("max_step_s", number(maxStepSeconds));
  field("energy_j", number(energyJ));
  field("energy_per_step_j", number(energyPerStepJ));
  field("events_per_step", number(eventsPerStep));
  field("host_s", number(hostSeconds));
  field("simulated_per_wall", number(simulatedPerWall()));
  return out + "}";
}

std::unique_ptr<PackageRunner>
PackageRunner::create(const Package &package, const PackageRunOptions &options,
                      std::string &error) {
  std::unique_ptr<PackageRunner> runner(new PackageRunner());
  spnc_sim_options simOptions;
  spnc_sim_default_options(&simOptions);
  simOptions.target_description = options.targetDescription.empty()
                                      ? nullptr
                                      : options.targetDescription.c_str();
  simOptions.system = package.system.c_str();
  // The images' event buffers are sized for the package's steps in flight.
  simOptions.steps_in_flight =
      options.stepsInFlight ? options.stepsInFlight : package.stepsInFlight;
  if (options.stepInstructionBudget)
    simOptions.step_instruction_budget = options.stepInstructionBudget;
  if (options.quantumInstructions)
    simOptions.quantum_instructions = options.quantumInstructions;
  simOptions.schedule_seed = options.scheduleSeed;
  simOptions.record_packets = options.recordPackets;
  simOptions.record_trace = options.recordTrace;
  char message[1024] = "";
  runner->sim = spnc_sim_create(&simOptions, message, sizeof message);
  if (!runner->sim) {
    error = message;
    return nullptr;
  }
  // Chips are indices into the system's list; the simulator names them by
  // their board coordinates.
  std::optional<spinnaker2::SystemModel> system = spinnaker2::loadTarget(
      options.targetDescription.empty() ? spinnaker2::defaultDescriptionPath()
                                        : options.targetDescription,
      package.system, error);
  if (!system)
    return nullptr;
  auto chipOf = [&](uint32_t chip) -> std::optional<spinnaker2::ChipCoord> {
    if (chip >= system->numChips()) {
      error = "chip " + std::to_string(chip) + " is not in system '" +
              system->name + "'";
      return std::nullopt;
    }
    return system->chips[chip];
  };

  spnc_sim *sim = runner->sim;
  for (const PackagePE &pe : package.pes) {
    std::optional<spinnaker2::ChipCoord> chip = chipOf(pe.chip);
    if (!chip)
      return nullptr;
    spnc_sim_pe where{chip->x, chip->y, pe.qx, pe.qy, pe.qp};
    std::string name = "the package's image of population '" +
                       pe.population + "'";
    if (spnc_sim_load_elf_memory(sim, where, pe.elf.data(), pe.elf.size(),
                                 name.c_str()) != SPNC_SIM_OK ||
        (!pe.dvfs.empty() &&
         spnc_sim_set_dvfs_level(sim, where, pe.dvfs.c_str()) != SPNC_SIM_OK)) {
      error = spnc_sim_error(sim);
      return nullptr;
    }
  }
  for (const PackageRoutingTable &table : package.tables) {
    std::optional<spinnaker2::ChipCoord> chip = chipOf(table.chip);
    if (!chip)
      return nullptr;
    for (const PackageRoute &route : table.routes) {
      std::vector<spnc_sim_pe> pes;
      for (const std::string &name : route.pes) {
        spnc_sim_pe pe;
        if (spnc_sim_parse_pe(name.c_str(), &pe) != 0 || pe.chip_x != 0 ||
            pe.chip_y != 0) {
          error = "a route of chip " + std::to_string(table.chip) +
                  " names '" + name + "', which is not a PE \"qx.qy.qp\"";
          return nullptr;
        }
        pe.chip_x = chip->x;
        pe.chip_y = chip->y;
        pes.push_back(pe);
      }
      if (spnc_sim_add_route(sim, chip->x, chip->y, route.key, route.mask,
                             pes.data(), pes.size(),
                             route.linkMask) != SPNC_SIM_OK) {
        error = spnc_sim_error(sim);
        return nullptr;
      }
    }
  }

  runner->layout = package;
  for (PackagePE &pe : runner->layout.pes)
    pe.elf.clear();
  runner->reading.assign(package.inputs.size(), Reading::None);
  for (const PackageIOBinding &binding : package.io)
    if (binding.input && binding.tensor < package.inputs.size())
      runner->reading[binding.tensor] =
          binding.flags == SPNC_IO_ONCE ? Reading::Once : Reading::PerStep;
  if (options.progress) {
    runner->progress = options.progress;
    spnc_sim_set_progress(sim, forwardProgress, &runner->progress);
  }
  return runner;
}

PackageRunner::~PackageRunner() { spnc_sim_destroy(sim); }

std::string PackageRunner::run(const std::vector<PackageInput> &provided,
                               std::optional<uint32_t> steps,
                               std::vector<Tensor> &outputs) {
  lastStatus = SPNC_SIM_ERROR;
  outputs.clear();
  if (steps && *steps < 1)
    return "the number of steps must be at least 1, got " +
           std::to_string(*steps);
  const std::vector<PackageTensor> &specs = layout.inputs;

  // Match the provided tensors to the inputs, as the host runner does
  // (lib/Runner/Stepping.cpp).
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < specs.size(); ++i)
    index.emplace(specs[i].name, i);
  std::vector<const PackageInput *> given(specs.size(), nullptr);
  std::vector<bool> sliced(specs.size(), false);
  for (const PackageInput &input : provided) {
    auto it = index.find(input.name);
    if (it == index.end()) {
      std::string known;
      for (const PackageTensor &spec : specs)
        known += (known.empty() ? "'" : ", '") + spec.name + "'";
      return "unknown input '" + input.name + "' (from '" + input.source +
             "'); the model's inputs are " +
             (known.empty() ? std::string("none") : known);
    }
    size_t i = it->second;
    const PackageTensor &spec = specs[i];
    bool isState = !spec.stateOutput.empty();
    if (given[i])
      return "input '" + input.name + "' is given twice ('" +
             given[i]->source + "' and '" + input.source + "')";
    given[i] = &input;
    if (matches(spec, input.tensor))
      continue;
    const std::vector<int64_t> &shape = input.tensor.shape;
    if (steps && !isState && input.tensor.dtype == spec.dtype &&
        shape.size() == spec.shape.size() + 1 && shape.front() == *steps &&
        std::equal(spec.shape.begin(), spec.shape.end(), shape.begin() + 1)) {
      // The package reads a constant input once, before step 0: per-step
      // slices would be ignored silently.
      if (reading[i] == Reading::Once)
        return "input '" + spec.name + "' from '" + input.source +
               "': the package reads it once, before the first step; give "
               "one " + describe(spec) + ", not one slice per step";
      sliced[i] = true;
      continue;
    }
    std::string expected = describe(spec);
    if (steps && !isState) {
      PackageTensor stacked = spec;
      stacked.shape.insert(stacked.shape.begin(), *steps);
      expected += " (or " + describe(stacked) + ", one slice per step)";
    }
    return "input '" + spec.name + "' from '" + input.source +
           "': expected " + expected + ", got " + input.tensor.describe();
  }
  for (size_t i = 0; i < specs.size(); ++i) {
    if (!given[i] && specs[i].stateOutput.empty())
      return "missing input '" + specs[i].name + "' (" + describe(specs[i]) +
             ")";
    // A state input no PE reads starts at zero whatever is given: say so
    // rather than ignore a non-zero initial state.
    const std::vector<uint8_t> *data = given[i] ? &given[i]->tensor.data
                                                : nullptr;
    if (data && reading[i] == Reading::None && !specs[i].stateOutput.empty() &&
        std::any_of(data->begin(), data->end(), [](uint8_t b) { return b; }))
      return "input '" + specs[i].name + "' from '" + given[i]->source +
             "': no PE of the package reads this state input, so its "
             "initial state is zero; a non-zero one cannot be set";
  }

  // Host data for the simulator: per-step inputs for every step (a tensor
  // of the step's shape repeated), once-read ones (state, constants) once.
  uint32_t count = steps.value_or(1);
  for (size_t i = 0; i < specs.size(); ++i) {
    if (reading[i] == Reading::None)
      continue;
    size_t bytes = stepBytes(specs[i]);
    std::vector<uint8_t> zeros;
    const std::vector<uint8_t> *data = &zeros;
    uint32_t stepsGiven = 1;
    if (!given[i]) {
      zeros.assign(bytes, 0); // the initial state
    } else if (sliced[i]) {
      data = &given[i]->tensor.data;
      stepsGiven = count;
    } else if (reading[i] == Reading::PerStep && count > 1) {
      zeros.reserve(bytes * count);
      for (uint32_t t = 0; t < count; ++t)
        zeros.insert(zeros.end(), given[i]->tensor.data.begin(),
                     given[i]->tensor.data.end());
      stepsGiven = count;
    } else {
      data = &given[i]->tensor.data;
    }
    if (spnc_sim_set_input(sim, static_cast<uint32_t>(i), data->data(), bytes,
                           stepsGiven) != SPNC_SIM_OK)
      return spnc_sim_error(sim);
  }

  lastStatus = spnc_sim_run(sim, count);
  if (lastStatus != SPNC_SIM_OK)
    return spnc_sim_error(sim);

  // Outputs: the simulator assembled each step from the PEs' parts.
  for (size_t o = 0; o < layout.outputs.size(); ++o) {
    const PackageTensor &spec = layout.outputs[o];
    std::vector<int64_t> shape = spec.shape;
    if (steps)
      shape.insert(shape.begin(), count);
    Tensor tensor(spec.dtype, std::move(shape));
    size_t bytes = stepBytes(spec);
    if (bytes) {
      for (uint32_t t = 0; t < count; ++t) {
        if (spnc_sim_get_output(sim, static_cast<uint32_t>(o), t,
                                tensor.data.data() + size_t(t) * bytes,
                                bytes) != SPNC_SIM_OK) {
          lastStatus = SPNC_SIM_ERROR;
          return "output '" + spec.name + "': " + spnc_sim_error(sim);
        }
      }
    }
    outputs.push_back(std::move(tensor));
  }
  return "";
}

PackageRunSummary PackageRunner::summary() const {
  PackageRunSummary summary;
  spnc_sim_totals totals;
  spnc_sim_get_totals(sim, &totals);
  summary.steps = totals.steps;
  summary.pes = totals.pes;
  summary.instructions = totals.instructions;
  summary.packetsSent = totals.packets_sent;
  summary.hops = totals.hops;
  summary.eventsDelivered = totals.events_delivered;
  summary.packetsDropped = totals.packets_dropped;
  summary.simulatedSeconds = static_cast<double>(totals.time_ps) / PicosPerSecond;
  summary.energyJ = totals.energy_j;
  summary.hostSeconds = spnc_sim_host_seconds(sim);
  uint64_t lastEnd = 0, longest = 0;
  double stepEnergy = 0;
  for (uint32_t t = 0; t < totals.steps; ++t) {
    spnc_sim_step_stats step;
    if (spnc_sim_get_step_stats(sim, t, &step) != SPNC_SIM_OK)
      break;
    lastEnd = step.end_ps;
    longest = std::max(longest, step.duration_ps);
    stepEnergy += step.energy_j;
  }
  if (totals.steps) {
    summary.stepSeconds =
        static_cast<double>(lastEnd) / PicosPerSecond / totals.steps;
    summary.maxStepSeconds = static_cast<double>(longest) / PicosPerSecond;
    summary.energyPerStepJ = stepEnergy / totals.steps;
    summary.eventsPerStep =
        static_cast<double>(totals.events_delivered) / totals.steps;
  }
  return summary;
}

} // namespace spnc::rt
