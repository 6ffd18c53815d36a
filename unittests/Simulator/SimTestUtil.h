//===- SimTestUtil.h - Helpers for the simulator tests ----------*- C++ -*-===//
#ifndef SPNC_UNITTESTS_SIMULATOR_SIMTESTUTIL_H
#define SPNC_UNITTESTS_SIMULATOR_SIMTESTUTIL_H

#include "spinnaker2/abi.h"
#include "spnc-runtime/simulator.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace spnc::simtest {

inline spnc_sim_pe pe(const char *name) {
  spnc_sim_pe result{};
  EXPECT_EQ(spnc_sim_parse_pe(name, &result), 0) << name;
  return result;
}

/// Owns a simulator.
struct Sim {
  spnc_sim *sim = nullptr;
  explicit Sim(spnc_sim_options options) {
    char error[512] = "";
    sim = spnc_sim_create(&options, error, sizeof error);
    EXPECT_NE(sim, nullptr) << error;
  }
  Sim() : Sim(defaults()) {}
  ~Sim() { spnc_sim_destroy(sim); }
  Sim(const Sim &) = delete;
  Sim &operator=(const Sim &) = delete;

  static spnc_sim_options defaults() {
    spnc_sim_options options;
    spnc_sim_default_options(&options);
    return options;
  }
  operator spnc_sim *() const { return sim; }
  std::string error() const { return spnc_sim_error(sim); }

  void load(const char *where, const char *elf) {
    ASSERT_EQ(spnc_sim_load_elf(sim, pe(where), elf), SPNC_SIM_OK) << error();
  }
  /// Routes every key of `source` on chip (x, y) to `dests` and `links`.
  void route(uint32_t source, std::vector<const char *> dests,
             uint32_t links = 0, int x = 0, int y = 0) {
    std::vector<spnc_sim_pe> list;
    for (const char *dest : dests)
      list.push_back(pe(dest));
    ASSERT_EQ(spnc_sim_add_route(sim, x, y, SPNC_KEY(source, 0),
                                 SPNC_KEY_SOURCE_MASK, list.data(),
                                 list.size(), links),
              SPNC_SIM_OK)
        << error();
  }
  template <typename T> void input(uint32_t tensor, const std::vector<T> &data,
                                   uint32_t steps) {
    ASSERT_EQ(spnc_sim_set_input(sim, tensor, data.data(),
                                 data.size() * sizeof(T) / steps, steps),
              SPNC_SIM_OK)
        << error();
  }
  template <typename T> std::vector<T> output(uint32_t tensor, uint32_t step) {
    size_t bytes = spnc_sim_output_bytes(sim, tensor);
    std::vector<T> data(bytes / sizeof(T));
    EXPECT_EQ(spnc_sim_get_output(sim, tensor, step, data.data(), bytes),
              SPNC_SIM_OK)
        << error();
    return data;
  }
  spnc_sim_totals totals() const {
    spnc_sim_totals t;
    spnc_sim_get_totals(sim, &t);
    return t;
  }
  spnc_sim_fault fault() const {
    spnc_sim_fault f;
    spnc_sim_get_fault(sim, &f);
    return f;
  }
  std::vector<spnc_sim_packet_record> packets() const {
    std::vector<spnc_sim_packet_record> records(
        spnc_sim_num_packet_records(sim));
    for (size_t i = 0; i < records.size(); ++i)
      spnc_sim_get_packet_record(sim, i, &records[i]);
    return records;
  }
};

inline std::vector<uint8_t> readFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)),
                              std::istreambuf_iterator<char>());
}

inline std::string writeTemp(const std::string &name,
                             const std::vector<uint8_t> &bytes) {
  std::string path = testing::TempDir() + name;
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char *>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  return path;
}

} // namespace spnc::simtest

#endif // SPNC_UNITTESTS_SIMULATOR_SIMTESTUTIL_H
