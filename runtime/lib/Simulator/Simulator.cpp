//===- Simulator.cpp - The SpiNNaker 2 simulator ---------------------------===//
//
// Scheduling: every loaded PE has at most one pending event in a queue
// ordered by (time, sequence number). Popping it runs the PE for one quantum
// (or until it waits, halts or faults) in its Unicorn engine; hooks charge
// the cycles of what it executes (per block where that gives the same as per
// instruction, see "Block-level accounting"), so the PE's clock advances
// with it. Packets it sends are routed at once and land in the receive
// FIFOs of their destinations with their arrival time; a PE sees a packet
// once its own clock has reached the arrival time, and a sleeping PE is
// woken at that time. Nothing depends on the host's timing or on iteration
// order of unordered containers, so runs are reproducible bit for bit.
//
//===----------------------------------------------------------------------===//
#include "Simulator.h"
#include "UnicornCompat.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <set>

namespace spnc::sim {

namespace {

constexpr uint64_t PicosPerSecond = 1000000000000ull;
constexpr uint32_t CodeEnd = SPNC_CODE_BASE + SPNC_CODE_BYTES;
constexpr uint32_t SRAMEnd = SPNC_SRAM_BASE + SPNC_SRAM_BYTES;
// uc_emu_start's `until`: never reached by valid code.
constexpr uint64_t UntilAddress = 0xFFFFFFF0ull;

std::string hex(uint32_t value) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "0x%08x", value);
  return buffer;
}

uint64_t picosOfCycles(uint64_t cycles, uint64_t frequencyHz) {
  return static_cast<uint64_t>(static_cast<unsigned __int128>(cycles) *
                               PicosPerSecond / frequencyHz);
}

/// The first clock edge at or after `ps`.
uint64_t cyclesAtPicos(uint64_t ps, uint64_t frequencyHz) {
  unsigned __int128 scaled = static_cast<unsigned __int128>(ps) * frequencyHz;
  return static_cast<uint64_t>((scaled + PicosPerSecond - 1) / PicosPerSecond);
}

const char *phaseName(uint32_t phase) {
  static const char *const names[] = {"start-up", "init",     "wait-gate",
                                      "receive", "dispatch", "update",
                                      "send-eos"};
  return phase < sizeof names / sizeof names[0] ? names[phase] : "phase";
}

const char *faultKindName(spnc_sim_fault_kind kind) {
  switch (kind) {
  case SPNC_SIM_FAULT_NONE: return "no fault";
  case SPNC_SIM_FAULT_INVALID_ACCESS: return "invalid memory access";
  case SPNC_SIM_FAULT_WRITE_TO_CODE: return "write to code memory";
  case SPNC_SIM_FAULT_EXECUTE_DATA: return "execution from data memory";
  case SPNC_SIM_FAULT_STACK_OVERFLOW: return "stack overflow";
  case SPNC_SIM_FAULT_UNDEFINED_INSTRUCTION: return "undefined instruction";
  case SPNC_SIM_FAULT_FPU_DISABLED: return "FPU disabled";
  case SPNC_SIM_FAULT_EXCEPTION: return "unexpected exception";
  case SPNC_SIM_FAULT_STEP_BUDGET: return "step instruction budget exceeded";
  case SPNC_SIM_FAULT_RUNTIME: return "fault reported by the PE";
  case SPNC_SIM_FAULT_REGISTER: return "invalid register access";
  case SPNC_SIM_FAULT_PROTOCOL: return "protocol violation";
  }
  return "fault";
}

std::string runtimeFaultName(uint32_t code) {
  switch (code) {
  case SPNC_FAULT_BAD_HEADER: return "bad program descriptor";
  case SPNC_FAULT_UNKNOWN_SOURCE: return "event from a source that is not a producer";
  case SPNC_FAULT_EOS_ORDER: return "end-of-step signal out of order";
  case SPNC_FAULT_EVENT_OVERFLOW: return "event buffer overflow";
  case SPNC_FAULT_UNEXPECTED_EVENT: return "event for a PE without spnc_on_event";
  case SPNC_FAULT_EXCEPTION: return "exception handler reached";
  default:
    return code >= SPNC_FAULT_USER
               ? "program fault " + std::to_string(code - SPNC_FAULT_USER)
               : "fault code " + std::to_string(code);
  }
}

/// An ARM condition code on the flags of xPSR (0b1111: always).
bool conditionHolds(unsigned cond, uint32_t xpsr) {
  bool n = xpsr >> 31 & 1, z = xpsr >> 30 & 1, c = xpsr >> 29 & 1,
       v = xpsr >> 28 & 1;
  bool result = true;
  switch (cond >> 1) {
  case 0: result = z; break;
  case 1: result = c; break;
  case 2: result = n; break;
  case 3: result = v; break;
  case 4: result = c && !z; break;
  case 5: result = n == v; break;
  case 6: result = !z && n == v; break;
  default: return true; // AL (and 0b1111, "always" too)
  }
  return (cond & 1) ? !result : result;
}

int ucRegister(unsigned core) {
  if (core <= 12)
    return UC_ARM_REG_R0 + static_cast<int>(core);
  return core == 13 ? UC_ARM_REG_SP : UC_ARM_REG_LR;
}

// Unicorn hooks: forward to the simulator.
void hookCode(uc_engine *, uint64_t address, uint32_t, void *user) {
  PE &pe = *static_cast<PE *>(user);
  pe.sim->onCode(pe, static_cast<uint32_t>(address));
}

void hookOpener(uc_engine *, uint64_t address, uint32_t, void *user) {
  PE &pe = *static_cast<PE *>(user);
  pe.sim->onOpener(pe, static_cast<uint32_t>(address));
}

void hookBlock(uc_engine *, uint64_t address, uint32_t size, void *user) {
  PE &pe = *static_cast<PE *>(user);
  pe.sim->onBlock(pe, static_cast<uint32_t>(address), size);
}

bool hookInvalid(uc_engine *, uc_mem_type type, uint64_t address, int,
                 int64_t, void *user) {
  PE &pe = *static_cast<PE *>(user);
  if (!pe.memFault) {
    pe.memFault = true;
    pe.memFaultType = type;
    pe.memFaultAddress = address;
  }
  return false;
}

void hookInterrupt(uc_engine *uc, uint32_t number, void *user) {
  PE &pe = *static_cast<PE *>(user);
  if (!pe.exception) {
    pe.exception = true;
    pe.exceptionNumber = number;
  }
  uc_emu_stop(uc);
}

bool hookInvalidInstruction(uc_engine *, void *) { return false; }

// Register accesses. From a block run without per-instruction hooks the
// simulator first finds the instruction (beginAccess).
uint64_t mmioRead(uc_engine *, uint64_t offset, unsigned size, void *user) {
  PE &pe = *static_cast<PE *>(user);
  uint32_t at = static_cast<uint32_t>(offset);
  if (!pe.sim->beginAccess(pe, SPNC_MMIO_BASE + at, size, false))
    return 0;
  uint64_t value = pe.sim->onRead(pe, at, size);
  pe.sim->endAccess(pe);
  return value;
}

void mmioWrite(uc_engine *, uint64_t offset, unsigned size, uint64_t value,
               void *user) {
  PE &pe = *static_cast<PE *>(user);
  uint32_t at = static_cast<uint32_t>(offset);
  if (!pe.sim->beginAccess(pe, SPNC_MMIO_BASE + at, size, true))
    return;
  pe.sim->onWrite(pe, at, size, static_cast<uint32_t>(value));
  pe.sim->endAccess(pe);
}

uint64_t scsRead(uc_engine *, uint64_t offset, unsigned size, void *user) {
  PE &pe = *static_cast<PE *>(user);
  uint32_t at = static_cast<uint32_t>(offset);
  if (!pe.sim->beginAccess(pe, SPNC_SCS_BASE + at, size, false))
    return 0;
  uint64_t value = pe.sim->onSCSRead(pe, at, size);
  pe.sim->endAccess(pe);
  return value;
}

void scsWrite(uc_engine *, uint64_t offset, unsigned size, uint64_t value,
              void *user) {
  PE &pe = *static_cast<PE *>(user);
  uint32_t at = static_cast<uint32_t>(offset);
  if (!pe.sim->beginAccess(pe, SPNC_SCS_BASE + at, size, true))
    return;
  pe.sim->onSCSWrite(pe, at, size, static_cast<uint32_t>(value));
  pe.sim->endAccess(pe);
}

void appendDouble(std::string &out, double value) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  out += buffer;
}

} // namespace

uint64_t PE::nowPs() const { return picosOfCycles(clock, frequencyHz); }

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

Simulator::Simulator(const Options &options, spinnaker2::SystemModel model)
    : options(options), model(std::move(model)), noc(this->model) {}

Simulator::~Simulator() {
  for (auto &entry : pes)
    if (entry.second->uc)
      uc_close(entry.second->uc);
}

std::unique_ptr<Simulator> Simulator::create(const Options &options,
                                             std::string &error) {
  std::string path = options.description.empty()
                         ? spinnaker2::defaultDescriptionPath()
                         : options.description;
  std::optional<spinnaker2::SystemModel> model = spinnaker2::loadTarget(
      path, options.system.empty() ? "chip" : options.system, error);
  if (!model)
    return nullptr;
  const spinnaker2::ChipModel &chip = model->chip;
  if (chip.sramBytes != SPNC_SRAM_BYTES ||
      chip.sramCodeBytes != SPNC_CODE_BYTES ||
      chip.sramDataBytes != SPNC_DATA_BYTES) {
    error = "'" + path + "' describes " + std::to_string(chip.sramBytes) +
            " bytes of SRAM split " + std::to_string(chip.sramCodeBytes) +
            " code + " + std::to_string(chip.sramDataBytes) +
            " data, but spinnaker2/abi.h (version " +
            std::to_string(SPNC_ABI_VERSION) + ") lays out " +
            std::to_string(SPNC_SRAM_BYTES) + " = " +
            std::to_string(SPNC_CODE_BYTES) + " + " +
            std::to_string(SPNC_DATA_BYTES) +
            "; change both together and rebuild the PE runtime";
    return nullptr;
  }
  if (chip.nocFrequencyHz <= 0 || chip.nocCyclesPerHop < 0 ||
      !chip.findDVFSLevel(chip.defaultDVFSLevel)) {
    error = "'" + path + "': NoC frequency, hop cycles or DVFS levels unusable";
    return nullptr;
  }
  if (options.stepsInFlight == 0 || options.quantum == 0 ||
      options.rxFifoDepth == 0 || options.stepInstructionBudget == 0) {
    error = "steps_in_flight, quantum_instructions, rx_fifo_depth and "
            "step_instruction_budget must be at least 1";
    return nullptr;
  }
  std::unique_ptr<Simulator> sim(new Simulator(options, std::move(*model)));
  unicornStoreFixLinked(); // keeps UnicornCompat.cpp in the link
  if (!sim->cycleModel.ok()) {
    error = "cannot open the Capstone disassembler for Thumb";
    return nullptr;
  }
  return sim;
}

std::string Simulator::peName(size_t chip, const spinnaker2::PEId &id) const {
  if (model.numChips() == 1)
    return id.str();
  const spinnaker2::ChipCoord &coord = model.chips[chip];
  return std::to_string(coord.x) + "," + std::to_string(coord.y) + ":" +
         id.str();
}

spnc_sim_pe Simulator::apiPE(const PE &pe) const {
  const spinnaker2::ChipCoord &coord = model.chips[pe.chip];
  return {coord.x, coord.y, pe.id.qx, pe.id.qy, pe.id.qp};
}

PE *Simulator::lookup(const spnc_sim_pe &where, bool create,
                      std::string &error) {
  std::optional<size_t> chip = model.findChip({where.chip_x, where.chip_y});
  spinnaker2::PEId id{where.qx, where.qy, where.qp};
  if (!chip) {
    error = "no chip (" + std::to_string(where.chip_x) + "," +
            std::to_string(where.chip_y) + ") in system '" + model.name + "'";
    return nullptr;
  }
  const auto &all = model.chip.allPEs();
  auto it = std::find(all.begin(), all.end(), id);
  if (it == all.end()) {
    error = "no PE " + id.str() + " on the chip";
    return nullptr;
  }
  int local = static_cast<int>(it - all.begin());
  auto found = pes.find({*chip, local});
  if (found != pes.end())
    return found->second.get();
  if (!create) {
    error = "PE " + peName(*chip, id) + " has no program";
    return nullptr;
  }
  auto pe = std::make_unique<PE>();
  pe->sim = this;
  pe->chip = *chip;
  pe->local = local;
  pe->id = id;
  pe->name = peName(*chip, id);
  const spinnaker2::DVFSLevel *level =
      model.chip.findDVFSLevel(model.chip.defaultDVFSLevel);
  pe->dvfsLevel = level->name;
  pe->frequencyHz = static_cast<uint64_t>(level->frequencyHz);
  pe->voltage = level->voltage;
  PE *raw = pe.get();
  pes.emplace(std::make_pair(*chip, local), std::move(pe));
  return raw;
}

