//===- ProgramsTest.cpp - PE programs on the simulated chip ---------------===//
//
// Runs the hand-written programs of spinnaker2-target/tests (linked with the
// per-core runtime) and checks results, routing, timing, faults and
// determinism against what the models in docs/Simulator.md predict.
//
//===----------------------------------------------------------------------===//
#include "SimTestUtil.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <set>

using namespace spnc::simtest;

namespace {

/// NoC cycles at 300 MHz in picoseconds, rounded down as the simulator does.
uint64_t nocCyclesToPs(uint64_t cycles) { return cycles * 10000 / 3; }

uint32_t bitsOf(float value) {
  uint32_t u;
  std::memcpy(&u, &value, 4);
  return u;
}

//===----------------------------------------------------------------------===//
// (i) Ping-pong over routing tables
//===----------------------------------------------------------------------===//

void setUpPingPong(Sim &sim, const char *a, const char *b) {
  sim.load(a, SPNC_PE_PINGPONG_A);
  sim.load(b, SPNC_PE_PINGPONG_B);
  sim.route(1, {b});
  sim.route(2, {a});
  sim.input<float>(0, {1.0f}, 1);
}

TEST(ProgramsTest, PingPongAcrossTheMesh) {
  spnc_sim_options options = Sim::defaults();
  options.record_packets = 1;
  options.record_trace = 1;
  Sim sim(options);
  setUpPingPong(sim, "2.1.0", "6.5.3"); // |6-2| + |5-1| = 8 hops
  const uint32_t steps = 6;
  ASSERT_EQ(spnc_sim_run(sim, steps), SPNC_SIM_OK) << sim.error();
  for (uint32_t t = 0; t < steps; ++t) {
    float x = std::ldexp(1.0f, t + 1) - 1; // x(t) = 2 y(t-1) + 1 ...
    EXPECT_EQ(sim.output<float>(0, t), std::vector<float>{x}) << "step " << t;
    EXPECT_EQ(sim.output<float>(1, t), std::vector<float>{2 * x})
        << "step " << t;
  }
  spnc_sim_totals totals = sim.totals();
  // Per step: A and B each send an event and an end-of-step signal.
  EXPECT_EQ(totals.packets_sent, 4u * steps);
  EXPECT_EQ(totals.hops, 8u * 4 * steps);
  EXPECT_EQ(totals.packets_dropped, 0u);
  EXPECT_EQ(totals.packets_left, 2u) << "B's last event and EOS";
  // Every packet: 8 hops, (1 + 8) routers x 5 NoC cycles at 300 MHz.
  std::vector<spnc_sim_packet_record> records = sim.packets();
  ASSERT_EQ(records.size(), 4u * steps);
  for (const spnc_sim_packet_record &r : records) {
    EXPECT_EQ(r.hops, 8u);
    EXPECT_EQ(r.arrival_ps - r.sent_ps, nocCyclesToPs(9 * 5));
    EXPECT_TRUE(r.has_payload);
  }
  // Time per step is barrier to barrier; energy adds up.
  uint64_t previous = 0;
  double stepEnergy = 0;
  for (uint32_t t = 0; t < steps; ++t) {
    spnc_sim_step_stats s;
    ASSERT_EQ(spnc_sim_get_step_stats(sim, t, &s), SPNC_SIM_OK);
    EXPECT_GT(s.duration_ps, 2 * nocCyclesToPs(9 * 5)) << "a round trip";
    EXPECT_EQ(s.end_ps, previous + s.duration_ps);
    EXPECT_EQ(s.packets_sent, 4u);
    EXPECT_GT(s.instructions, 0u);
    previous = s.end_ps;
    stepEnergy += s.energy_j;
  }
  EXPECT_LE(previous, totals.time_ps);
  EXPECT_NEAR(totals.energy_network_j, 4.0 * steps * 1.8e-9 * 9, 1e-15);
  EXPECT_DOUBLE_EQ(totals.energy_j, totals.energy_static_j +
                                        totals.energy_sleep_j +
                                        totals.energy_active_j +
                                        totals.energy_network_j);
  EXPECT_GT(stepEnergy, 0.9 * totals.energy_j);
  EXPECT_LE(stepEnergy, totals.energy_j * (1 + 1e-12));
  spnc_sim_pe_stats a;
  ASSERT_EQ(spnc_sim_get_pe_stats(sim, pe("2.1.0"), &a), SPNC_SIM_OK);
  EXPECT_EQ(a.steps_done, steps);
  EXPECT_TRUE(a.halted);
  EXPECT_EQ(a.packets_sent, 2u * steps);
  EXPECT_EQ(a.active_ps + a.asleep_ps, totals.time_ps);

  std::string trace = testing::TempDir() + "pingpong_trace.json";
  ASSERT_EQ(spnc_sim_write_trace(sim, trace.c_str()), SPNC_SIM_OK);
  std::vector<uint8_t> bytes = readFile(trace);
  std::string text(bytes.begin(), bytes.end());
  EXPECT_EQ(text.rfind("{\"displayTimeUnit\"", 0), 0u);
  EXPECT_NE(text.find("\"name\": \"update\", \"ph\": \"X\""), std::string::npos);
  EXPECT_NE(text.find("\"PE 6.5.3\""), std::string::npos);
  size_t marks = 0;
  for (size_t at = text.find(" done\""); at != std::string::npos;
       at = text.find(" done\"", at + 1))
    ++marks;
  EXPECT_EQ(marks, 2u * steps);
}

TEST(ProgramsTest, NeighboursInOneQPETakeNoHops) {
  spnc_sim_options options = Sim::defaults();
  options.record_packets = 1;
  Sim sim(options);
  setUpPingPong(sim, "3.2.0", "3.2.1");
  ASSERT_EQ(spnc_sim_run(sim, 3), SPNC_SIM_OK) << sim.error();
  EXPECT_EQ(sim.totals().hops, 0u);
  for (const spnc_sim_packet_record &r : sim.packets())
    EXPECT_EQ(r.arrival_ps - r.sent_ps, nocCyclesToPs(5)); // one router
}

TEST(ProgramsTest, RelayAcrossChipLinks) {
  spnc_sim_options options = Sim::defaults();
  options.system = "board48";
  options.record_packets = 1;
  Sim sim(options);
  sim.load("0,0:2.1.0", SPNC_PE_PINGPONG_A);
  sim.load("1,0:2.1.0", SPNC_PE_PINGPONG_B);
  sim.route(1, {}, 1u << 0, 0, 0);            // chip (0,0): east
  sim.route(1, {"1,0:2.1.0"}, 0, 1, 0);       // chip (1,0): to B
  sim.route(2, {}, 1u << 3, 1, 0);            // chip (1,0): west
  sim.route(2, {"0,0:2.1.0"}, 0, 0, 0);       // chip (0,0): to A
  sim.input<float>(0, {1.0f}, 1);
  ASSERT_EQ(spnc_sim_run(sim, 4), SPNC_SIM_OK) << sim.error();
  EXPECT_EQ(sim.output<float>(0, 3), std::vector<float>{15.0f});
  // (2,1) -> port (4,3): 4 hops, the link: 1, port -> (2,1): 4 hops.
  // Latency: 5 routers x 5 + 100 (link) + 5 routers x 5 NoC cycles.
  for (const spnc_sim_packet_record &r : sim.packets()) {
    EXPECT_EQ(r.hops, 9u);
    EXPECT_EQ(r.arrival_ps - r.sent_ps, nocCyclesToPs(25 + 100 + 25));
  }
  EXPECT_EQ(sim.totals().hops, 9u * sim.totals().packets_sent);
}

//===----------------------------------------------------------------------===//
// (ii) Accumulate: the result does not depend on the schedule
//===----------------------------------------------------------------------===//

constexpr int Producers = 3, Events = 8;
const char *const producerPEs[Producers] = {"3.2.0", "6.6.1", "7.1.2"};
const char *const consumerPE = "2.5.3";

/// Order-sensitive values: magnitudes from 2^-12 to 2^27, mixed signs.
std::vector<float> accumulateInputs(uint32_t steps) {
  std::vector<float> values;
  uint32_t state = 12345;
  for (uint32_t i = 0; i < steps * Producers * Events; ++i) {
    state = state * 1103515245u + 12345u;
    int exponent = static_cast<int>((state >> 8) % 40) - 12;
    float mantissa = 1.0f + static_cast<float>((state >> 16) & 0xFF) / 256.0f;
    values.push_back(((state >> 30) & 1 ? -1.0f : 1.0f) *
                     std::ldexp(mantissa, exponent));
  }
  return values;
}

/// The sum in canonical order: ascending key = producer, then index.
float canonicalSum(const std::vector<float> &values, uint32_t step) {
  float sum = 0;
  for (int p = 0; p < Producers; ++p)
    for (int i = 0; i < Events; ++i)
      sum += values[(step * Producers + p) * Events + i];
  return sum;
}

struct AccumulateRun {
  std::vector<uint32_t> sums;      // bits, per step
  std::vector<uint32_t> seen;      // keys in dispatch order, all steps
  std::vector<uint32_t> arrival;   // event keys in FIFO order at the consumer
  std::vector<uint32_t> arrivalStep; // their producers' steps
  std::string stats;
};

AccumulateRun runAccumulate(uint64_t seed, uint32_t inFlight, uint32_t steps) {
  spnc_sim_options options = Sim::defaults();
  options.schedule_seed = seed;
  options.steps_in_flight = inFlight;
  options.record_packets = 1;
  Sim sim(options);
  const char *programs[Producers] = {SPNC_PE_ACCUMULATE_P1,
                                     SPNC_PE_ACCUMULATE_P2,
                                     SPNC_PE_ACCUMULATE_P3};
  for (int p = 0; p < Producers; ++p) {
    sim.load(producerPEs[p], programs[p]);
    sim.route(p + 1, {consumerPE});
  }
  sim.load(consumerPE, SPNC_PE_ACCUMULATE_C);
  sim.input(0, accumulateInputs(steps), steps);
  AccumulateRun run;
  EXPECT_EQ(spnc_sim_run(sim, steps), SPNC_SIM_OK) << sim.error();
  for (uint32_t t = 0; t < steps; ++t) {
    run.sums.push_back(bitsOf(sim.output<float>(0, t).at(0)));
    for (uint32_t key : sim.output<uint32_t>(1, t))
      run.seen.push_back(key);
  }
  // FIFO order: by arrival, ties in delivery order.
  std::vector<spnc_sim_packet_record> records = sim.packets();
  std::vector<size_t> order(records.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return records[a].arrival_ps != records[b].arrival_ps
               ? records[a].arrival_ps < records[b].arrival_ps
               : a < b;
  });
  for (size_t i : order) {
    const spnc_sim_packet_record &r = records[i];
    if (SPNC_KEY_INDEX(r.key) != SPNC_INDEX_EOS) {
      run.arrival.push_back(r.key);
      run.arrivalStep.push_back(r.source_step);
    }
  }
  run.stats = spnc_sim_stats_json(sim);
  return run;
}

