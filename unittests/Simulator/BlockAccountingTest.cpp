//===- BlockAccountingTest.cpp - Block-level = per-instruction accounting -===//
//
// The simulator charges most instructions per translated block and gives
// only IT blocks and divisions code hooks of their own (docs/Simulator.md,
// "Speed"). These tests run every program of spinnaker2-target/tests both
// ways, with quanta that end in the middle of blocks and IT blocks, and
// schedule seeds, and require everything observable to be the same: status
// and message, statistics, packet log, trace, fault, outputs, console and
// (for runs that finish) memory.
//
//===----------------------------------------------------------------------===//
#include "SimTestUtil.h"

#include <functional>

using namespace spnc::simtest;

namespace {

struct Outcome {
  int status = 0;
  std::string error, stats, trace, console;
  std::vector<std::string> packets;
  std::string fault;
  std::vector<std::vector<uint8_t>> outputs;
  std::vector<std::vector<uint8_t>> memory;
};

struct Scenario {
  std::string name;
  std::vector<const char *> pes;
  std::function<void(Sim &)> setUp;
  uint32_t steps = 3;
  uint64_t budget = 0;
};

Outcome run(const Scenario &scenario, bool reference, uint32_t quantum,
            uint64_t seed) {
  spnc_sim_options options = Sim::defaults();
  options.per_instruction_hooks = reference ? 1 : 0;
  options.quantum_instructions = quantum;
  options.schedule_seed = seed;
  options.record_packets = 1;
  options.record_trace = 1;
  if (scenario.budget)
    options.step_instruction_budget = scenario.budget;
  Sim sim(options);
  scenario.setUp(sim);
  Outcome out;
  out.status = spnc_sim_run(sim, scenario.steps);
  out.error = sim.error();
  out.stats = spnc_sim_stats_json(sim);
  std::string path = testing::TempDir() + "block_accounting_trace.json";
  if (spnc_sim_write_trace(sim, path.c_str()) == SPNC_SIM_OK) {
    std::vector<uint8_t> bytes = readFile(path);
    out.trace.assign(bytes.begin(), bytes.end());
  }
  for (const spnc_sim_packet_record &r : sim.packets())
    out.packets.push_back(
        std::to_string(r.source.qx) + "." + std::to_string(r.source.qy) +
        "." + std::to_string(r.source.qp) + ">" +
        std::to_string(r.destination.qx) + "." +
        std::to_string(r.destination.qy) + "." +
        std::to_string(r.destination.qp) + " " + std::to_string(r.key) + " " +
        std::to_string(r.payload) + " " + std::to_string(r.hops) + " " +
        std::to_string(r.sent_ps) + " " + std::to_string(r.arrival_ps) + " " +
        std::to_string(r.source_step));
  spnc_sim_fault f = sim.fault();
  out.fault = std::to_string(f.kind) + " " + std::to_string(f.pc) + " " +
              std::to_string(f.step) + " " + std::to_string(f.address) + " " +
              std::to_string(f.code) + " " + std::to_string(f.info);
  for (uint32_t tensor = 0; tensor < 4; ++tensor) {
    size_t bytes = spnc_sim_output_bytes(sim, tensor);
    for (uint32_t t = 0; bytes && t < scenario.steps; ++t) {
      std::vector<uint8_t> data(bytes);
      if (spnc_sim_get_output(sim, tensor, t, data.data(), bytes) ==
          SPNC_SIM_OK)
        out.outputs.push_back(data);
    }
  }
  for (const char *where : scenario.pes) {
    out.console += std::string(where) + ": " +
                   spnc_sim_console(sim, pe(where)) + "\n";
    // A run stopped by a fault leaves the other PEs wherever the emulator
    // got to, which may be a few instructions further in a block.
    if (out.status == SPNC_SIM_FAULT)
      continue;
    for (uint32_t at = SPNC_DATA_BASE; at < SPNC_SRAM_BASE + SPNC_SRAM_BYTES;
         at += 1024) {
      std::vector<uint8_t> data(1024);
      if (spnc_sim_read_memory(sim, pe(where), at, data.data(), 1024) !=
          SPNC_SIM_OK)
        data.clear(); // the stack guard
      out.memory.push_back(data);
    }
  }
  return out;
}

/// "" if equal, else the first line that differs.
std::string firstDifference(const std::string &a, const std::string &b) {
  if (a == b)
    return "";
  size_t at = 0;
  while (at < a.size() && at < b.size() && a[at] == b[at])
    ++at;
  size_t line = a.rfind('\n', at == 0 ? 0 : at - 1);
  line = line == std::string::npos ? 0 : line + 1;
  return "block-level: " + a.substr(line, a.find('\n', at) - line) +
         "\nreference:   " + b.substr(line, b.find('\n', at) - line);
}

std::string join(const std::vector<std::string> &lines) {
  std::string text;
  for (const std::string &line : lines)
    text += line + "\n";
  return text;
}

void expectSame(const Scenario &scenario, uint32_t quantum, uint64_t seed) {
  SCOPED_TRACE(scenario.name + ", quantum " + std::to_string(quantum) +
               ", seed " + std::to_string(seed));
  Outcome reference = run(scenario, true, quantum, seed);
  Outcome blocks = run(scenario, false, quantum, seed);
  EXPECT_EQ(blocks.status, reference.status);
  EXPECT_EQ(firstDifference(blocks.error, reference.error), "");
  EXPECT_EQ(firstDifference(blocks.stats, reference.stats), "");
  EXPECT_EQ(firstDifference(blocks.trace, reference.trace), "");
  EXPECT_EQ(firstDifference(join(blocks.packets), join(reference.packets)),
            "");
  EXPECT_EQ(blocks.fault, reference.fault);
  EXPECT_TRUE(blocks.outputs == reference.outputs);
  EXPECT_EQ(blocks.console, reference.console);
  EXPECT_TRUE(blocks.memory == reference.memory);
}

std::vector<Scenario> scenarios() {
  std::vector<Scenario> list;
  list.push_back({"ping-pong", {"2.1.0", "6.5.3"}, [](Sim &sim) {
                    sim.load("2.1.0", SPNC_PE_PINGPONG_A);
                    sim.load("6.5.3", SPNC_PE_PINGPONG_B);
                    sim.route(1, {"6.5.3"});
                    sim.route(2, {"2.1.0"});
                    sim.input<float>(0, {1.0f}, 1);
                  }, 5});
  list.push_back({"accumulate", {"3.2.0", "6.6.1", "7.1.2", "2.5.3"},
                  [](Sim &sim) {
                    const char *programs[3] = {SPNC_PE_ACCUMULATE_P1,
                                               SPNC_PE_ACCUMULATE_P2,
                                               SPNC_PE_ACCUMULATE_P3};
                    const char *producers[3] = {"3.2.0", "6.6.1", "7.1.2"};
                    for (int p = 0; p < 3; ++p) {
                      sim.load(producers[p], programs[p]);
                      sim.route(p + 1, {"2.5.3"});
                    }
                    sim.load("2.5.3", SPNC_PE_ACCUMULATE_C);
                    std::vector<float> values;
                    for (int i = 0; i < 3 * 3 * 8; ++i)
                      values.push_back(static_cast<float>(i % 7) * 0.37f -
                                       1.0f);
                    sim.input(0, values, 3);
                  }, 3});
  list.push_back({"cycles", {"3.3.1"}, [](Sim &sim) {
                    sim.load("3.3.1", SPNC_PE_CYCLES);
                  }, 1});
  list.push_back({"busy", {"2.1.0"}, [](Sim &sim) {
                    sim.load("2.1.0", SPNC_PE_BUSY);
                    sim.input<uint32_t>(0, {2000}, 1);
                  }, 1});
  for (uint32_t depth : {64u, 16u})
    list.push_back({"sender-receiver", {"2.1.0", "2.2.0"}, [depth](Sim &sim) {
                      sim.load("2.1.0", SPNC_PE_SENDER);
                      sim.load("2.2.0", SPNC_PE_RECEIVER);
                      sim.route(1, {"2.2.0"});
                      sim.input<uint32_t>(0, {depth}, 1);
                    }, 3});
  list.push_back({"deadlock", {"2.5.3"}, [](Sim &sim) {
                    sim.load("2.5.3", SPNC_PE_ACCUMULATE_C);
                  }, 2});
  for (uint32_t mode = 0; mode <= 14; ++mode)
    list.push_back({"faults mode " + std::to_string(mode), {"2.2.0"},
                    [mode](Sim &sim) {
                      sim.load("2.2.0", SPNC_PE_FAULTS);
                      sim.input<uint32_t>(0, {mode}, 1);
                    }, 3, 20000});
  return list;
}

TEST(BlockAccountingTest, EveryProgramGivesTheReferenceResults) {
  for (const Scenario &scenario : scenarios())
    for (uint32_t quantum : {1u, 3u, 7u, 1000u})
      expectSame(scenario, quantum, 0);
}

TEST(BlockAccountingTest, PerturbedSchedulesGiveTheReferenceResults) {
  for (const Scenario &scenario : scenarios())
    for (uint64_t seed : {1u, 2u})
      expectSame(scenario, 13, seed);
}

} // namespace