const PE *Simulator::find(const spnc_sim_pe &where) const {
  std::string ignored;
  return const_cast<Simulator *>(this)->lookup(where, false, ignored);
}

int Simulator::loadElf(const spnc_sim_pe &where, const std::string &path) {
  return loadImage(where, nullptr, path);
}

int Simulator::loadElfBytes(const spnc_sim_pe &where,
                            const std::vector<uint8_t> &bytes,
                            const std::string &name) {
  return loadImage(where, &bytes, name);
}

int Simulator::loadImage(const spnc_sim_pe &where,
                         const std::vector<uint8_t> *bytes,
                         const std::string &name) {
  std::string error;
  spinnaker2::PEId id{where.qx, where.qy, where.qp};
  if (model.findChip({where.chip_x, where.chip_y}) &&
      model.chip.hasQPE(id.qx, id.qy) && id.qp >= 0 &&
      id.qp < model.chip.pesPerQPE && !model.chip.isUsable(id))
    return fail(SPNC_SIM_ERROR,
                "PE " + id.str() + " is reserved for system software");
  PE *pe = lookup(where, true, error);
  if (!pe)
    return fail(SPNC_SIM_ERROR, error);
  // From a file (`name` is its path) or from memory.
  std::optional<ElfImage> elf = bytes ? ElfImage::parse(*bytes, name, error)
                                      : ElfImage::read(name, error);
  if (!elf)
    return fail(SPNC_SIM_ERROR, "PE " + pe->name + ": " + error);
  std::optional<Image> image = validateImage(
      std::move(*elf), model.chip, "PE " + pe->name + ": '" + name + "'",
      error);
  if (!image)
    return fail(SPNC_SIM_ERROR, error);
  pe->image = std::make_unique<Image>(std::move(*image));
  pe->decoded.assign(SPNC_CODE_BYTES / 2, InsnInfo());
  pe->blocks.clear();
  pe->slots.assign(SPNC_CODE_BYTES / 2, PE::Slot());
  memoryOperands.erase(pe);
  pe->alwaysHooks = false;
  return SPNC_SIM_OK;
}

int Simulator::setDVFSLevel(const spnc_sim_pe &where, const std::string &name) {
  std::string error;
  const spinnaker2::DVFSLevel *level = model.chip.findDVFSLevel(name);
  if (!level)
    return fail(SPNC_SIM_ERROR, "no DVFS level '" + name + "'");
  PE *pe = lookup(where, true, error);
  if (!pe)
    return fail(SPNC_SIM_ERROR, error);
  pe->dvfsLevel = level->name;
  pe->frequencyHz = static_cast<uint64_t>(level->frequencyHz);
  pe->voltage = level->voltage;
  return SPNC_SIM_OK;
}

int Simulator::addRoute(int chipX, int chipY, uint32_t key, uint32_t mask,
                        const spnc_sim_pe *list, size_t count, uint32_t links) {
  std::optional<size_t> chip = model.findChip({chipX, chipY});
  if (!chip)
    return fail(SPNC_SIM_ERROR, "no chip (" + std::to_string(chipX) + "," +
                                    std::to_string(chipY) + ") in system '" +
                                    model.name + "'");
  RouteEntry entry;
  entry.key = key;
  entry.mask = mask;
  entry.links = links;
  const auto &all = model.chip.allPEs();
  for (size_t i = 0; i < count; ++i) {
    spinnaker2::PEId id{list[i].qx, list[i].qy, list[i].qp};
    if (list[i].chip_x != chipX || list[i].chip_y != chipY)
      return fail(SPNC_SIM_ERROR, "a route of chip (" + std::to_string(chipX) +
                                      "," + std::to_string(chipY) +
                                      ") names PE " + id.str() +
                                      " of another chip; use a chip link");
    auto it = std::find(all.begin(), all.end(), id);
    if (it == all.end())
      return fail(SPNC_SIM_ERROR, "a route names PE " + id.str() +
                                      ", which the chip does not have");
    entry.pes.push_back(static_cast<int>(it - all.begin()));
  }
  std::string error = noc.addRoute(*chip, std::move(entry));
  if (!error.empty())
    return fail(SPNC_SIM_ERROR, error);
  return SPNC_SIM_OK;
}

int Simulator::setInput(uint32_t tensor, const void *data, size_t bytesPerStep,
                        uint32_t count) {
  if (!data && bytesPerStep * count)
    return fail(SPNC_SIM_ERROR, "input data is NULL");
  const uint8_t *bytes = static_cast<const uint8_t *>(data);
  inputs[tensor] = {bytesPerStep,
                    std::vector<uint8_t>(bytes, bytes + bytesPerStep * count)};
  return SPNC_SIM_OK;
}

bool Simulator::resetPE(PE &pe, std::string &error) {
  if (pe.uc) {
    uc_close(pe.uc);
    pe.uc = nullptr;
  }
  const Image &image = *pe.image;
  auto check = [&](uc_err err, const char *what) {
    if (err == UC_ERR_OK)
      return true;
    error = "PE " + pe.name + ": " + what + ": " + uc_strerror(err);
    return false;
  };
  if (!check(uc_open(UC_ARCH_ARM,
                     static_cast<uc_mode>(UC_MODE_THUMB | UC_MODE_MCLASS),
                     &pe.uc),
             "cannot create the emulator"))
    return false;
  uc_engine *uc = pe.uc;
  if (!check(uc_ctl_set_cpu_model(uc, UC_CPU_ARM_CORTEX_M4),
             "cannot select the Cortex-M4"))
    return false;
  const uint32_t guardBase = image.stackLimit - SPNC_STACK_GUARD_BYTES;
  if (!check(uc_mem_map(uc, SPNC_CODE_BASE, SPNC_CODE_BYTES, UC_PROT_ALL),
             "cannot map code memory") ||
      (guardBase > SPNC_DATA_BASE &&
       !check(uc_mem_map(uc, SPNC_DATA_BASE, guardBase - SPNC_DATA_BASE,
                         UC_PROT_READ | UC_PROT_WRITE),
              "cannot map data memory")) ||
      !check(uc_mem_map(uc, guardBase, SPNC_STACK_GUARD_BYTES, UC_PROT_NONE),
             "cannot map the stack guard") ||
      !check(uc_mem_map(uc, image.stackLimit, SRAMEnd - image.stackLimit,
                        UC_PROT_READ | UC_PROT_WRITE),
             "cannot map the stack"))
    return false;
  for (const Image::Load &load : image.loads)
    if (!check(uc_mem_write(uc, load.address, load.bytes.data(),
                            load.bytes.size()),
               "cannot load a segment"))
      return false;
  if (!check(uc_mem_protect(uc, SPNC_CODE_BASE, SPNC_CODE_BYTES,
                            UC_PROT_READ | UC_PROT_EXEC),
             "cannot protect code memory") ||
      !check(uc_mmio_map(uc, SPNC_MMIO_BASE, SPNC_MMIO_BYTES, mmioRead, &pe,
                         mmioWrite, &pe),
             "cannot map the communication registers") ||
      !check(uc_mmio_map(uc, SPNC_SCS_BASE, 0x1000, scsRead, &pe, scsWrite,
                         &pe),
             "cannot map the system control space"))
    return false;
  // Cycle accounting: a code hook on every instruction (the reference), or
  // a block hook, with code hooks only in the blocks that need them.
  uc_hook hook;
  pe.hooksEverywhere = options.instructionHooks || pe.alwaysHooks;
  pe.blockHook = 0;
  if (!check(pe.hooksEverywhere
                 ? uc_hook_add(uc, &hook, UC_HOOK_CODE,
                               reinterpret_cast<void *>(hookCode), &pe,
                               SPNC_CODE_BASE, CodeEnd - 1)
                 : uc_hook_add(uc, &pe.blockHook, UC_HOOK_BLOCK,
                               reinterpret_cast<void *>(hookBlock), &pe,
                               SPNC_CODE_BASE, CodeEnd - 1),
             "cannot hook instructions") ||
      !check(uc_hook_add(uc, &hook, UC_HOOK_MEM_INVALID,
                         reinterpret_cast<void *>(hookInvalid), &pe, 1, 0),
             "cannot hook memory faults") ||
      !check(uc_hook_add(uc, &hook, UC_HOOK_INTR,
                         reinterpret_cast<void *>(hookInterrupt), &pe, 1, 0),
             "cannot hook exceptions") ||
      !check(uc_hook_add(uc, &hook, UC_HOOK_INSN_INVALID,
                         reinterpret_cast<void *>(hookInvalidInstruction), &pe,
                         1, 0),
             "cannot hook invalid instructions"))
    return false;
  uint32_t sp = image.stackTop;
  if (!check(uc_reg_write(uc, UC_ARM_REG_SP, &sp), "cannot set SP"))
    return false;
  pe.pc = image.entry & ~1u;
  pe.resumePC = pe.pc;
  for (PE::Slot &slot : pe.slots)
    slot.hookedBytes = slot.openerBytes = 0;
  pe.current = nullptr;
  pe.run = nullptr;
  pe.runDone = 0;
  pe.accessAt = -1;
  pe.tail = PE::Tail::None;
  pe.itRun = PE::ITRun();
  pe.pending.clear();
  pe.hookRequest = nullptr;
  pe.openerRequest = pe.unhookRequest = false;
  pe.lastBlock = nullptr;
  pe.accessSeen = false;
  pe.switchRequest = false;
  pe.fpContextActive = pe.watchFPContext = false;

  pe.state = PE::State::Runnable;
  pe.stop = PE::Stop::None;
  pe.waitKind = PE::WaitKind::None;
  pe.waitValue = 0;
  pe.clock = pe.activeCycles = pe.instructions = pe.stepInstructions = 0;
  pe.sliceLeft = 0;
  pe.lastPC = pe.pc;
  pe.prevFallthrough = 0;
  pe.prevIndirect = pe.prevValid = false;
  pe.cpacr = 0;
  pe.fpuEnabled = false;
  pe.txPayload = pe.faultInfo = pe.cyclesHiLatch = 0;
  pe.memFault = pe.exception = false;
  pe.rx.clear();
  pe.stepsDone = pe.exitCode = 0;
  pe.sleepSince = 0;
  pe.scheduled = false;
  pe.packetsSent = pe.packetsReceived = 0;
  pe.flushedInstructions = pe.flushedCycles = 0;
  pe.activeEnergyJ = 0;
  pe.phase = 0;
  pe.phaseStart = 0;
  pe.trace.clear();
  pe.stepMarks.clear();
  pe.console.clear();
  return true;
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

void Simulator::schedule(PE &pe, uint64_t time) {
  if (pe.scheduled && pe.scheduledTime <= time)
    return;
  pe.scheduled = true;
  pe.scheduledTime = time;
  ++pe.generation;
  queue.push({time, nextSeq++, &pe, pe.generation});
}

int Simulator::run(uint32_t stepCount) {
  if (stepCount > (1u << 24))
    return fail(SPNC_SIM_ERROR, "at most 16777216 steps per run");
  auto hostStart = std::chrono::steady_clock::now();
  progressReported = 0;
  int status = SPNC_SIM_OK;
  // An attempt stops early when a block run without per-instruction hooks
  // did something block-level accounting cannot follow exactly (see
  // restartWithHooks); that block has hooks from the start of the next
  // attempt, which, the simulation being deterministic, repeats the first
  // one up to there. After a few, every PE gets hooks everywhere.
  constexpr unsigned MaxAttempts = 8;
  for (unsigned attempt = 1;; ++attempt) {
    restart = false;
    status = runAttempt(stepCount);
    if (!restart)
      break;
    if (attempt + 1 >= MaxAttempts)
      for (auto &entry : pes)
        entry.second->alwaysHooks = true;
  }
  hostTime = std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                           hostStart)
                 .count();
  return status;
}