TEST(ProgramsTest, AccumulateIsBitIdenticalForEverySchedule) {
  const uint32_t steps = 3;
  std::vector<float> values = accumulateInputs(steps);
  std::vector<uint32_t> canonicalKeys;
  for (int p = 0; p < Producers; ++p)
    for (int i = 0; i < Events; ++i)
      canonicalKeys.push_back(SPNC_KEY(uint32_t(p + 1), uint32_t(i)));

  std::set<std::vector<uint32_t>> arrivalOrders;
  bool arrivalOrderChangesTheSum = false;
  for (uint32_t inFlight : {1u, 2u, 3u})
    for (uint64_t seed : {0u, 1u, 2u, 3u, 4u, 5u}) {
      SCOPED_TRACE("steps in flight " + std::to_string(inFlight) + ", seed " +
                   std::to_string(seed));
      AccumulateRun run = runAccumulate(seed, inFlight, steps);
      ASSERT_EQ(run.sums.size(), steps);
      for (uint32_t t = 0; t < steps; ++t) {
        EXPECT_EQ(run.sums[t], bitsOf(canonicalSum(values, t))) << "step " << t;
        EXPECT_TRUE(std::equal(canonicalKeys.begin(), canonicalKeys.end(),
                               run.seen.begin() + t * canonicalKeys.size()))
            << "dispatch order of step " << t;
      }
      // What a consumer summing in arrival order would get (step 0).
      ASSERT_EQ(run.arrival.size(), size_t(steps) * Producers * Events);
      arrivalOrders.insert(run.arrival);
      float naive = 0;
      for (size_t k = 0; k < run.arrival.size(); ++k)
        if (run.arrivalStep[k] == 0)
          naive += values[(SPNC_KEY_SOURCE(run.arrival[k]) - 1) * Events +
                          SPNC_KEY_INDEX(run.arrival[k])];
      if (bitsOf(naive) != bitsOf(canonicalSum(values, 0)))
        arrivalOrderChangesTheSum = true;
    }
  // The schedules really differ, and the order would matter.
  EXPECT_GT(arrivalOrders.size(), 3u);
  EXPECT_TRUE(arrivalOrderChangesTheSum);
}

