//===- Simulator.h - The SpiNNaker 2 simulator ------------------*- C++ -*-===//
//
// The implementation behind spnc-runtime/simulator.h. One Unicorn engine per
// loaded PE (Cortex-M4, Thumb, M-class), the communication registers of
// spinnaker2/abi.h as MMIO, the NoC model of Noc.h, the cycle model of
// CycleModel.h, and a discrete-event scheduler: PEs run in quanta of
// instructions, events are ordered by (time, sequence number), so the same
// inputs give the same outputs and statistics on every run.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_RUNTIME_SIMULATOR_SIMULATOR_H
#define SPNC_RUNTIME_SIMULATOR_SIMULATOR_H

#include "CycleModel.h"
#include "Noc.h"
#include "PEImage.h"

#include "spinnaker2/TargetModel.h"
#include "spinnaker2/abi.h"
#include "spnc-runtime/simulator.h"

#include <unicorn/unicorn.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

namespace spnc::sim {

struct Options {
  std::string description; // "" = the installed one
  std::string system = "chip";
  uint32_t stepsInFlight = 2;
  uint64_t stepInstructionBudget = 50'000'000;
  uint32_t quantum = 1000;
  uint32_t rxFifoDepth = 4096;
  uint64_t seed = 0;
  bool recordPackets = false;
  bool recordTrace = false;
};

struct Packet {
  uint64_t arrival = 0, seq = 0;
  uint32_t key = 0, payload = 0;
  bool hasPayload = false;
};

struct TraceSlice {
  uint64_t start, end;
  uint32_t phase;
};

class Simulator;

struct PE {
  enum class State { Idle, Runnable, Sleeping, Halted, Faulted };
  enum class Stop { None, Wait, Halt, Fault };
  enum class WaitKind { None, Rx, Gate };

  Simulator *sim = nullptr;
  size_t chip = 0;
  int local = 0; // index in ChipModel::allPEs()
  spinnaker2::PEId id;
  std::string name;
  std::unique_ptr<Image> image;
  std::string dvfsLevel;
  uint64_t frequencyHz = 0;
  double voltage = 0;

  // Emulation.
  uc_engine *uc = nullptr;
  std::vector<InsnInfo> decoded; // per halfword of the code region
  State state = State::Idle;
  Stop stop = Stop::None;
  WaitKind waitKind = WaitKind::None;
  uint32_t waitValue = 0;
  uint32_t pc = 0;
  uint64_t clock = 0; // the PE's cycles since reset (runs while asleep)
  uint64_t activeCycles = 0, instructions = 0, stepInstructions = 0;
  uint64_t sliceLeft = 0;
  uint32_t lastPC = 0, prevFallthrough = 0;
  bool prevIndirect = false, prevValid = false;
  uint32_t cpacr = 0;
  bool fpuEnabled = false;
  uint32_t txPayload = 0, faultInfo = 0, cyclesHiLatch = 0;
  uc_mem_type memFaultType = UC_MEM_READ;
  uint64_t memFaultAddress = 0;
  bool memFault = false;
  uint32_t exceptionNumber = 0;
  bool exception = false;

  // Protocol.
  std::deque<Packet> rx; // sorted by (arrival, seq)
  uint32_t stepsDone = 0, exitCode = 0;
  uint64_t sleepSince = 0;
  bool scheduled = false;
  uint64_t scheduledTime = 0, generation = 0;

  // Statistics.
  uint64_t packetsSent = 0, packetsReceived = 0;
  uint64_t flushedInstructions = 0, flushedCycles = 0;
  double activeEnergyJ = 0;
  uint32_t phase = 0;
  uint64_t phaseStart = 0;
  std::vector<TraceSlice> trace;
  std::vector<std::pair<uint64_t, uint32_t>> stepMarks;
  std::string console;

  uint64_t nowPs() const;
};

class Simulator {
public:
  static std::unique_ptr<Simulator> create(const Options &options,
                                           std::string &error);
  ~Simulator();

  const std::string &error() const { return lastError; }
  int fail(spnc_sim_status status, std::string message) {
    lastError = std::move(message);
    return status;
  }

  /// The PE at `pe`, creating its slot; nullptr (and an error) if invalid.
  PE *lookup(const spnc_sim_pe &pe, bool create, std::string &error);
  const PE *find(const spnc_sim_pe &pe) const;

  int loadElf(const spnc_sim_pe &pe, const std::string &path);
  /// `name` stands for the file in messages.
  int loadElfBytes(const spnc_sim_pe &pe, const std::vector<uint8_t> &bytes,
                   const std::string &name);
  void setProgress(spnc_sim_progress_fn callback, void *user) {
    progress = callback;
    progressUser = user;
  }
  int setDVFSLevel(const spnc_sim_pe &pe, const std::string &level);
  int addRoute(int chipX, int chipY, uint32_t key, uint32_t mask,
               const spnc_sim_pe *pes, size_t numPEs, uint32_t links);
  int setInput(uint32_t tensor, const void *data, size_t bytesPerStep,
               uint32_t steps);
  int run(uint32_t steps);