int Simulator::runAttempt(uint32_t stepCount) {
  stopRun = haveFault = false;
  faultReport = spnc_sim_fault{};
  faultMessage.clear();
  drops.clear();
  dropCount = 0;
  packets.clear();
  lastArrival.clear();
  queue = decltype(queue)();
  nextSeq = 0;
  rng.seed(options.seed);
  totalStats = spnc_sim_totals{};
  outputs.clear();
  numSteps = stepCount;
  completedAll = 0;
  gate = std::min(options.stepsInFlight, stepCount);
  steps.assign(stepCount, spnc_sim_step_stats{});

  std::vector<PE *> loaded;
  for (auto &entry : pes)
    if (entry.second->image)
      loaded.push_back(entry.second.get());
  if (loaded.empty())
    return fail(SPNC_SIM_ERROR, "no PE has a program");

  // Host I/O: every input slice must have data, output slices must agree.
  std::map<uint32_t, std::vector<std::pair<uint64_t, std::string>>> claimed;
  for (PE *pe : loaded) {
    for (const spnc_io_buffer &buffer : pe->image->inputs) {
      auto it = inputs.find(buffer.tensor);
      std::string what = "PE " + pe->name + " reads input tensor " +
                         std::to_string(buffer.tensor);
      if (it == inputs.end())
        return fail(SPNC_SIM_ERROR, what + ", which was not set");
      size_t perStep = it->second.first;
      size_t available = perStep ? it->second.second.size() / perStep : 0;
      size_t needed = buffer.flags == SPNC_IO_ONCE ? 1 : stepCount;
      if (uint64_t(buffer.offset) + buffer.bytes > perStep)
        return fail(SPNC_SIM_ERROR,
                    what + " bytes [" + std::to_string(buffer.offset) + ", " +
                        std::to_string(uint64_t(buffer.offset) + buffer.bytes) +
                        ") of each step, but a step has " +
                        std::to_string(perStep) + " bytes");
      if (available < needed)
        return fail(SPNC_SIM_ERROR, what + " for " + std::to_string(needed) +
                                        " step(s), but it has " +
                                        std::to_string(available));
    }
    for (const spnc_io_buffer &buffer : pe->image->outputs) {
      Output &output = outputs[buffer.tensor];
      bool once = buffer.flags == SPNC_IO_ONCE;
      if (!claimed[buffer.tensor].empty() && output.once != once)
        return fail(SPNC_SIM_ERROR,
                    "output tensor " + std::to_string(buffer.tensor) +
                        " is written once by some PEs and per step by others");
      output.once = once;
      output.bytesPerStep = std::max<size_t>(output.bytesPerStep,
                                             size_t(buffer.offset) + buffer.bytes);
      claimed[buffer.tensor].push_back(
          {(uint64_t(buffer.offset) << 32) | buffer.bytes, pe->name});
    }
  }
  for (auto &[tensor, list] : claimed) {
    std::sort(list.begin(), list.end());
    for (size_t i = 1; i < list.size(); ++i) {
      uint64_t prevEnd = (list[i - 1].first >> 32) + (list[i - 1].first & 0xFFFFFFFF);
      if ((list[i].first >> 32) < prevEnd)
        return fail(SPNC_SIM_ERROR, "PEs " + list[i - 1].second + " and " +
                                        list[i].second +
                                        " write overlapping bytes of output "
                                        "tensor " +
                                        std::to_string(tensor));
    }
    Output &output = outputs[tensor];
    output.data.assign(output.bytesPerStep *
                           (output.once ? 1 : std::max<uint32_t>(stepCount, 1)),
                       0);
  }

  std::string error;
  for (PE *pe : loaded)
    if (!resetPE(*pe, error))
      return fail(SPNC_SIM_ERROR, error);
  for (PE *pe : loaded) {
    writeInputs(*pe, 0, true);
    if (stepCount > 0)
      writeInputs(*pe, 0, false);
  }
  for (PE *pe : loaded) {
    if (options.seed)
      pe->clock = rng() % 4096; // start offsets
    schedule(*pe, pe->nowPs());
  }

  while (!queue.empty() && !stopRun) {
    Event event = queue.top();
    queue.pop();
    PE &pe = *event.pe;
    if (!pe.scheduled || event.generation != pe.generation)
      continue;
    pe.scheduled = false;
    if (pe.state == PE::State::Sleeping) {
      pe.clock = std::max(pe.clock, cyclesAtPicos(event.time, pe.frequencyHz));
      pe.state = PE::State::Runnable;
      pe.waitKind = PE::WaitKind::None;
      pe.phaseStart = pe.nowPs();
    }
    if (pe.state == PE::State::Runnable)
      runSlice(pe);
  }
  if (restart)
    return SPNC_SIM_OK;
  finish();

  if (haveFault)
    return fail(SPNC_SIM_FAULT, faultMessage);
  std::string stuck;
  size_t stuckCount = 0;
  for (PE *pe : loaded)
    if (pe->state != PE::State::Halted) {
      ++stuckCount;
      stuck += "\n  PE " + pe->name + " " + describeWait(*pe);
    }
  if (dropCount) {
    std::string message = std::to_string(dropCount) +
                          " packet(s) dropped; a run with drops is invalid:";
    for (const std::string &line : drops)
      message += "\n  " + line;
    if (dropCount > drops.size())
      message += "\n  ...";
    if (stuckCount)
      message += "\nand then " + std::to_string(stuckCount) +
                 " PE(s) could not finish:" + stuck;
    return fail(SPNC_SIM_DROPPED, message);
  }
  if (stuckCount)
    return fail(SPNC_SIM_DEADLOCK,
                "deadlock: nothing is left to run but " +
                    std::to_string(stuckCount) + " of " +
                    std::to_string(loaded.size()) +
                    " PE(s) have not finished:" + stuck);
  for (PE *pe : loaded)
    if (pe->exitCode != 0)
      return fail(SPNC_SIM_EXIT_CODE, "PE " + pe->name +
                                          " halted with exit code " +
                                          std::to_string(pe->exitCode));
  lastError.clear();
  return SPNC_SIM_OK;
}

std::string Simulator::describeWait(const PE &pe) const {
  std::string step = "in step " + std::to_string(pe.stepsDone);
  if (pe.state != PE::State::Sleeping)
    return step + " was still running";
  if (pe.waitKind == PE::WaitKind::Gate)
    return step + " waits for the step gate (it passes step " +
           std::to_string(pe.waitValue) + " at " +
           std::to_string(pe.waitValue + 1) + ", it is at " +
           std::to_string(gate) + ")";
  uint32_t kind = pe.waitValue & 0xF0000000u;
  uint32_t detail = pe.waitValue & 0x0FFFFFFFu;
  if (kind == SPNC_WAIT_EOS)
    return step + " waits for the end-of-step signal of source " +
           std::to_string(detail);
  return step + " waits for a packet (wait value " + hex(pe.waitValue) + ")";
}

void Simulator::runSlice(PE &pe) {
  pe.stop = PE::Stop::None;
  uint64_t quantum = options.quantum;
  if (options.seed)
    quantum = quantum / 2 + rng() % (quantum + 1);
  pe.sliceLeft = std::max<uint64_t>(quantum, 1);
  pe.current = nullptr;
  pe.run = nullptr;
  pe.tail = PE::Tail::None;
  pe.itRun = PE::ITRun();
  pe.hookRequest = nullptr; // asked for again where still needed
  pe.openerRequest = pe.unhookRequest = false;
  pe.lastBlock = nullptr;
  pe.switchRequest = false;
  // Instructions the emulator ran ahead of the accounting come first.
  while (!pe.pending.empty() && pe.sliceLeft > 0) {
    PE::Pending &next = pe.pending.front();
    uint32_t count = static_cast<uint32_t>(
        std::min<uint64_t>(next.to - next.from, pe.sliceLeft));
    if (pe.stepInstructions + count > options.stepInstructionBudget) {
      restartWithHooks(pe, nullptr); // the budget runs out inside
      pe.alwaysHooks = true;
      return;
    }
    charge(pe, *next.sequence, next.from, next.from + count, next.extra);
    next.from += count;
    if (next.from == next.to)
      pe.pending.pop_front();
  }
  // The quantum ends inside: the next one starts after the IT block.
  while (!pe.pending.empty()) {
    PE::Pending &next = pe.pending.front();
    uint32_t from = next.from;
    next.from = skipInIT(*next.sequence, next.from);
    if (next.from < next.to)
      break;
    skipped(pe, *next.sequence, from, next.to);
    if (restart)
      return;
    pe.pending.pop_front();
  }
  uc_err err = UC_ERR_OK;
  bool ran = false; // (not when the instructions run ahead filled the slice)
  while (pe.sliceLeft > 0) {
    ran = true;
    pe.stopped = false;
    err = uc_emu_start(pe.uc, pe.resumePC | 1, UntilAddress, 0, 0);
    if (restart)
      return;
    if (err != UC_ERR_OK || pe.memFault || pe.exception ||
        pe.stop != PE::Stop::None)
      break;
    // Stopped before a block to change how it is translated: continue.
    std::string error;
    if (Block *block = pe.hookRequest) {
      Hooks hooks = pe.unhookRequest   ? Hooks::None
                    : pe.openerRequest ? Hooks::Openers
                                       : Hooks::All;
      pe.hookRequest = nullptr;
      pe.openerRequest = pe.unhookRequest = false;
      if (!translateWithHooks(pe, *block, hooks, error)) {
        pe.alwaysHooks = true;
        restartWithHooks(pe, nullptr);
        return;
      }
      continue;
    }
    if (pe.switchRequest) {
      pe.switchRequest = false;
      if (!hookEverything(pe, error)) {
        pe.alwaysHooks = true;
        restartWithHooks(pe, nullptr);
        return;
      }
      continue;
    }
    break;
  }
  // The reference continues where the emulator's PC is. With code hooks on
  // every instruction that is where the last one stopped it (or a branch
  // inside an IT block went); otherwise, when a hook stopped it, the
  // emulator may not have kept its PC (resumePC has it), and when the core
  // stopped by itself (WFI) its PC is right.
  if (ran && (pe.hooksEverywhere || !pe.stopped))
    uc_reg_read(pe.uc, UC_ARM_REG_PC, &pe.resumePC);
  pe.pc = pe.resumePC;
  if (pe.stop == PE::Stop::Fault) {
    pe.state = PE::State::Faulted;
    return;
  }
  // Faults inside a block run without hooks: the instruction is not known.
  bool fetchFault = pe.memFault && (pe.memFaultType == UC_MEM_FETCH_UNMAPPED ||
                                    pe.memFaultType == UC_MEM_FETCH_PROT);
  if ((err != UC_ERR_OK || pe.memFault || pe.exception) && !fetchFault &&
      (pe.current || pe.itRun.count)) {
    if (!pe.current)
      pe.alwaysHooks = true; // inside an IT block: the reference can tell
    restartWithHooks(pe, pe.current);
    return;
  }
  if (fetchFault && !pe.pending.empty()) { // the fetch lies in a later slice
    pe.alwaysHooks = true; // (rare: no single block to blame)
    restartWithHooks(pe, nullptr);
    return;
  }
  if (err != UC_ERR_OK || pe.memFault) {
    const Image &image = *pe.image;
    uint32_t address = static_cast<uint32_t>(pe.memFaultAddress);
    uint32_t guardBase = image.stackLimit - SPNC_STACK_GUARD_BYTES;
    if (err == UC_ERR_INSN_INVALID) {
      raise(pe, SPNC_SIM_FAULT_UNDEFINED_INSTRUCTION, pe.lastPC, 0,
            "the core cannot execute it");
    } else if (!pe.memFault) {
      raise(pe, SPNC_SIM_FAULT_INVALID_ACCESS, pe.lastPC, 0,
            std::string("the emulator stopped: ") + uc_strerror(err));
    } else {
      uc_mem_type type = pe.memFaultType;
      bool fetch = type == UC_MEM_FETCH_UNMAPPED || type == UC_MEM_FETCH_PROT;
      bool write = type == UC_MEM_WRITE_UNMAPPED || type == UC_MEM_WRITE_PROT;
      const char *access = fetch ? "instruction fetch from" : write ? "write to"
                                                                    : "read of";
      if (fetch && address >= SPNC_DATA_BASE && address < SRAMEnd)
        raise(pe, SPNC_SIM_FAULT_EXECUTE_DATA, address, address,
              "instruction fetch from " + hex(address) +
                  " in the data region (not executable)");
      else if (fetch)
        raise(pe, SPNC_SIM_FAULT_INVALID_ACCESS, address, address,
              "instruction fetch from unmapped address " + hex(address));
      else if (address >= guardBase && address < image.stackLimit)
        raise(pe, SPNC_SIM_FAULT_STACK_OVERFLOW, pe.lastPC, address,
              std::string(access) + " " + hex(address) +
                  " in the stack guard [" + hex(guardBase) + ", " +
                  hex(image.stackLimit) + ")");
      else if (write && address < CodeEnd)
        raise(pe, SPNC_SIM_FAULT_WRITE_TO_CODE, pe.lastPC, address,
              "write to " + hex(address) + " in the read-only code region");
      else
        raise(pe, SPNC_SIM_FAULT_INVALID_ACCESS, pe.lastPC, address,
              std::string(access) + " unmapped address " + hex(address));
    }
    pe.state = PE::State::Faulted;
    return;
  }
  if (pe.exception) {
    const char *name = pe.exceptionNumber == 2   ? "SVC"
                       : pe.exceptionNumber == 7 ? "BKPT"
                                                 : "exception";
    raise(pe, SPNC_SIM_FAULT_EXCEPTION, pe.lastPC, 0,
          std::string(name) + " (exception " +
              std::to_string(pe.exceptionNumber) +
              "): nothing in the ABI handles exceptions");
    pe.state = PE::State::Faulted;
    return;
  }
  uint32_t sp = 0;
  uc_reg_read(pe.uc, UC_ARM_REG_SP, &sp);
  for (const PE::Pending &ahead : pe.pending) // not executed yet
    for (uint32_t i = ahead.from; i < ahead.to; ++i)
      sp -= static_cast<uint32_t>(
          static_cast<int32_t>(ahead.sequence->steps[i].spDelta));
  if (sp < pe.image->stackLimit || sp > pe.image->stackTop) {
    raise(pe, SPNC_SIM_FAULT_STACK_OVERFLOW, pe.lastPC, sp,
          "SP " + hex(sp) + " left the stack [" + hex(pe.image->stackLimit) +
              ", " + hex(pe.image->stackTop) + "]");
    pe.state = PE::State::Faulted;
    return;
  }
  switch (pe.stop) {
  case PE::Stop::None:
    if (pe.sliceLeft == 0) {
      schedule(pe, pe.nowPs());
    } else {
      raise(pe, SPNC_SIM_FAULT_EXCEPTION, pe.lastPC, 0,
            "the core stopped by itself (WFI/WFE with no interrupt source; "
            "wait with SPNC_REG_WAIT_RX instead)");
      pe.state = PE::State::Faulted;
    }
    break;
  case PE::Stop::Wait:
    sleep(pe);
    break;
  case PE::Stop::Halt:
    pe.state = PE::State::Halted;
    break;
  case PE::Stop::Fault:
    break;
  }
}