//===----------------------------------------------------------------------===//
// (iii) Faults
//===----------------------------------------------------------------------===//

struct FaultCase {
  uint32_t mode;
  spnc_sim_fault_kind kind;
  const char *function; // where the PC must be
  const char *message;  // part of the report
};

TEST(ProgramsTest, EveryFaultIsReported) {
  const FaultCase cases[] = {
      {1, SPNC_SIM_FAULT_INVALID_ACCESS, "fault_read_unmapped",
       "read of unmapped address 0x30000000"},
      {2, SPNC_SIM_FAULT_UNDEFINED_INSTRUCTION, "fault_undefined", "udf"},
      {3, SPNC_SIM_FAULT_STACK_OVERFLOW, "fault_recurse", "in the stack guard"},
      {4, SPNC_SIM_FAULT_STEP_BUDGET, "fault_budget",
       "more than 200000 instructions in one step"},
      {5, SPNC_SIM_FAULT_WRITE_TO_CODE, "fault_write_code",
       "write to 0x00000200 in the read-only code region"},
      {6, SPNC_SIM_FAULT_RUNTIME, "spnc_fault", "program fault 7"},
      {7, SPNC_SIM_FAULT_FPU_DISABLED, "fault_fpu_disabled", "CPACR"},
      {8, SPNC_SIM_FAULT_EXECUTE_DATA, "data_code", "data region"},
      {9, SPNC_SIM_FAULT_EXCEPTION, "fault_svc", "SVC"},
      {10, SPNC_SIM_FAULT_PROTOCOL, "fault_foreign_key", "of source 5"},
      {11, SPNC_SIM_FAULT_REGISTER, "fault_bad_register", "0x40000800"},
      {12, SPNC_SIM_FAULT_PROTOCOL, "fault_rx_empty", "while it is empty"},
      {14, SPNC_SIM_FAULT_EXCEPTION, "fault_wfi", "WFI"},
  };
  for (const FaultCase &c : cases) {
    SCOPED_TRACE("mode " + std::to_string(c.mode));
    spnc_sim_options options = Sim::defaults();
    options.step_instruction_budget = 200000;
    Sim sim(options);
    sim.load("2.2.0", SPNC_PE_FAULTS);
    sim.input<uint32_t>(0, {c.mode}, 1);
    auto start = std::chrono::steady_clock::now();
    EXPECT_EQ(spnc_sim_run(sim, 3), SPNC_SIM_FAULT);
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                            start)
                  .count(),
              10.0);
    spnc_sim_fault fault = sim.fault();
    EXPECT_EQ(fault.kind, c.kind);
    EXPECT_EQ(fault.step, 1u);
    EXPECT_EQ(fault.pe.qx, 2);
    EXPECT_EQ(fault.pe.qy, 2);
    EXPECT_EQ(fault.pe.qp, 0);
    uint32_t address = 0, size = 0;
    ASSERT_EQ(spnc_sim_lookup_symbol(sim, pe("2.2.0"), c.function, &address,
                                     &size),
              SPNC_SIM_OK);
    EXPECT_GE(fault.pc, address);
    EXPECT_LT(fault.pc, address + std::max<uint32_t>(size, 1));
    std::string report = sim.error();
    EXPECT_NE(report.find("PE 2.2.0 faulted in step 1"), std::string::npos)
        << report;
    EXPECT_NE(report.find(c.message), std::string::npos) << report;
    if (c.kind != SPNC_SIM_FAULT_EXECUTE_DATA)
      EXPECT_NE(report.find(c.function), std::string::npos) << report;
    if (c.kind == SPNC_SIM_FAULT_RUNTIME) {
      EXPECT_EQ(fault.code, SPNC_FAULT_USER + 7);
      EXPECT_EQ(fault.info, 0x1234u);
    }
  }
}

