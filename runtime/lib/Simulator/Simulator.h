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
#include <unordered_map>
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
  /// Every instruction through the code hook (the reference; slower).
  bool instructionHooks = false;
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

/// Instructions a block executes between two points where its cost depends
/// on the running code: a run of straight-line code in which the
/// instructions an IT block skipped are left out.
struct Sequence {
  struct Step {
    uint32_t address = 0;
    uint32_t before = 0; // cycles of the steps before it (with refills)
    uint8_t size = 0, cycles = 0;
    uint8_t refill = 0;   // when it follows the step before it
    bool indirect = false;
    bool inIT = false;    // inside an IT block: a stop waits until after it
    int16_t spDelta = 0;
  };
  std::vector<Step> steps;
  bool lastSegment = false;     // it runs to the end of the block,
  bool indirectLast = false;    // whose last instruction, an indirect branch,
                                // ran (and set the emulator's PC)
  uint32_t count() const { return static_cast<uint32_t>(steps.size()); }
};

/// A block of instructions as the emulator translates it (one entry, no
/// branch before its last instruction), with what block-level accounting
/// needs: docs/Simulator.md, "Speed".
struct Block {
  struct Insn {
    uint32_t address = 0;
    uint8_t size = 0, cycles = 0;
    uint8_t kind = 0;     // InsnInfo::kind
    uint8_t itSlots = 0;  // IT: instructions it makes conditional
    uint8_t itBits = 0;   // IT: firstcond << 4 | mask
    uint8_t riskySlots = 0; // IT: its loads/stores not relative to SP or PC
    bool indirect = false;
    bool division = false;
    int16_t spDelta = 0;
  };
  uint32_t start = 0, bytes = 0;
  /// What charging a block's first segment at its entry needs, together
  /// (see onBlock): for level blocks that do not start with a division.
  bool quick = false;
  bool hasFP = false;
  bool opensAtEntry = false; // an IT first: segment 1 opens at entry too
  bool lastIndirect = false;
  uint8_t firstSize = 0, lastSize = 0;
  uint32_t length = 0, headCycles = 0, lastAddress = 0; // of segment 0
  const Sequence *head = nullptr;                        // segment 0
  /// Accounting needs nothing but IT conditions and division operands.
  bool blockLevel = false;
  bool hasIT = false;
  /// Makes the communication or system registers' address: likely to
  /// access them, so it gets a code hook on every instruction.
  bool registerBase = false;
  /// 1 + the last load or store not relative to SP or PC (0: none): a
  /// quantum that ends before it is unsafe to run ahead of, until the block
  /// is known to leave the registers alone.
  uint32_t riskyEnd = 0;
  /// The PE goes back to a code hook on every instruction for good: MSR,
  /// CPS, an IT block that continues into the next block or that sets flags
  /// or divides inside.
  bool needsInstructionHooks = false;
  std::vector<Insn> insns;
  /// Segments: [segmentStart[k], segmentStart[k + 1]); one starts after each
  /// IT and at each division. Segment k (k > 0) opens at instruction
  /// opener[k]'s hook (the IT's or the division's); 0 is the block hook.
  std::vector<uint32_t> segmentStart, opener;
  uint32_t firstHooked = 0; // lowest opener > 0; 0: none (no code hooks)
  uint32_t lastHooked = 0;
  /// Sequences per segment and IT outcome (taken-mask, with IT blocks).
  std::vector<std::unique_ptr<Sequence>> sequences;
  uint32_t count() const { return static_cast<uint32_t>(insns.size()); }
  uint32_t segments() const {
    return static_cast<uint32_t>(segmentStart.size()) - 1;
  }
};

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
  uint32_t resumePC = 0; // where the next slice continues
  bool stopped = false;  // resumePC is where a hook stopped the emulator

  // Block-level accounting (docs/Simulator.md, "Speed"). Blocks and what
  // was learned about them depend on the image only; the rest on the engine.
  std::unordered_map<uint64_t, std::unique_ptr<Block>> blocks; // start<<16|bytes
  /// Per halfword of code, for the block that starts there (one cache line
  /// for what the block hook looks up).
  struct Slot {
    Block *block = nullptr;    // the last one seen
    uint16_t hookedBytes = 0;  // this engine's translation with a code hook
    uint16_t openerBytes = 0;  // on every / on the opener instructions
    uint8_t learnedHooks = 0;  // needs code hooks
    uint8_t verified = 0;      // ran without accessing registers
  };
  std::vector<Slot> slots;
  bool alwaysHooks = false;            // per-instruction hooks from reset
  bool hooksEverywhere = false;        // this engine: code hook on all code
  uc_hook blockHook = 0;
  Block *current = nullptr;            // block-level block running now
  Block *lastBlock = nullptr;          // the block that ran last
  bool accessSeen = false;             // ... accessed registers
  bool allRan = false;                 // ... ran its conditional loads and
                                       // stores (else it shows little)
  /// The sequence being charged: its steps [0, done) are counted.
  const Sequence *run = nullptr;
  uint32_t runDone = 0;
  int32_t accessAt = -1;               // run's step at a register access
  int32_t lastAccessStep = -1;         // ... the one before, in this run
  uint32_t lastAccessAddress = 0;
  /// After a stop request (the quantum's end, WAIT_RX, HALT, a fault):
  /// Skipping the rest of an IT block, Defer(ring) what follows to the next
  /// slice, or Drop(ping) it (it never runs in the reference).
  enum class Tail { None, Skipping, Defer, Drop } tail = Tail::None;
  struct Pending {
    const Sequence *sequence;
    uint32_t from, to, extra; // extra: division cycles of step 0
  };
  std::deque<Pending> pending;         // run by the emulator, not yet counted
  /// An IT block in a block with code hooks (none fire inside it): its
  /// conditions, read at the IT, decide which instructions count, at the
  /// next hook or register access.
  struct ITRun {
    uint32_t address[4] = {};
    uint8_t count = 0, next = 0, taken = 0;
    bool stopRequested = false; // a stop request inside: see onBlock
  } itRun;
  Block *hookRequest = nullptr;        // translate with hooks, then resume
  bool openerRequest = false;          // ... on its openers only
  bool unhookRequest = false;          // ... without code hooks
  /// The first FP instruction sets CONTROL.FPCA, which Unicorn's lookup of
  /// translations depends on: the hooked ones made before are not used.
  bool fpContextActive = false, watchFPContext = false;
  bool switchRequest = false;          // to hooks everywhere, then resume

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
  void onBlock(PE &pe, uint32_t start, uint32_t bytes);
  void onOpener(PE &pe, uint32_t address);
  /// Around a register access (`address` absolute): sets the PE's counters
  /// to the instruction that makes it; false if that cannot be known (the
  /// run then starts again, with more code hooks).
  bool beginAccess(PE &pe, uint32_t address, unsigned size, bool write);
  void endAccess(PE &pe);
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
  int runAttempt(uint32_t steps);
  void runSlice(PE &pe);
  Block &blockAt(PE &pe, uint32_t start, uint32_t bytes);
  /// The steps of a block's segment for an IT outcome (made once).
  const Sequence &sequence(Block &block, uint32_t segment, uint32_t taken);
  void openSegments(PE &pe, Block &block, uint32_t opener);
  void startRun(PE &pe, const Sequence &sequence, uint32_t extra);
  void charge(PE &pe, const Sequence &sequence, uint32_t from, uint32_t to,
              uint32_t extra);
  void uncharge(PE &pe, const Sequence &sequence, uint32_t from, uint32_t to);
  static uint32_t skipInIT(const Sequence &sequence, uint32_t from);
  void skipped(PE &pe, const Sequence &sequence, uint32_t from, uint32_t to);
  void stopBefore(PE &pe, uint32_t address);
  void account(PE &pe, uint32_t address, bool inIT);
  void beginIT(PE &pe, uint32_t address);
  void drainIT(PE &pe, unsigned through);
  enum class Hooks { None, Openers, All };
  bool translateWithHooks(PE &pe, Block &block, Hooks hooks,
                          std::string &error);
  bool hookEverything(PE &pe, std::string &error);
  void restartWithHooks(PE &pe, const Block *block);
  /// beginAccess in a block-level block, and inside an IT block of a block
  /// with code hooks; leaveAccess after it.
  bool enterAccess(PE &pe, uint32_t address, unsigned size, bool write);
  bool enterAccessInIT(PE &pe, uint32_t address, unsigned size, bool write);
  void leaveAccess(PE &pe);
  /// Whether the load or store at `at` would access [address, +size) with
  /// the registers now; `registers` gets the registers it used, `span` the
  /// bytes it moves.
  bool accesses(PE &pe, uint32_t at, uint32_t address, unsigned size,
                uint16_t &registers, uint32_t &span);
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
  bool restart = false;           // the attempt must be repeated
  /// Decoded memory operands of the instructions accesses() looked at.
  std::unordered_map<const PE *, std::unordered_map<uint32_t, MemoryOperand>>
      memoryOperands;
  uint32_t progressReported = 0;  // across attempts
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