void Simulator::sleep(PE &pe) {
  uint64_t now = pe.nowPs();
  closeTrace(pe, now);
  pe.state = PE::State::Sleeping;
  pe.sleepSince = now;
  if (!pe.rx.empty())
    schedule(pe, std::max(pe.rx.front().arrival, now));
}

void Simulator::onCode(PE &pe, uint32_t address) {
  if (pe.itRun.count)
    drainIT(pe, 4);
  account(pe, address, false);
}

void Simulator::account(PE &pe, uint32_t address, bool inIT) {
  // Inside an IT block the emulator cannot stop: the reference's stop
  // request there takes effect at the next hook after it.
  if (pe.stop != PE::Stop::None || pe.sliceLeft == 0) {
    if (inIT)
      pe.itRun.stopRequested = true;
    else
      stopBefore(pe, address);
    return;
  }
  if (pe.stepInstructions >= options.stepInstructionBudget) {
    raise(pe, SPNC_SIM_FAULT_STEP_BUDGET, address, 0,
          "more than " + std::to_string(options.stepInstructionBudget) +
              " instructions in one step");
    if (!inIT)
      stopBefore(pe, address);
    return;
  }
  InsnInfo &info = pe.decoded[(address - SPNC_CODE_BASE) >> 1];
  if (!info.flags)
    info = cycleModel.decode(pe.image->code.data() + address,
                             CodeEnd - address, address);
  if ((info.flags & InsnInfo::FP) && !pe.fpuEnabled) {
    raise(pe, SPNC_SIM_FAULT_FPU_DISABLED, address, 0,
          "floating-point instruction while CPACR does not enable CP10/CP11 "
          "(UsageFault NOCP)");
    if (!inIT)
      stopBefore(pe, address);
    return;
  }
  uint64_t cycles = info.cycles;
  if (info.flags & (InsnInfo::SignedDiv | InsnInfo::UnsignedDiv)) {
    uint32_t dividend = 0, divisor = 0;
    uc_reg_read(pe.uc, ucRegister(info.divDividend), &dividend);
    uc_reg_read(pe.uc, ucRegister(info.divDivisor), &divisor);
    cycles = CycleModel::divisionCycles(dividend, divisor,
                                        info.flags & InsnInfo::SignedDiv);
  }
  if (pe.prevValid && address != pe.prevFallthrough)
    cycles += CycleModel::refillCycles(pe.prevIndirect, address, info.size);
  pe.clock += cycles;
  pe.activeCycles += cycles;
  ++pe.instructions;
  ++pe.stepInstructions;
  --pe.sliceLeft;
  pe.lastPC = address;
  pe.prevFallthrough = address + info.size;
  pe.prevIndirect = info.flags & InsnInfo::Indirect;
  pe.prevValid = true;
  if (info.kind & InsnInfo::ITBlock && !pe.hooksEverywhere)
    beginIT(pe, address);
}

void Simulator::beginIT(PE &pe, uint32_t address) {
  uint32_t xpsr = 0;
  uc_reg_read(pe.uc, UC_ARM_REG_XPSR, &xpsr);
  uint8_t bits = pe.image->code[address];
  unsigned first = bits >> 4, mask = bits & 0xF;
  unsigned slots = mask ? 4 - static_cast<unsigned>(__builtin_ctz(mask)) : 0;
  PE::ITRun &run = pe.itRun;
  run = PE::ITRun();
  uint32_t at = address + 2;
  for (unsigned i = 0; i < slots && at < CodeEnd; ++i) {
    InsnInfo &info = pe.decoded[(at - SPNC_CODE_BASE) >> 1];
    if (!info.flags)
      info = cycleModel.decode(pe.image->code.data() + at, CodeEnd - at, at);
    unsigned cond = i == 0 ? first : (first & 0xE) | (mask >> (4 - i) & 1);
    if (conditionHolds(cond, xpsr))
      run.taken |= static_cast<uint8_t>(1u << i);
    run.address[i] = at;
    run.count = static_cast<uint8_t>(i + 1);
    if (info.kind & (InsnInfo::Load | InsnInfo::Store) &&
        !(info.kind & InsnInfo::LocalAccess) && !(run.taken >> i & 1))
      pe.allRan = false;
    at += info.size;
  }
}

void Simulator::drainIT(PE &pe, unsigned through) {
  PE::ITRun &run = pe.itRun;
  for (; run.next < run.count && run.next < through; ++run.next)
    if (run.taken >> run.next & 1)
      account(pe, run.address[run.next], true);
  if (run.next == run.count)
    run.count = 0;
}

void Simulator::stopBefore(PE &pe, uint32_t address) {
  // Inside an IT block the emulator only stops after it (the reference's
  // behaviour too); the last stop request names where it did.
  uc_emu_stop(pe.uc);
  pe.resumePC = address;
  pe.stopped = true;
}

//===----------------------------------------------------------------------===//
// Block-level accounting (docs/Simulator.md, "Speed")
//
// A code hook per instruction costs more than the instruction, so blocks
// run with only a block hook where the accounting can follow them exactly:
// the block hook charges straight-line code at the block's entry, and the
// only instructions whose cost depends on the running code, IT (which
// instructions run) and divisions (operands), get a code hook of their own
// that charges the code after them ("segments"). The result is that of a
// code hook on every instruction (the reference, options.instructionHooks):
// - a quantum that ends inside a block: the emulator finishes the block;
//   the rest counts first thing in the PE's next slice, as if it ran then
//   (nothing else sees a PE's registers and memory);
// - a register access: its instruction is found by the address it accesses
//   and the counters are set to it; if a stop follows (WAIT_RX, HALT, a
//   fault), the rest of the block must neither store nor move SP (it runs
//   before the stop takes effect) and counts after the wake-up, or never;
// - inside an IT block, as in the reference, a stop takes effect after it
//   and the instructions up to there run but do not count;
// - blocks with exceptions, system registers or SP changes of unknown size,
//   blocks that access registers or make their address, and a block's first
//   run when the quantum ends before its last load or store (a register
//   access there would belong to the next slice) get a code hook on every
//   instruction (IT blocks inside them: beginIT/drainIT); MSR, CPS and IT
//   blocks that set flags, divide or run on into the next block put the PE
//   back on the reference for good;
// - anything else (a fault, an access that matches no single instruction,
//   the step budget running out inside): the run starts again, with that
//   block hooked from the start.
//===----------------------------------------------------------------------===//

namespace {

uint32_t cumulative(const Sequence &sequence, uint32_t index) {
  if (index < sequence.count())
    return sequence.steps[index].before;
  if (sequence.steps.empty())
    return 0;
  const Sequence::Step &last = sequence.steps.back();
  return last.before + last.cycles + last.refill;
}

} // namespace

Block &Simulator::blockAt(PE &pe, uint32_t start, uint32_t bytes) {
  size_t slot = (start - SPNC_CODE_BASE) >> 1;
  Block *cached = pe.slots[slot].block;
  if (cached && cached->bytes == bytes)
    return *cached;
  std::unique_ptr<Block> &entry =
      pe.blocks[(static_cast<uint64_t>(start) << 16) | bytes];
  if (!entry) {
    auto block = std::make_unique<Block>();
    block->start = start;
    block->bytes = bytes;
    block->blockLevel = true;
    uint32_t end = start + bytes;
    unsigned conditional = 0; // instructions left in an IT block
    for (uint32_t address = start; address < end && address < CodeEnd;) {
      InsnInfo &info = pe.decoded[(address - SPNC_CODE_BASE) >> 1];
      if (!info.flags)
        info = cycleModel.decode(pe.image->code.data() + address,
                                 CodeEnd - address, address);
      Block::Insn insn;
      insn.address = address;
      insn.size = info.size;
      insn.cycles = info.cycles;
      insn.kind = info.kind;
      insn.indirect = info.flags & InsnInfo::Indirect;
      insn.division =
          info.flags & (InsnInfo::SignedDiv | InsnInfo::UnsignedDiv);
      insn.spDelta = info.spDelta;
      bool inIT = conditional != 0;
      if (info.flags & InsnInfo::Invalid ||
          info.kind & (InsnInfo::NeedsHooks | InsnInfo::SPUnknown))
        block->blockLevel = false;
      if (info.flags & InsnInfo::FP)
        block->hasFP = true;
      if (info.kind & InsnInfo::RegisterBase)
        block->registerBase = true;
      if (info.kind & InsnInfo::ChangesMode ||
          (inIT && (insn.division || info.kind & InsnInfo::ITBlock)))
        block->needsInstructionHooks = true;
      if (conditional)
        --conditional;
      if (info.kind & InsnInfo::ITBlock) {
        // IT's mask (low 4 bits): its lowest set bit marks the last of the
        // 1..4 instructions it makes conditional.
        uint8_t bits = pe.image->code[address];
        unsigned mask = bits & 0xF;
        conditional = mask ? 4 - static_cast<unsigned>(__builtin_ctz(mask)) : 0;
        insn.itSlots = static_cast<uint8_t>(conditional);
        insn.itBits = bits;
        block->hasIT = true;
        if (cycleModel.itBlockSetsFlags(pe.image->code.data() + address,
                                        CodeEnd - address, address))
          block->needsInstructionHooks = true;
      }
      if (info.kind & (InsnInfo::Load | InsnInfo::Store) &&
          !(info.kind & InsnInfo::LocalAccess)) {
        block->riskyEnd = static_cast<uint32_t>(block->insns.size()) + 1;
      }
      block->insns.push_back(insn);
      address += info.size ? info.size : 2;
    }
    for (uint32_t i = 0; i < block->count(); ++i)
      for (unsigned k = 0; k < block->insns[i].itSlots &&
                           i + 1 + k < block->count(); ++k) {
        const Block::Insn &slotInsn = block->insns[i + 1 + k];
        if (slotInsn.kind & (InsnInfo::Load | InsnInfo::Store) &&
            !(slotInsn.kind & InsnInfo::LocalAccess))
          block->insns[i].riskySlots |= static_cast<uint8_t>(1u << k);
      }
    // A block ending inside an IT block: the next one would start there.
    if (conditional || block->insns.empty() ||
        block->insns.back().address + block->insns.back().size != end)
      block->needsInstructionHooks = true;
    // Segments: one after each IT, one at each division.
    block->segmentStart.push_back(0);
    block->opener.push_back(0);
    for (uint32_t i = 0; i < block->count(); ++i) {
      const Block::Insn &insn = block->insns[i];
      uint32_t boundary = insn.itSlots ? i + 1 : insn.division ? i : 0;
      if (!boundary || boundary >= block->count())
        continue;
      block->segmentStart.push_back(boundary);
      block->opener.push_back(i);
      if (!block->firstHooked)
        block->firstHooked = i;
      block->lastHooked = i;
    }
    block->segmentStart.push_back(block->count());
    block->quick = block->blockLevel && !block->registerBase &&
                   !block->needsInstructionHooks && !block->insns[0].division;
    block->opensAtEntry = block->segments() > 1 && block->opener[1] == 0;
    entry = std::move(block);
    if (entry->quick) {
      const Sequence &head = sequence(*entry, 0, 0);
      const Sequence::Step &last = head.steps.back();
      entry->head = &head;
      entry->length = head.count();
      entry->headCycles = cumulative(head, head.count());
      entry->firstSize = head.steps[0].size;
      entry->lastAddress = last.address;
      entry->lastSize = last.size;
      entry->lastIndirect = last.indirect;
    }
  }
  pe.slots[slot].block = entry.get();
  return *entry;
}