TEST(ProgramsTest, ExitCodesAndCleanRuns) {
  Sim sim;
  sim.load("2.2.0", SPNC_PE_FAULTS);
  sim.input<uint32_t>(0, {0}, 1);
  EXPECT_EQ(spnc_sim_run(sim, 3), SPNC_SIM_OK) << sim.error();
  sim.input<uint32_t>(0, {13}, 1);
  EXPECT_EQ(spnc_sim_run(sim, 3), SPNC_SIM_EXIT_CODE);
  EXPECT_NE(sim.error().find("PE 2.2.0 halted with exit code 3"),
            std::string::npos)
      << sim.error();
}

TEST(ProgramsTest, DeadlocksAreReported) {
  Sim sim;
  sim.load(consumerPE, SPNC_PE_ACCUMULATE_C); // its producers never run
  EXPECT_EQ(spnc_sim_run(sim, 2), SPNC_SIM_DEADLOCK);
  EXPECT_NE(sim.error().find("PE 2.5.3 in step 0 waits for the end-of-step "
                             "signal of source 1"),
            std::string::npos)
      << sim.error();
}

//===----------------------------------------------------------------------===//
// (iv) Dropped packets
//===----------------------------------------------------------------------===//

TEST(ProgramsTest, PacketsWithoutARouteAreDropped) {
  Sim sim;
  sim.load("2.1.0", SPNC_PE_SENDER);
  sim.input<uint32_t>(0, {4}, 1);
  EXPECT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_DROPPED);
  EXPECT_EQ(sim.totals().packets_dropped, 5u) << "4 events and the EOS";
  EXPECT_NE(sim.error().find("PE 2.1.0 in step 0 sent key 0x00080000: no "
                             "routing entry for key 0x00080000 on chip (0,0)"),
            std::string::npos)
      << sim.error();
  spnc_sim_step_stats step;
  ASSERT_EQ(spnc_sim_get_step_stats(sim, 0, &step), SPNC_SIM_OK);
  EXPECT_EQ(step.packets_dropped, 5u);
}