  size_t outputBytes(uint32_t tensor) const;
  int getOutput(uint32_t tensor, uint32_t step, void *data, size_t bytes) const;
  int readMemory(const spnc_sim_pe &pe, uint32_t address, void *data,
                 size_t bytes) const;

  const spnc_sim_fault &fault() const { return faultReport; }
  const spnc_sim_totals &totals() const { return totalStats; }
  const std::vector<spnc_sim_step_stats> &stepStats() const { return steps; }
  bool peStats(const spnc_sim_pe &pe, spnc_sim_pe_stats &stats) const;
  std::string statsJSON() const;
  double hostSeconds() const { return hostTime; }
  const std::vector<spnc_sim_packet_record> &packetLog() const {
    return packets;
  }
  int writeTrace(const std::string &path);

  // Called from the Unicorn hooks.
  void onCode(PE &pe, uint32_t address);
  uint64_t onRead(PE &pe, uint32_t offset, unsigned size);
  void onWrite(PE &pe, uint32_t offset, unsigned size, uint32_t value);
  uint64_t onSCSRead(PE &pe, uint32_t offset, unsigned size);
  void onSCSWrite(PE &pe, uint32_t offset, unsigned size, uint32_t value);

  const spinnaker2::SystemModel &system() const { return model; }

private:
  Simulator(const Options &options, spinnaker2::SystemModel model);

  std::string peName(size_t chip, const spinnaker2::PEId &id) const;
  /// Loads from `*bytes`, or from the file `name` if `bytes` is null.
  int loadImage(const spnc_sim_pe &pe, const std::vector<uint8_t> *bytes,
                const std::string &name);
  spnc_sim_pe apiPE(const PE &pe) const;
  bool resetPE(PE &pe, std::string &error);
  void runSlice(PE &pe);
  void schedule(PE &pe, uint64_t time);
  void raise(PE &pe, spnc_sim_fault_kind kind, uint32_t pc, uint32_t address,
             std::string detail, uint32_t code = 0, uint32_t info = 0);
  void sleep(PE &pe);
  void send(PE &pe, uint32_t key, uint32_t payload, bool hasPayload);
  void drop(PE &pe, uint32_t key, const std::string &reason);
  void stepDone(PE &pe, uint32_t step);
  void halt(PE &pe);
  void flushCounters(PE &pe);
  void closeTrace(PE &pe, uint64_t now);
  size_t visibleCount(const PE &pe) const;
  uint32_t stepIndex(const PE &pe) const;
  void writeInputs(PE &pe, uint32_t step, bool once);
  void readOutputs(PE &pe, uint32_t step, bool once);
  std::string describeWait(const PE &pe) const;
  void finish();

  Options options;
  spinnaker2::SystemModel model;
  CycleModel cycleModel;
  Noc noc;
  std::map<std::pair<size_t, int>, std::unique_ptr<PE>> pes; // (chip, local)
  std::map<uint32_t, std::pair<size_t, std::vector<uint8_t>>> inputs; // tensor -> (bytes per step, data)
  struct Output {
    size_t bytesPerStep = 0;
    bool once = false;
    std::vector<uint8_t> data;
  };
  std::map<uint32_t, Output> outputs;
  std::string lastError;
  spnc_sim_progress_fn progress = nullptr;
  void *progressUser = nullptr;

  // Run state.
  struct Event {
    uint64_t time, seq;
    PE *pe;
    uint64_t generation;
    bool operator>(const Event &o) const {
      return time != o.time ? time > o.time : seq > o.seq;
    }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> queue;
  uint64_t nextSeq = 0;
  uint32_t numSteps = 0, gate = 0, completedAll = 0;
  bool stopRun = false;
  std::mt19937_64 rng;
  std::map<std::pair<PE *, PE *>, uint64_t> lastArrival; // with a seed
  std::vector<std::string> drops;
  uint64_t dropCount = 0;
  bool haveFault = false;
  std::string faultMessage;
  spnc_sim_fault faultReport{};
  std::vector<spnc_sim_step_stats> steps;
  spnc_sim_totals totalStats{};
  std::vector<spnc_sim_packet_record> packets;
  double hostTime = 0;

public:
  std::string jsonCache; // keeps spnc_sim_stats_json's result alive
};

} // namespace spnc::sim

#endif // SPNC_RUNTIME_SIMULATOR_SIMULATOR_H