const Sequence &Simulator::sequence(Block &block, uint32_t segment,
                                    uint32_t taken) {
  size_t outcomes = block.hasIT ? 16 : 1;
  if (block.sequences.empty())
    block.sequences.resize(block.segments() * outcomes);
  std::unique_ptr<Sequence> &entry =
      block.sequences[segment * outcomes + taken];
  if (entry)
    return *entry;
  auto sequence = std::make_unique<Sequence>();
  uint32_t from = block.segmentStart[segment],
           to = block.segmentStart[segment + 1];
  // The IT block whose instructions lead this segment, if any.
  unsigned slots = from > 0 ? block.insns[from - 1].itSlots : 0;
  uint32_t cycles = 0;
  for (uint32_t i = from; i < to; ++i) {
    const Block::Insn &insn = block.insns[i];
    bool inIT = i - from < slots;
    if (inIT && !(taken >> (i - from) & 1))
      continue; // skipped: no hook, no count in the reference
    Sequence::Step step;
    step.address = insn.address;
    step.size = insn.size;
    step.cycles = insn.division ? 0 : insn.cycles; // divisions: extra
    step.indirect = insn.indirect;
    step.inIT = inIT;
    step.spDelta = insn.spDelta;
    if (!sequence->steps.empty()) {
      const Sequence::Step &previous = sequence->steps.back();
      if (previous.address + previous.size != step.address)
        step.refill = static_cast<uint8_t>(CycleModel::refillCycles(
            previous.indirect, step.address, step.size));
    }
    step.before = cycles;
    cycles += step.cycles + step.refill;
    sequence->steps.push_back(step);
  }
  sequence->lastSegment = to == block.count();
  sequence->indirectLast = sequence->lastSegment &&
                               !sequence->steps.empty() &&
                               sequence->steps.back().address ==
                                   block.insns[to - 1].address &&
                               block.insns[to - 1].indirect;
  entry = std::move(sequence);
  return *entry;
}

uint32_t Simulator::skipInIT(const Sequence &sequence, uint32_t from) {
  while (from < sequence.count() && sequence.steps[from].inIT)
    ++from;
  return from;
}

void Simulator::skipped(PE &pe, const Sequence &sequence, uint32_t from,
                        uint32_t to) {
  // IT block instructions ran but do not count. If they end the block, the
  // reference's emulator stops only at the next block and continues where
  // its PC then is: the target of an indirect branch that ran last (here
  // too), otherwise the last instruction whose hook set the PC, or the next
  // block when the emulator did not chain the blocks; only the reference
  // can tell, so this PE becomes one.
  if (to > from && to == sequence.count() && sequence.lastSegment &&
      !sequence.indirectLast) {
    pe.alwaysHooks = true;
    restartWithHooks(pe, nullptr);
  }
}

void Simulator::charge(PE &pe, const Sequence &sequence, uint32_t from,
                       uint32_t to, uint32_t extra) {
  const Sequence::Step &first = sequence.steps[from],
                       &last = sequence.steps[to - 1];
  uint64_t cycles = cumulative(sequence, to) - cumulative(sequence, from) -
                    first.refill + (from == 0 ? extra : 0);
  if (pe.prevValid && first.address != pe.prevFallthrough)
    cycles += CycleModel::refillCycles(pe.prevIndirect, first.address,
                                       first.size);
  uint32_t count = to - from;
  pe.clock += cycles;
  pe.activeCycles += cycles;
  pe.instructions += count;
  pe.stepInstructions += count;
  pe.sliceLeft -= count;
  pe.lastPC = last.address;
  pe.prevFallthrough = last.address + last.size;
  pe.prevIndirect = last.indirect;
  pe.prevValid = true;
}

void Simulator::uncharge(PE &pe, const Sequence &sequence, uint32_t from,
                         uint32_t to) {
  // Takes back steps [from, to) of a charge that began before `from`.
  uint64_t cycles = cumulative(sequence, to) - cumulative(sequence, from);
  uint32_t count = to - from;
  pe.clock -= cycles;
  pe.activeCycles -= cycles;
  pe.instructions -= count;
  pe.stepInstructions -= count;
  pe.sliceLeft += count;
  const Sequence::Step &last = sequence.steps[from - 1];
  pe.lastPC = last.address;
  pe.prevFallthrough = last.address + last.size;
  pe.prevIndirect = last.indirect;
}

void Simulator::startRun(PE &pe, const Sequence &sequence, uint32_t extra) {
  uint32_t count = sequence.count();
  if (count == 0) { // an IT block skipped all of the segment
    pe.run = nullptr;
    return;
  }
  if (pe.tail == PE::Tail::None && pe.sliceLeft == 0)
    pe.tail = PE::Tail::Skipping; // the quantum ended just before
  switch (pe.tail) {
  case PE::Tail::Drop:
    return;
  case PE::Tail::Defer:
    pe.pending.push_back({&sequence, 0, count, extra});
    return;
  case PE::Tail::Skipping: {
    uint32_t from = skipInIT(sequence, 0);
    skipped(pe, sequence, 0, from);
    if (from < count) {
      pe.tail = PE::Tail::Defer;
      pe.pending.push_back({&sequence, from, count, from ? 0 : extra});
    }
    return;
  }
  case PE::Tail::None:
    break;
  }
  uint32_t now =
      static_cast<uint32_t>(std::min<uint64_t>(count, pe.sliceLeft));
  if (now)
    charge(pe, sequence, 0, now, extra);
  pe.run = &sequence;
  pe.runDone = now;
  pe.lastAccessStep = -1;
  if (now < count) { // the quantum ends inside: the rest counts next slice
    pe.tail = PE::Tail::Skipping;
    uint32_t from = skipInIT(sequence, now);
    skipped(pe, sequence, now, from);
    if (from < count) {
      pe.tail = PE::Tail::Defer;
      pe.pending.push_back({&sequence, from, count, from ? 0 : extra});
    }
  }
}

void Simulator::openSegments(PE &pe, Block &block, uint32_t opener) {
  for (uint32_t segment = 1; segment < block.segments(); ++segment) {
    if (block.opener[segment] != opener)
      continue;
    const Block::Insn &insn = block.insns[opener];
    uint32_t taken = 0, extra = 0;
    if (insn.itSlots) {
      uint32_t xpsr = 0;
      uc_reg_read(pe.uc, UC_ARM_REG_XPSR, &xpsr);
      unsigned first = insn.itBits >> 4, mask = insn.itBits & 0xF;
      for (unsigned i = 0; i < insn.itSlots; ++i) {
        unsigned cond = i == 0 ? first : (first & 0xE) | (mask >> (4 - i) & 1);
        if (conditionHolds(cond, xpsr))
          taken |= 1u << i;
      }
      if ((taken & insn.riskySlots) != insn.riskySlots)
        pe.allRan = false;
    } else if (insn.division) {
      const InsnInfo &info = pe.decoded[(insn.address - SPNC_CODE_BASE) >> 1];
      uint32_t dividend = 0, divisor = 0;
      uc_reg_read(pe.uc, ucRegister(info.divDividend), &dividend);
      uc_reg_read(pe.uc, ucRegister(info.divDivisor), &divisor);
      extra = CycleModel::divisionCycles(dividend, divisor,
                                         info.flags & InsnInfo::SignedDiv);
    }
    startRun(pe, sequence(block, segment, taken), extra);
  }
}

void Simulator::onBlock(PE &pe, uint32_t start, uint32_t bytes) {
  if (pe.hooksEverywhere)
    return;
  // The common case first: a level block seen before, that nothing keeps
  // from running at block level with its first segment charged now (the
  // general path below decides the same, more slowly).
  PE::Slot &known = pe.slots[(start - SPNC_CODE_BASE) >> 1];
  Block *seen = known.block;
  if (seen && seen->bytes == bytes && seen->quick && !pe.watchFPContext &&
      !pe.itRun.count && known.hookedBytes != bytes && !known.learnedHooks &&
      (!seen->firstHooked || known.openerBytes == bytes) &&
      pe.stop == PE::Stop::None && pe.sliceLeft >= seen->count() &&
      (!seen->hasFP || (pe.fpuEnabled && pe.fpContextActive)) &&
      pe.stepInstructions + seen->count() <= options.stepInstructionBudget) {
    if (pe.lastBlock && !pe.accessSeen && pe.allRan)
      pe.slots[(pe.lastBlock->start - SPNC_CODE_BASE) >> 1].verified = 1;
    pe.lastBlock = seen;
    pe.allRan = true;
    pe.accessSeen = false;
    pe.current = seen;
    // charge(pe, *seen->head, 0, length, 0), from the block's summary.
    uint64_t cycles = seen->headCycles;
    if (pe.prevValid && start != pe.prevFallthrough)
      cycles += CycleModel::refillCycles(pe.prevIndirect, start,
                                         seen->firstSize);
    pe.clock += cycles;
    pe.activeCycles += cycles;
    pe.instructions += seen->length;
    pe.stepInstructions += seen->length;
    pe.sliceLeft -= seen->length;
    pe.lastPC = seen->lastAddress;
    pe.prevFallthrough = seen->lastAddress + seen->lastSize;
    pe.prevIndirect = seen->lastIndirect;
    pe.prevValid = true;
    pe.run = seen->head;
    pe.runDone = seen->length;
    pe.lastAccessStep = -1;
    if (seen->opensAtEntry)
      openSegments(pe, *seen, 0);
    return;
  }
  pe.current = nullptr;
  pe.run = nullptr;
  if (pe.watchFPContext) { // the block before had FP instructions
    pe.watchFPContext = false;
    uint32_t control = 0;
    uc_reg_read(pe.uc, UC_ARM_REG_CONTROL, &control);
    if (control & 4) { // FPCA: translations are looked up anew
      pe.fpContextActive = true;
      for (PE::Slot &slot : pe.slots)
        slot.hookedBytes = slot.openerBytes = 0;
    }
  }
  if (pe.itRun.count) { // the previous block ended with an IT block
    const PE::ITRun run = pe.itRun;
    drainIT(pe, 4);
    if (pe.itRun.stopRequested) {
      // The reference's emulator went on to here and continues where its
      // PC is: here if an indirect branch ran last, otherwise where the
      // last hook inside or the chaining of blocks left it; only the
      // reference can tell.
      uint32_t last = run.address[run.count - 1];
      bool branched = run.taken >> (run.count - 1) & 1 &&
                      pe.decoded[(last - SPNC_CODE_BASE) >> 1].flags &
                          InsnInfo::Indirect;
      pe.itRun.stopRequested = false;
      if (!branched) {
        pe.alwaysHooks = true;
        restartWithHooks(pe, nullptr);
        return;
      }
    }
  }
  Block &block = blockAt(pe, start, bytes);
  size_t slot = (start - SPNC_CODE_BASE) >> 1;
  if (block.hasFP && !pe.fpContextActive)
    pe.watchFPContext = true;
  if (pe.lastBlock && !pe.accessSeen && pe.allRan) // it ran to its end
    pe.slots[(pe.lastBlock->start - SPNC_CODE_BASE) >> 1].verified = 1;
  pe.lastBlock = nullptr;
  pe.accessSeen = false;
  if (block.needsInstructionHooks) { // resumes here, nothing run: unseen
    stopBefore(pe, start);
    pe.switchRequest = true;
    return;
  }
  bool stopping = pe.stop != PE::Stop::None || pe.sliceLeft == 0;
  // A code hook on every instruction: what accounting at block level
  // cannot follow, blocks that access registers, and a block's first run
  // when the quantum ends before its last load or store.
  bool hooks =
      !block.blockLevel || block.registerBase || pe.slots[slot].learnedHooks ||
      (block.hasFP && !pe.fpuEnabled) ||
      pe.stepInstructions + block.count() > options.stepInstructionBudget ||
      (!pe.slots[slot].verified && pe.sliceLeft < block.riskyEnd);
  if (pe.slots[slot].hookedBytes == bytes) {
    if (hooks || stopping || !pe.slots[slot].verified) {
      pe.lastBlock = &block;
      pe.allRan = true;
      onCode(pe, start); // code hooks do the others
    } else {
      stopBefore(pe, start);
      pe.hookRequest = &block;
      pe.unhookRequest = true;
    }
    return;
  }
  if (stopping) {
    stopBefore(pe, start);
    return;
  }
  if (hooks) {
    stopBefore(pe, start);
    pe.hookRequest = &block;
    return;
  }
  if (block.firstHooked && pe.slots[slot].openerBytes != bytes) {
    stopBefore(pe, start); // code hooks on the openers
    pe.hookRequest = &block;
    pe.openerRequest = true;
    return;
  }
  pe.lastBlock = &block;
  pe.allRan = true;
  pe.current = &block;
  uint32_t extra = 0;
  if (block.insns[0].division) {
    const InsnInfo &info = pe.decoded[slot];
    uint32_t dividend = 0, divisor = 0;
    uc_reg_read(pe.uc, ucRegister(info.divDividend), &dividend);
    uc_reg_read(pe.uc, ucRegister(info.divDivisor), &divisor);
    extra = CycleModel::divisionCycles(dividend, divisor,
                                       info.flags & InsnInfo::SignedDiv);
  }
  startRun(pe, sequence(block, 0, 0), extra);
  openSegments(pe, block, 0);
}

