//===- PackageRunner.h - Run a deployment package on the simulator -*- C++ -*-===//
//
// Configures the SpiNNaker 2 simulator (spnc-runtime/simulator.h) from a
// validated Package — one image per PE, DVFS levels, the routing tables of
// every chip — and runs it on host tensors with the conventions of the host
// runner (docs/StateConvention.md): ordinary inputs of the step's shape S
// (the same every step) or [N, S...] (slice t at step t), state inputs as the
// initial state (zeros unless given), outputs stacked to [N, S...].
// No MLIR and no LLVM in here.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_PACKAGERUNNER_H
#define SPNC_RUNTIME_PACKAGERUNNER_H

#include "spnc-runtime/Package.h"
#include "spnc-runtime/Tensor.h"
#include "spnc-runtime/simulator.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace spnc::rt {

struct PackageRunOptions {
  /// "" = the installed target description.
  std::string targetDescription;
  /// 0 = the package's steps in flight (its event buffers are sized for
  /// them); the others: 0 = the simulator's defaults.
  uint32_t stepsInFlight = 0;
  uint64_t stepInstructionBudget = 0;
  uint32_t quantumInstructions = 0;
  uint64_t scheduleSeed = 0;
  bool recordPackets = false;
  bool recordTrace = false;
  /// Called during a run each time every PE has finished one more step.
  std::function<void(uint32_t stepsDone, uint32_t steps)> progress;
};

/// A host tensor for a package input, and where it came from (messages).
struct PackageInput {
  std::string name;
  Tensor tensor;
  std::string source;
};

/// The figures of the last run, from the simulator's statistics.
struct PackageRunSummary {
  uint32_t steps = 0;
  uint32_t pes = 0; // PEs that ran a program
  uint64_t instructions = 0;
  uint64_t packetsSent = 0, hops = 0, eventsDelivered = 0;
  uint64_t packetsDropped = 0;
  double simulatedSeconds = 0;  // until the last PE halted
  double stepSeconds = 0;       // mean time between step barriers
  double maxStepSeconds = 0;
  double energyJ = 0;           // the whole run
  double energyPerStepJ = 0;    // mean of the steps' energies
  double eventsPerStep = 0;
  double hostSeconds = 0;       // wall-clock time of the simulation
  /// Simulated time per wall-clock second (< 1: slower than the chip).
  double simulatedPerWall() const {
    return hostSeconds > 0 ? simulatedSeconds / hostSeconds : 0;
  }
  /// The figures as a JSON object.
  std::string json() const;
};

class PackageRunner {
public:
  /// A simulator of the package's system with the package loaded. The
  /// package should come from readPackage (which validates it); its images
  /// are copied.
  static std::unique_ptr<PackageRunner> create(const Package &package,
                                               const PackageRunOptions &options,
                                               std::string &error);
  ~PackageRunner();
  PackageRunner(const PackageRunner &) = delete;
  PackageRunner &operator=(const PackageRunner &) = delete;

  /// Runs `steps` steps (none: one step, outputs keep the step's shape;
  /// N: outputs are [N, S...]) and returns the outputs in package order.
  /// Every run starts from reset: state inputs set the initial state. On
  /// failure returns the message (input errors name the input; simulation
  /// errors the PE, its PC and the step) and status() says what happened.
  std::string run(const std::vector<PackageInput> &inputs,
                  std::optional<uint32_t> steps, std::vector<Tensor> &outputs);

  /// spnc_sim_status of the last run (SPNC_SIM_ERROR for input errors).
  int status() const { return lastStatus; }
  PackageRunSummary summary() const;
  /// The simulator, for its statistics, fault report and trace.
  spnc_sim *simulator() const { return sim; }

private:
  PackageRunner() = default;

  Package layout; // the package without its images
  spnc_sim *sim = nullptr;
  std::function<void(uint32_t, uint32_t)> progress;
  int lastStatus = SPNC_SIM_OK;
  /// How each input's PEs read it: once before step 0, per step, or not at
  /// all (no PE reads it).
  enum class Reading { None, Once, PerStep };
  std::vector<Reading> reading;
};

} // namespace spnc::rt

#endif // SPNC_RUNTIME_PACKAGERUNNER_H