TEST(ProgramsTest, RoutesToIdlePEsAndOffTheBoardDrop) {
  {
    Sim sim;
    sim.load("2.1.0", SPNC_PE_SENDER);
    sim.route(1, {"5.5.1"});
    sim.input<uint32_t>(0, {2}, 1);
    EXPECT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_DROPPED);
    EXPECT_NE(sim.error().find("destination PE 5.5.1 has no program"),
              std::string::npos)
        << sim.error();
  }
  {
    spnc_sim_options options = Sim::defaults();
    options.system = "board48";
    Sim sim(options);
    sim.load("0,0:2.1.0", SPNC_PE_SENDER);
    sim.route(1, {}, 1u << 3); // west of (0,0) leaves the board
    sim.input<uint32_t>(0, {1}, 1);
    EXPECT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_DROPPED);
    EXPECT_NE(sim.error().find("through the west link, which leads off the "
                               "system"),
              std::string::npos)
        << sim.error();
  }
}

TEST(ProgramsTest, FullReceiveFIFOsDrop) {
  for (uint32_t depth : {16u, 4096u}) {
    SCOPED_TRACE("depth " + std::to_string(depth));
    spnc_sim_options options = Sim::defaults();
    options.rx_fifo_depth = depth;
    Sim sim(options);
    sim.load("2.1.0", SPNC_PE_SENDER);
    sim.load("2.2.0", SPNC_PE_RECEIVER);
    sim.route(1, {"2.2.0"});
    sim.input<uint32_t>(0, {64}, 1); // events per step; receiver: busy loop
    int status = spnc_sim_run(sim, 3);
    if (depth == 16) {
      EXPECT_EQ(status, SPNC_SIM_DROPPED);
      EXPECT_NE(sim.error().find("the receive FIFO of PE 2.2.0 is full "
                                 "(16 packets)"),
                std::string::npos)
          << sim.error();
    } else {
      EXPECT_EQ(status, SPNC_SIM_OK) << sim.error();
      for (uint32_t t = 0; t < 3; ++t)
        EXPECT_EQ(sim.output<uint32_t>(0, t), std::vector<uint32_t>{64});
    }
  }
}