void Simulator::onOpener(PE &pe, uint32_t address) {
  Block *block = pe.current;
  if (!block || address < block->insns[block->firstHooked].address)
    return;
  for (uint32_t segment = 1; segment < block->segments(); ++segment) {
    uint32_t opener = block->opener[segment];
    if (block->insns[opener].address == address) {
      pe.run = nullptr;
      openSegments(pe, *block, opener);
      return;
    }
  }
}

bool Simulator::translateWithHooks(PE &pe, Block &block, Hooks hooks,
                                   std::string &error) {
  // Dropping the translation at block.start drops every translation that
  // covers it; hooked ones among them are translated again when next run.
  // The temporary code hook leaves the block's first instruction out, so
  // deleting it does not drop the block (Unicorn drops the blocks whose
  // start a deleted hook covered); that instruction is the block hook's.
  uint32_t at = block.start;
  if (uc_ctl_remove_cache(pe.uc, static_cast<uint64_t>(at),
                          static_cast<uint64_t>(at) + 2) != UC_ERR_OK) {
    error = "cannot drop a translation";
    return false;
  }
  uint32_t from = at > SPNC_CODE_BASE + 4096 ? at - 4096 : SPNC_CODE_BASE;
  for (uint32_t other = from; other <= at; other += 2) {
    size_t slot = (other - SPNC_CODE_BASE) >> 1;
    PE::Slot &entry = pe.slots[slot];
    if (entry.hookedBytes && other + entry.hookedBytes > at)
      entry.hookedBytes = 0;
    if (entry.openerBytes && other + entry.openerBytes > at)
      entry.openerBytes = 0;
  }
  if (hooks == Hooks::None) { // the emulator translates it again, plainly
    return true;
  }
  bool openers = hooks == Hooks::Openers;
  uc_hook hook;
  uc_tb tb{};
  uint64_t first = openers ? block.insns[block.firstHooked].address : at + 1;
  uint64_t last = openers ? block.insns[block.lastHooked].address : CodeEnd - 1;
  void *callback = openers ? reinterpret_cast<void *>(hookOpener)
                           : reinterpret_cast<void *>(hookCode);
  if (uc_hook_add(pe.uc, &hook, UC_HOOK_CODE, callback, &pe, first, last) !=
      UC_ERR_OK) {
    error = "cannot hook instructions";
    return false;
  }
  uc_err err = uc_ctl_request_cache(pe.uc, static_cast<uint64_t>(at), &tb);
  uc_hook_del(pe.uc, hook);
  if (err != UC_ERR_OK || tb.pc != at || tb.size == 0) {
    error = "cannot translate a block";
    return false;
  }
  PE::Slot &entry = pe.slots[(at - SPNC_CODE_BASE) >> 1];
  (openers ? entry.openerBytes : entry.hookedBytes) = tb.size;
  return true;
}

bool Simulator::hookEverything(PE &pe, std::string &error) {
  // Deleting the block hook drops every translation made with it, i.e. all
  // of them; the new ones get the code hook on every instruction, as in the
  // reference. (Not uc_ctl_flush_tlb: Unicorn 2.0's flush clears its whole
  // code buffer.)
  uc_hook hook;
  if (uc_hook_del(pe.uc, pe.blockHook) != UC_ERR_OK ||
      uc_hook_add(pe.uc, &hook, UC_HOOK_CODE,
                  reinterpret_cast<void *>(hookCode), &pe, SPNC_CODE_BASE,
                  CodeEnd - 1) != UC_ERR_OK) {
    error = "cannot hook every instruction";
    return false;
  }
  pe.blockHook = 0;
  pe.hooksEverywhere = true;
  return true;
}

void Simulator::restartWithHooks(PE &pe, const Block *block) {
  // PEs often run the same code: they learn it too.
  if (block)
    for (auto &entry : pes) {
      PE &other = *entry.second;
      if (&other != &pe && other.image && !other.slots.empty() &&
          std::equal(pe.image->code.begin() + block->start,
                     pe.image->code.begin() + block->start + block->bytes,
                     other.image->code.begin() + block->start))
        other.slots[(block->start - SPNC_CODE_BASE) >> 1].learnedHooks = 1;
    }
  if (block)
    pe.slots[(block->start - SPNC_CODE_BASE) >> 1].learnedHooks = 1;
  restart = true;
  stopRun = true;
  uc_emu_stop(pe.uc);
}

bool Simulator::beginAccess(PE &pe, uint32_t address, unsigned size,
                            bool write) {
  pe.accessSeen = true;
  if (pe.current)
    return enterAccess(pe, address, size, write);
  if (pe.itRun.count)
    return enterAccessInIT(pe, address, size, write);
  return true; // a code hook counted the instruction
}

void Simulator::endAccess(PE &pe) {
  if (pe.accessAt >= 0)
    leaveAccess(pe);
}

bool Simulator::accesses(PE &pe, uint32_t at, uint32_t address, unsigned size,
                         uint16_t &registers, uint32_t &span) {
  auto &known = memoryOperands[&pe];
  auto found = known.find(at);
  if (found == known.end())
    found = known
                .emplace(at, cycleModel.memoryOperand(
                                 pe.image->code.data() + at, CodeEnd - at, at))
                .first;
  const MemoryOperand &op = found->second;
  registers = 0xFFFF;
  span = op.modelled ? op.bytes : ~0u;
  if (!op.modelled)
    return true; // it could be
  registers = 0;
  auto reg = [&](int n) -> uint32_t {
    if (n == 15)
      return op.alignPC ? (at + 4) & ~3u : at + 4;
    registers |= static_cast<uint16_t>(1u << n);
    uint32_t value = 0;
    uc_reg_read(pe.uc, ucRegister(static_cast<unsigned>(n)), &value);
    return value;
  };
  uint32_t base = reg(op.base);
  uint32_t offset = op.index >= 0 ? reg(op.index) << op.shift : 0;
  uint32_t low = op.decrementBefore ? base - op.bytes
                 : op.postIndexed   ? base
                                    : base + static_cast<uint32_t>(op.disp);
  if (!op.postIndexed && !op.decrementBefore)
    low = op.subtract ? low - offset : low + offset;
  return address >= low && uint64_t(address) + size <= uint64_t(low) + op.bytes;
}

bool Simulator::enterAccess(PE &pe, uint32_t address, unsigned size,
                            bool write) {
  Block &block = *pe.current;
  const Sequence *run = pe.run;
  if (pe.stop != PE::Stop::None || pe.tail == PE::Tail::Drop || !run) {
    restartWithHooks(pe, &block); // after a stop: never in the reference
    return false;
  }
  // The instruction: the first load or store (as the access) of the run,
  // after the one of the last access, whose operands in the registers now
  // give this address. The registers are those before it (the emulator
  // writes them back before a memory access), so a later one could be it
  // only if the first ran with other registers: if nothing in between
  // writes the first's address registers, the first is it.
  uint32_t steps = run->count();
  int32_t step = -1;
  uint16_t stepRegisters = 0;
  int32_t lastMatch = -1;
  for (uint32_t s = 0; s < steps; ++s) {
    int32_t index = static_cast<int32_t>(s);
    if (index < pe.lastAccessStep)
      continue; // accesses come in order
    uint32_t at = run->steps[s].address;
    const InsnInfo &info = pe.decoded[(at - SPNC_CODE_BASE) >> 1];
    if (!(info.kind & (write ? InsnInfo::Store : InsnInfo::Load)))
      continue;
    uint16_t registers = 0;
    uint32_t span = 0;
    bool match = accesses(pe, at, address, size, registers, span);
    if (!match || (index == pe.lastAccessStep &&
                   (span <= size || address <= pe.lastAccessAddress)))
      continue; // (only a multiple one accesses again, upwards)
    if (step < 0) {
      step = index;
      stepRegisters = registers;
    }
    lastMatch = index;
  }
  for (int32_t s = step; s >= 0 && s < lastMatch; ++s)
    if (pe.decoded[(run->steps[static_cast<uint32_t>(s)].address -
                    SPNC_CODE_BASE) >> 1]
            .writes &
        stepRegisters) {
      step = -1; // a later one might be it
      break;
    }
  if (step < 0 || static_cast<uint32_t>(step) >= pe.runDone) {
    restartWithHooks(pe, &block); // unknown, or in a later slice
    return false;
  }
  pe.lastAccessStep = step;
  pe.lastAccessAddress = address;
  uint32_t at = static_cast<uint32_t>(step);
  if (at + 1 < pe.runDone)
    uncharge(pe, *run, at + 1, pe.runDone);
  pe.accessAt = step;
  return true;
}

void Simulator::leaveAccess(PE &pe) {
  Block &block = *pe.current;
  const Sequence &run = *pe.run;
  uint32_t at = static_cast<uint32_t>(pe.accessAt);
  pe.accessAt = -1;
  if (pe.stop == PE::Stop::None) {
    if (at + 1 < pe.runDone)
      charge(pe, run, at + 1, pe.runDone, 0);
    return;
  }
  // The emulator runs the rest of the block before the stop takes effect.
  bool after = false;
  for (const Block::Insn &insn : block.insns) {
    if (after && (insn.kind & InsnInfo::Store || insn.spDelta)) {
      restartWithHooks(pe, &block);
      return;
    }
    if (insn.address == run.steps[at].address)
      after = true;
  }
  pe.pending.clear(); // the quantum's end, if inside, is further on
  if (pe.stop != PE::Stop::Wait) {
    pe.tail = PE::Tail::Drop; // never runs in the reference
    return;
  }
  pe.tail = PE::Tail::Skipping;
  uint32_t from = skipInIT(run, at + 1);
  skipped(pe, run, at + 1, from);
  if (from < run.count()) {
    pe.tail = PE::Tail::Defer;
    pe.pending.push_back({&run, from, run.count(), 0});
  }
}

bool Simulator::enterAccessInIT(PE &pe, uint32_t address, unsigned size,
                                bool write) {
  // An IT block instruction that ran and has not counted yet: as in
  // enterAccess, the first that gives the address, unless a later one
  // could be it.
  PE::ITRun &run = pe.itRun;
  int found = -1, lastMatch = -1;
  uint16_t foundRegisters = 0;
  for (unsigned i = run.next; i < run.count; ++i) {
    uint32_t at = run.address[i];
    const InsnInfo &info = pe.decoded[(at - SPNC_CODE_BASE) >> 1];
    uint16_t registers = 0;
    uint32_t span = 0;
    if (!(run.taken >> i & 1) ||
        !(info.kind & (write ? InsnInfo::Store : InsnInfo::Load)) ||
        !accesses(pe, at, address, size, registers, span))
      continue;
    if (found < 0) {
      found = static_cast<int>(i);
      foundRegisters = registers;
    }
    lastMatch = static_cast<int>(i);
  }
  for (int i = found; i >= 0 && i < lastMatch; ++i)
    if (run.taken >> i & 1 &&
        pe.decoded[(run.address[i] - SPNC_CODE_BASE) >> 1].writes &
            foundRegisters)
      found = -1;
  if (found < 0) {
    pe.alwaysHooks = true; // the reference decides
    restartWithHooks(pe, nullptr);
    return false;
  }
  drainIT(pe, static_cast<unsigned>(found) + 1);
  return true;
}

void Simulator::raise(PE &pe, spnc_sim_fault_kind kind, uint32_t pc,
                      uint32_t address, std::string detail, uint32_t code,
                      uint32_t info) {
  pe.stop = PE::Stop::Fault;
  stopRun = true;
  if (haveFault)
    return;
  haveFault = true;
  faultReport.kind = kind;
  faultReport.pe = apiPE(pe);
  faultReport.pc = pc;
  faultReport.step = pe.stepsDone;
  faultReport.address = address;
  faultReport.code = code;
  faultReport.info = info;
  std::string where = hex(pc);
  std::string symbol = pe.image->elf.symbolize(pc);
  if (!symbol.empty())
    where += " (" + symbol + ")";
  if (pc < CodeEnd) {
    std::string text = cycleModel.disassemble(pe.image->code.data() + pc,
                                              CodeEnd - pc, pc);
    if (!text.empty())
      where += ": " + text;
  }
  faultMessage = "PE " + pe.name + " faulted in step " +
                 std::to_string(pe.stepsDone) + ": " + faultKindName(kind) +
                 ": " + detail + "; pc " + where;
}

//===----------------------------------------------------------------------===//
// Communication registers
//===----------------------------------------------------------------------===//

size_t Simulator::visibleCount(const PE &pe) const {
  uint64_t now = pe.nowPs();
  auto end = std::upper_bound(
      pe.rx.begin(), pe.rx.end(), now,
      [](uint64_t time, const Packet &packet) { return time < packet.arrival; });
  return static_cast<size_t>(end - pe.rx.begin());
}

uint32_t Simulator::stepIndex(const PE &pe) const {
  return numSteps == 0 ? 0 : std::min(pe.stepsDone, numSteps - 1);
}

uint64_t Simulator::onRead(PE &pe, uint32_t offset, unsigned size) {
  if (size != 4 || offset % 4) {
    raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, SPNC_MMIO_BASE + offset,
          std::to_string(size) + "-byte read of " +
              hex(SPNC_MMIO_BASE + offset) +
              " (communication registers take word accesses)");
    return 0;
  }
  switch (offset) {
  case SPNC_REG_PE_ID:
    return (uint32_t(pe.chip) << 16) | (uint32_t(pe.id.qx) << 8) |
           (uint32_t(pe.id.qy) << 4) | uint32_t(pe.id.qp);
  case SPNC_REG_ABI_VERSION:
    return SPNC_ABI_VERSION;
  case SPNC_REG_NUM_STEPS:
    return numSteps;
  case SPNC_REG_STEP_GATE:
    return gate;
  case SPNC_REG_CYCLES_LO:
    pe.cyclesHiLatch = static_cast<uint32_t>(pe.clock >> 32);
    return static_cast<uint32_t>(pe.clock);
  case SPNC_REG_CYCLES_HI:
    return pe.cyclesHiLatch;
  case SPNC_REG_RX_COUNT:
    return visibleCount(pe);
  case SPNC_REG_RX_KEY:
  case SPNC_REG_RX_PAYLOAD:
  case SPNC_REG_RX_FLAGS: {
    if (visibleCount(pe) == 0) {
      raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, SPNC_MMIO_BASE + offset,
            "read of the receive FIFO's head while it is empty");
      return 0;
    }
    const Packet &head = pe.rx.front();
    if (offset == SPNC_REG_RX_KEY)
      return head.key;
    if (offset == SPNC_REG_RX_PAYLOAD)
      return head.hasPayload ? head.payload : 0;
    return head.hasPayload ? SPNC_RX_FLAG_PAYLOAD : 0;
  }
  default:
    raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, SPNC_MMIO_BASE + offset,
          "read of " + hex(SPNC_MMIO_BASE + offset) +
              ", which is not a readable communication register");
    return 0;
  }
}

void Simulator::onWrite(PE &pe, uint32_t offset, unsigned size,
                        uint32_t value) {
  if (size != 4 || offset % 4) {
    raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, SPNC_MMIO_BASE + offset,
          std::to_string(size) + "-byte write to " +
              hex(SPNC_MMIO_BASE + offset) +
              " (communication registers take word accesses)");
    return;
  }
  switch (offset) {
  case SPNC_REG_STEP_DONE:
    if (value != pe.stepsDone || value >= numSteps || value >= gate) {
      raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
            "STEP_DONE " + std::to_string(value) + " while step " +
                std::to_string(pe.stepsDone) + " was due (" +
                std::to_string(numSteps) + " steps, gate " +
                std::to_string(gate) + ")");
      return;
    }
    stepDone(pe, value);
    return;
  case SPNC_REG_WAIT_RX:
    if (visibleCount(pe) == 0) {
      pe.stop = PE::Stop::Wait;
      pe.waitKind = PE::WaitKind::Rx;
      pe.waitValue = value;
    }
    return;
  case SPNC_REG_WAIT_GATE:
    if (visibleCount(pe) == 0 && gate <= value) {
      pe.stop = PE::Stop::Wait;
      pe.waitKind = PE::WaitKind::Gate;
      pe.waitValue = value;
    }
    return;
  case SPNC_REG_TX_PAYLOAD:
    pe.txPayload = value;
    return;
  case SPNC_REG_TX_KEY:
    send(pe, value, 0, false);
    return;
  case SPNC_REG_TX_KEY_PAYLOAD:
    send(pe, value, pe.txPayload, true);
    return;
  case SPNC_REG_RX_POP:
    if (visibleCount(pe) == 0) {
      raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
            "pop from an empty receive FIFO");
      return;
    }
    pe.rx.pop_front();
    return;
  case SPNC_REG_PHASE: {
    uint64_t now = pe.nowPs();
    closeTrace(pe, now);
    pe.phase = value;
    pe.phaseStart = now;
    return;
  }
  case SPNC_REG_CONSOLE:
    if (pe.console.size() < (1u << 20))
      pe.console.push_back(static_cast<char>(value & 0xFF));
    return;
  case SPNC_REG_FAULT_INFO:
    pe.faultInfo = value;
    return;
  case SPNC_REG_FAULT:
    raise(pe, SPNC_SIM_FAULT_RUNTIME, pe.lastPC, 0,
          runtimeFaultName(value) + " (code " + std::to_string(value) +
              ", info " + hex(pe.faultInfo) + ")",
          value, pe.faultInfo);
    return;
  case SPNC_REG_HALT:
    pe.exitCode = value;
    halt(pe);
    return;
  default:
    raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, SPNC_MMIO_BASE + offset,
          "write to " + hex(SPNC_MMIO_BASE + offset) +
              ", which is not a writable communication register");
    return;
  }
}

uint64_t Simulator::onSCSRead(PE &pe, uint32_t offset, unsigned size) {
  uint32_t address = SPNC_SCS_BASE + offset;
  if (size == 4 && address == SPNC_SCS_CPACR)
    return pe.cpacr;
  if (size == 4 && address == SPNC_SCS_CPUID)
    return 0x410FC241; // Cortex-M4 r0p1
  raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, address,
        "read of system control register " + hex(address) +
            " (only CPACR and CPUID are modelled)");
  return 0;
}

void Simulator::onSCSWrite(PE &pe, uint32_t offset, unsigned size,
                           uint32_t value) {
  uint32_t address = SPNC_SCS_BASE + offset;
  if (size == 4 && address == SPNC_SCS_CPACR) {
    pe.cpacr = value;
    // CP10 and CP11 each need privileged (01) or full (11) access; PE code
    // runs privileged.
    uint32_t cp10 = (value >> 20) & 3, cp11 = (value >> 22) & 3;
    pe.fpuEnabled = (cp10 == 1 || cp10 == 3) && (cp11 == 1 || cp11 == 3);
    return;
  }
  raise(pe, SPNC_SIM_FAULT_REGISTER, pe.lastPC, address,
        "write to system control register " + hex(address) +
            " (only CPACR is writable in the model)");
}

//===----------------------------------------------------------------------===//
// Packets and steps
//===----------------------------------------------------------------------===//

void Simulator::drop(PE &pe, uint32_t key, const std::string &reason) {
  ++dropCount;
  if (numSteps)
    ++steps[stepIndex(pe)].packets_dropped;
  if (drops.size() < 16)
    drops.push_back("PE " + pe.name + " in step " +
                    std::to_string(pe.stepsDone) + " sent key " + hex(key) +
                    ": " + reason);
}

void Simulator::send(PE &pe, uint32_t key, uint32_t payload, bool hasPayload) {
  uint32_t source = SPNC_KEY_SOURCE(key), index = SPNC_KEY_INDEX(key);
  if (source != pe.image->sourceId) {
    raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
          "sent key " + hex(key) + " of source " + std::to_string(source) +
              "; the PE's source id is " +
              std::to_string(pe.image->sourceId));
    return;
  }
  if (index == SPNC_INDEX_EOS) {
    if (!hasPayload || payload != pe.stepsDone) {
      raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
            std::string("end-of-step signal ") +
                (hasPayload ? "for step " + std::to_string(payload)
                            : "without the step as payload") +
                " while computing step " + std::to_string(pe.stepsDone));
      return;
    }
  } else if (index >= SPNC_INDEX_RESERVED_FIRST) {
    raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
          "sent key " + hex(key) + " with a reserved index");
    return;
  }
  uint64_t now = pe.nowPs();
  const RouteResult &route = noc.route(pe.chip, pe.local, key);
  const spinnaker2::ChipModel &chip = model.chip;
  double packetEnergy =
      (hasPayload ? chip.energyPerPayloadPacketJ : chip.energyPerPacketJ) *
      (1.0 + route.treeHops);
  ++pe.packetsSent;
  ++totalStats.packets_sent;
  totalStats.hops += route.treeHops;
  totalStats.energy_network_j += packetEnergy;
  if (numSteps) {
    spnc_sim_step_stats &step = steps[stepIndex(pe)];
    ++step.packets_sent;
    step.hops += route.treeHops;
    step.energy_j += packetEnergy;
  }
  for (const std::string &reason : route.drops)
    drop(pe, key, reason);
  bool isEvent = index != SPNC_INDEX_EOS;
  for (const Delivery &delivery : route.deliveries) {
    auto it = pes.find({delivery.chip, delivery.pe});
    if (it == pes.end() || !it->second->image) {
      drop(pe, key,
           "destination PE " +
               peName(delivery.chip, chip.allPEs()[delivery.pe]) +
               " has no program");
      continue;
    }
    PE &dest = *it->second;
    uint64_t arrival =
        now + static_cast<uint64_t>(static_cast<unsigned __int128>(
                                        delivery.latencyNocCycles) *
                                    PicosPerSecond /
                                    static_cast<uint64_t>(chip.nocFrequencyHz));
    if (options.seed) {
      // Extra latency, keeping the packets of one source to one
      // destination in order (as XY routing does).
      arrival += picosOfCycles(rng() % 64, static_cast<uint64_t>(chip.nocFrequencyHz));
      uint64_t &last = lastArrival[{&pe, &dest}];
      arrival = std::max(arrival, last);
      last = arrival;
    }
    // PEs run in quanta, so the sender may be behind the destination in
    // simulated time. A packet must not appear in the destination's past:
    // it could slip in front of the head the PE is reading (between its
    // RX_KEY and RX_POP accesses) and be popped unread. Arriving no earlier
    // than the destination's clock keeps every PE's view of its FIFO
    // consistent, and the per-source order (later sends see a later clock).
    arrival = std::max(arrival, dest.nowPs());
    Packet packet{arrival, nextSeq++, key, payload, hasPayload};
    auto position = std::upper_bound(
        dest.rx.begin(), dest.rx.end(), arrival,
        [](uint64_t time, const Packet &p) { return time < p.arrival; });
    if (static_cast<size_t>(position - dest.rx.begin()) >=
        options.rxFifoDepth) {
      drop(pe, key,
           "the receive FIFO of PE " + dest.name + " is full (" +
               std::to_string(options.rxFifoDepth) + " packets)");
      continue;
    }
    dest.rx.insert(position, packet);
    ++dest.packetsReceived;
    ++totalStats.packets_delivered;
    if (isEvent)
      ++totalStats.events_delivered;
    if (numSteps) {
      spnc_sim_step_stats &step = steps[stepIndex(pe)];
      ++step.packets_delivered;
      if (isEvent)
        ++step.events_delivered;
    }
    if (options.recordPackets)
      packets.push_back({apiPE(pe), apiPE(dest), key, payload,
                         hasPayload ? 1u : 0u, delivery.hops, now, arrival,
                         pe.stepsDone});
    if (dest.state == PE::State::Sleeping)
      schedule(dest, std::max(arrival, dest.sleepSince));
  }
}

void Simulator::flushCounters(PE &pe) {
  uint64_t instructions = pe.instructions - pe.flushedInstructions;
  uint64_t cycles = pe.activeCycles - pe.flushedCycles;
  double energy = static_cast<double>(cycles) /
                  static_cast<double>(pe.frequencyHz) *
                  model.chip.powerAt(pe.voltage).busyPEAboveSleepW;
  pe.activeEnergyJ += energy;
  if (numSteps) {
    spnc_sim_step_stats &step = steps[stepIndex(pe)];
    step.instructions += instructions;
    step.cycles += cycles;
    step.energy_j += energy;
  }
  pe.flushedInstructions = pe.instructions;
  pe.flushedCycles = pe.activeCycles;
}