//===----------------------------------------------------------------------===//
// (v) Determinism
//===----------------------------------------------------------------------===//

TEST(ProgramsTest, RunsAreReproducible) {
  for (uint64_t seed : {0u, 7u}) {
    AccumulateRun first = runAccumulate(seed, 2, 3);
    AccumulateRun second = runAccumulate(seed, 2, 3);
    EXPECT_EQ(first.stats, second.stats);
    EXPECT_EQ(first.arrival, second.arrival);
    EXPECT_EQ(first.sums, second.sums);
    EXPECT_NE(first.stats.find("\"packets_sent\": 81"), std::string::npos)
        << first.stats; // 3 steps x 3 producers x (8 events + EOS)
  }
  // The same simulator, run twice, traces and all.
  spnc_sim_options options = Sim::defaults();
  options.record_trace = 1;
  Sim sim(options);
  setUpPingPong(sim, "2.1.0", "4.6.2");
  std::string texts[2], traces[2];
  for (int i = 0; i < 2; ++i) {
    ASSERT_EQ(spnc_sim_run(sim, 5), SPNC_SIM_OK) << sim.error();
    texts[i] = spnc_sim_stats_json(sim);
    std::string path = testing::TempDir() + "trace" + std::to_string(i) + ".json";
    ASSERT_EQ(spnc_sim_write_trace(sim, path.c_str()), SPNC_SIM_OK);
    std::vector<uint8_t> bytes = readFile(path);
    traces[i].assign(bytes.begin(), bytes.end());
  }
  EXPECT_EQ(texts[0], texts[1]);
  EXPECT_EQ(traces[0], traces[1]);
}

//===----------------------------------------------------------------------===//
// (vii) The cycle model on a running PE
//===----------------------------------------------------------------------===//