void Simulator::stepDone(PE &pe, uint32_t step) {
  uint64_t now = pe.nowPs();
  flushCounters(pe);
  steps[step].end_ps = std::max(steps[step].end_ps, now);
  if (options.recordTrace)
    pe.stepMarks.push_back({now, step});
  readOutputs(pe, step, false);
  pe.stepsDone = step + 1;
  pe.stepInstructions = 0;
  if (step + 1 < numSteps)
    writeInputs(pe, step + 1, false);
  uint32_t all = numSteps;
  for (auto &entry : pes)
    if (entry.second->image)
      all = std::min(all, entry.second->stepsDone);
  if (all <= completedAll)
    return;
  completedAll = all;
  if (progress && completedAll > progressReported) { // once per step
    progressReported = completedAll;
    progress(progressUser, completedAll, numSteps);
  }
  uint32_t newGate = std::min(completedAll + options.stepsInFlight, numSteps);
  if (newGate <= gate)
    return;
  gate = newGate;
  for (auto &entry : pes) {
    PE &other = *entry.second;
    if (other.image && other.state == PE::State::Sleeping &&
        other.waitKind == PE::WaitKind::Gate && gate > other.waitValue)
      schedule(other, std::max(now, other.sleepSince));
  }
}

void Simulator::halt(PE &pe) {
  pe.stop = PE::Stop::Halt;
  flushCounters(pe);
  closeTrace(pe, pe.nowPs());
  readOutputs(pe, 0, true);
  if (pe.exitCode == 0 && pe.stepsDone < numSteps)
    raise(pe, SPNC_SIM_FAULT_PROTOCOL, pe.lastPC, 0,
          "halted after " + std::to_string(pe.stepsDone) + " of " +
              std::to_string(numSteps) + " steps");
}

void Simulator::closeTrace(PE &pe, uint64_t now) {
  if (options.recordTrace && now > pe.phaseStart)
    pe.trace.push_back({pe.phaseStart, now, pe.phase});
  pe.phaseStart = now;
}

void Simulator::writeInputs(PE &pe, uint32_t step, bool once) {
  for (const spnc_io_buffer &buffer : pe.image->inputs) {
    if ((buffer.flags == SPNC_IO_ONCE) != once)
      continue;
    const auto &[perStep, data] = inputs.at(buffer.tensor);
    uc_mem_write(pe.uc, buffer.address,
                 data.data() + size_t(step) * perStep + buffer.offset,
                 buffer.bytes);
  }
}

void Simulator::readOutputs(PE &pe, uint32_t step, bool once) {
  for (const spnc_io_buffer &buffer : pe.image->outputs) {
    if ((buffer.flags == SPNC_IO_ONCE) != once)
      continue;
    Output &output = outputs.at(buffer.tensor);
    uc_mem_read(pe.uc, buffer.address,
                output.data.data() + size_t(step) * output.bytesPerStep +
                    buffer.offset,
                buffer.bytes);
  }
}

void Simulator::finish() {
  uint64_t end = 0;
  std::set<size_t> chips;
  double staticW = 0, sleepW = 0;
  const spinnaker2::ChipModel &chip = model.chip;
  for (auto &entry : pes) {
    PE &pe = *entry.second;
    if (!pe.image)
      continue;
    flushCounters(pe);
    closeTrace(pe, pe.nowPs());
    end = std::max(end, pe.nowPs());
    chips.insert(pe.chip);
    spinnaker2::ChipPower power = chip.powerAt(pe.voltage);
    sleepW += (power.asleepW - power.allPEsOffW) /
              static_cast<double>(chip.allPEs().size());
    ++totalStats.pes;
    totalStats.instructions += pe.instructions;
    totalStats.cycles += pe.activeCycles;
    totalStats.energy_active_j += pe.activeEnergyJ;
    totalStats.packets_left += pe.rx.size();
  }
  staticW = static_cast<double>(chips.size()) * chip.powerAt(0).allPEsOffW;
  uint64_t previous = 0;
  for (spnc_sim_step_stats &step : steps) {
    if (step.end_ps < previous)
      step.end_ps = previous; // never finished (the run stopped early)
    step.duration_ps = step.end_ps - previous;
    previous = step.end_ps;
    step.energy_j += (staticW + sleepW) *
                     (static_cast<double>(step.duration_ps) / PicosPerSecond);
  }
  totalStats.time_ps = end;
  totalStats.steps = numSteps;
  totalStats.packets_dropped = dropCount;
  double seconds = static_cast<double>(end) / PicosPerSecond;
  totalStats.energy_static_j = staticW * seconds;
  totalStats.energy_sleep_j = sleepW * seconds;
  totalStats.energy_j = totalStats.energy_static_j + totalStats.energy_sleep_j +
                        totalStats.energy_active_j +
                        totalStats.energy_network_j;
}

//===----------------------------------------------------------------------===//
// Results
//===----------------------------------------------------------------------===//

size_t Simulator::outputBytes(uint32_t tensor) const {
  auto it = outputs.find(tensor);
  return it == outputs.end() ? 0 : it->second.bytesPerStep;
}

int Simulator::getOutput(uint32_t tensor, uint32_t step, void *data,
                         size_t bytes) const {
  auto it = outputs.find(tensor);
  if (it == outputs.end())
    return const_cast<Simulator *>(this)->fail(
        SPNC_SIM_ERROR, "no PE writes output tensor " + std::to_string(tensor));
  const Output &output = it->second;
  uint32_t available = output.once ? 1 : std::max<uint32_t>(numSteps, 1);
  if (step >= available || bytes != output.bytesPerStep)
    return const_cast<Simulator *>(this)->fail(
        SPNC_SIM_ERROR, "output tensor " + std::to_string(tensor) + " has " +
                            std::to_string(available) + " step(s) of " +
                            std::to_string(output.bytesPerStep) + " bytes");
  std::memcpy(data, output.data.data() + size_t(step) * output.bytesPerStep,
              bytes);
  return SPNC_SIM_OK;
}

int Simulator::readMemory(const spnc_sim_pe &where, uint32_t address,
                          void *data, size_t bytes) const {
  Simulator *self = const_cast<Simulator *>(this);
  const PE *pe = find(where);
  if (!pe || !pe->uc)
    return self->fail(SPNC_SIM_ERROR, "the PE has not run");
  if (uint64_t(address) + bytes > SRAMEnd)
    return self->fail(SPNC_SIM_ERROR, "read beyond SRAM");
  if (uc_mem_read(pe->uc, address, data, bytes) != UC_ERR_OK)
    return self->fail(SPNC_SIM_ERROR,
                      "cannot read " + hex(address) + " (the stack guard?)");
  return SPNC_SIM_OK;
}

bool Simulator::peStats(const spnc_sim_pe &where,
                        spnc_sim_pe_stats &stats) const {
  const PE *pe = find(where);
  if (!pe || !pe->image)
    return false;
  stats = spnc_sim_pe_stats{};
  stats.instructions = pe->instructions;
  stats.cycles = pe->activeCycles;
  stats.active_ps = picosOfCycles(pe->activeCycles, pe->frequencyHz);
  stats.asleep_ps = totalStats.time_ps > stats.active_ps
                        ? totalStats.time_ps - stats.active_ps
                        : 0;
  stats.packets_sent = pe->packetsSent;
  stats.packets_received = pe->packetsReceived;
  stats.steps_done = pe->stepsDone;
  stats.exit_code = pe->exitCode;
  stats.halted = pe->state == PE::State::Halted;
  spinnaker2::ChipPower power = model.chip.powerAt(pe->voltage);
  stats.energy_j = pe->activeEnergyJ +
                   (power.asleepW - power.allPEsOffW) /
                       static_cast<double>(model.chip.allPEs().size()) *
                       (static_cast<double>(totalStats.time_ps) / PicosPerSecond);
  return true;
}

std::string Simulator::statsJSON() const {
  std::string out = "{\n  \"totals\": {";
  auto field = [&out](const char *name, uint64_t value, bool comma = true) {
    out += std::string(comma ? ", " : "") + "\"" + name +
           "\": " + std::to_string(value);
  };
  auto real = [&out](const char *name, double value) {
    out += std::string(", \"") + name + "\": ";
    appendDouble(out, value);
  };
  const spnc_sim_totals &t = totalStats;
  field("time_ps", t.time_ps, false);
  field("instructions", t.instructions);
  field("cycles", t.cycles);
  field("packets_sent", t.packets_sent);
  field("hops", t.hops);
  field("packets_delivered", t.packets_delivered);
  field("events_delivered", t.events_delivered);
  field("packets_dropped", t.packets_dropped);
  field("packets_left", t.packets_left);
  field("steps", t.steps);
  field("pes", t.pes);
  real("energy_j", t.energy_j);
  real("energy_static_j", t.energy_static_j);
  real("energy_sleep_j", t.energy_sleep_j);
  real("energy_active_j", t.energy_active_j);
  real("energy_network_j", t.energy_network_j);
  out += "},\n  \"steps\": [";
  for (size_t i = 0; i < steps.size(); ++i) {
    const spnc_sim_step_stats &s = steps[i];
    out += i ? ",\n    {" : "\n    {";
    field("step", i, false);
    field("end_ps", s.end_ps);
    field("duration_ps", s.duration_ps);
    field("instructions", s.instructions);
    field("cycles", s.cycles);
    field("packets_sent", s.packets_sent);
    field("hops", s.hops);
    field("packets_delivered", s.packets_delivered);
    field("events_delivered", s.events_delivered);
    field("packets_dropped", s.packets_dropped);
    real("energy_j", s.energy_j);
    out += "}";
  }
  out += "],\n  \"pes\": [";
  bool first = true;
  for (const auto &entry : pes) {
    const PE &pe = *entry.second;
    if (!pe.image)
      continue;
    spnc_sim_pe_stats s;
    peStats(apiPE(pe), s);
    out += first ? "\n    {" : ",\n    {";
    first = false;
    out += "\"pe\": \"" + pe.name + "\", \"dvfs\": \"" + pe.dvfsLevel + "\"";
    field("instructions", s.instructions);
    field("cycles", s.cycles);
    field("active_ps", s.active_ps);
    field("asleep_ps", s.asleep_ps);
    field("packets_sent", s.packets_sent);
    field("packets_received", s.packets_received);
    field("steps_done", s.steps_done);
    field("exit_code", s.exit_code);
    field("halted", s.halted);
    real("energy_j", s.energy_j);
    out += "}";
  }
  out += "]\n}\n";
  return out;
}

int Simulator::writeTrace(const std::string &path) {
  if (!options.recordTrace)
    return fail(SPNC_SIM_ERROR, "the trace was not recorded (set record_trace)");
  std::ofstream out(path);
  if (!out)
    return fail(SPNC_SIM_ERROR, "cannot write '" + path + "'");
  auto micros = [](uint64_t ps) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%" PRIu64 ".%06" PRIu64,
                  ps / 1000000, ps % 1000000);
    return std::string(buffer);
  };
  out << "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
  bool first = true;
  auto comma = [&]() -> std::ofstream & {
    if (!first)
      out << ",\n";
    first = false;
    return out;
  };
  std::set<size_t> chips;
  for (const auto &entry : pes) {
    const PE &pe = *entry.second;
    if (!pe.image)
      continue;
    if (chips.insert(pe.chip).second) {
      const spinnaker2::ChipCoord &coord = model.chips[pe.chip];
      comma() << "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": "
              << pe.chip << ", \"args\": {\"name\": \"chip (" << coord.x << ","
              << coord.y << ")\"}}";
    }
    comma() << "{\"name\": \"thread_name\", \"ph\": \"M\", \"pid\": " << pe.chip
            << ", \"tid\": " << pe.local << ", \"args\": {\"name\": \"PE "
            << pe.name << "\"}}";
    for (const TraceSlice &slice : pe.trace)
      comma() << "{\"name\": \"" << phaseName(slice.phase)
              << "\", \"ph\": \"X\", \"pid\": " << pe.chip
              << ", \"tid\": " << pe.local << ", \"ts\": " << micros(slice.start)
              << ", \"dur\": " << micros(slice.end - slice.start) << "}";
    for (const auto &[time, step] : pe.stepMarks)
      comma() << "{\"name\": \"step " << step
              << " done\", \"ph\": \"i\", \"s\": \"t\", \"pid\": " << pe.chip
              << ", \"tid\": " << pe.local << ", \"ts\": " << micros(time)
              << "}";
  }
  out << "\n]}\n";
  if (!out)
    return fail(SPNC_SIM_ERROR, "cannot write '" + path + "'");
  return SPNC_SIM_OK;
}

} // namespace spnc::sim