TEST(ProgramsTest, KnownLoopsTakeTheDocumentedCycles) {
  Sim sim;
  sim.load("3.3.1", SPNC_PE_CYCLES);
  ASSERT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_OK) << sim.error();
  std::vector<uint32_t> d = sim.output<uint32_t>(0, 0);
  ASSERT_EQ(d.size(), 9u);
  // Each probe ends with the counter read (LDR, 2 cycles).
  // adds 1 + subs 1 + bne 1, + P = 1 when taken: 4N - 1.
  EXPECT_EQ(d[0], 4 * 100 - 1 + 2u);
  EXPECT_EQ(d[1], 4 * 1000 - 1 + 2u);
  // nop 1, then vadd 1 + vmul 1 + vfma 3 + vdiv 14 + vldr 2 + subs 1 +
  // bne 1 (+ P = 1 when taken): 24N - 1.
  EXPECT_EQ(d[2], 1 + 24 * 10 - 1 + 2u);
  EXPECT_EQ(d[3], 1 + 24 * 100 - 1 + 2u);
  EXPECT_EQ(d[4], 12 + 2u); // sdiv 0x7fffffff / 1: 31 quotient bits
  EXPECT_EQ(d[5], 4 + 2u);  // sdiv 100 / 7: 5 quotient bits
  EXPECT_EQ(d[6], 2 + 2u);  // sdiv 5 / 7
  EXPECT_EQ(d[7], 2 + 2u);  // udiv by zero
  EXPECT_EQ(d[8], 2 + 2 + 5 + 5 + 1 + 2u); // ldr, str, push 4, pop 4, mul
}

TEST(ProgramsTest, DVFSLevelsScaleTimeAndEnergy) {
  spnc_sim_totals totals[2];
  const char *levels[2] = {"PL4", "PL1"};
  for (int i = 0; i < 2; ++i) {
    Sim sim;
    sim.load("3.3.1", SPNC_PE_CYCLES);
    ASSERT_EQ(spnc_sim_set_dvfs_level(sim, pe("3.3.1"), levels[i]),
              SPNC_SIM_OK);
    ASSERT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_OK) << sim.error();
    totals[i] = sim.totals();
  }
  // Same work, half the clock (300 -> 150 MHz): twice the time. Active
  // power above sleep: 4.5 mW at 0.8 V, 1.25 mW at 0.5 V.
  EXPECT_EQ(totals[0].cycles, totals[1].cycles);
  EXPECT_NEAR(double(totals[1].time_ps) / double(totals[0].time_ps), 2.0, 1e-6);
  double seconds = double(totals[0].cycles) / 300e6;
  EXPECT_NEAR(totals[0].energy_active_j, seconds * 4.5e-3, 1e-15);
  EXPECT_NEAR(totals[1].energy_active_j, 2 * seconds * 1.25e-3, 1e-15);
  EXPECT_NEAR(totals[0].energy_static_j, 0.075 * seconds, 1e-15);
  Sim sim;
  EXPECT_NE(spnc_sim_set_dvfs_level(sim, pe("3.3.1"), "PL9"), SPNC_SIM_OK);
  EXPECT_NE(sim.error().find("no DVFS level 'PL9'"), std::string::npos);
}

TEST(ProgramsTest, BusyLoopThroughput) {
  const uint32_t iterations = 10'000'000;
  Sim sim;
  sim.load("2.1.0", SPNC_PE_BUSY);
  sim.input<uint32_t>(0, {iterations}, 1);
  ASSERT_EQ(spnc_sim_run(sim, 1), SPNC_SIM_OK) << sim.error();
  EXPECT_EQ(sim.output<uint32_t>(0, 0), std::vector<uint32_t>{iterations});
  spnc_sim_totals totals = sim.totals();
  EXPECT_GE(totals.instructions, 3ull * iterations);
  EXPECT_LT(totals.instructions, 3ull * iterations + 10000);
  // 4 cycles per iteration (3 instructions + refill) at 300 MHz.
  EXPECT_GE(totals.time_ps, 4ull * iterations * 10000 / 3);
  double seconds = spnc_sim_host_seconds(sim);
  std::printf("[ busy loop ] %.1f million simulated instructions per host "
              "second (%llu instructions in %.3f s)\n",
              static_cast<double>(totals.instructions) / seconds / 1e6,
              static_cast<unsigned long long>(totals.instructions), seconds);
}

} // namespace
