//===- TestUtil.h - Shared helpers of the mapping tests ---------*- C++ -*-===//
#ifndef SPNC_UNITTESTS_MAPPING_TESTUTIL_H
#define SPNC_UNITTESTS_MAPPING_TESTUTIL_H

#include "spnc-mapping/Mapper.h"

#include <gtest/gtest.h>

#include <random>

namespace spnc::mapping::test {

inline spinnaker2::SystemModel loadSystem(const std::string &name) {
  std::string error;
  std::optional<spinnaker2::SystemModel> system =
      spinnaker2::loadTarget(spinnaker2::defaultDescriptionPath(), name, error);
  EXPECT_TRUE(system.has_value()) << error;
  return system ? *system : spinnaker2::SystemModel();
}

/// An EGRU stack: an input population fed by the host, then layers with
/// recurrence, each reading the previous layer; memory from
/// LayerMemoryModel (CSR or dense, whichever is smaller).
struct EgruModel {
  PopulationGraph graph;
  std::vector<LayerMemoryModel> memory;
  CostFunction cost() const { return costFunctionFrom(memory); }
};

inline EgruModel egru(uint32_t inputs, std::vector<uint32_t> hidden,
                      double density, double rate = 0.2) {
  EgruModel model;
  model.graph.populations.push_back({"input", inputs, 1.0});
  LayerMemoryModel input;
  input.stateBytesPerUnit = 4;
  input.bufferBytes = 1024;
  input.codeBytes = 4096;
  model.memory.push_back(input);
  uint32_t previous = inputs;
  for (size_t l = 0; l < hidden.size(); ++l) {
    uint32_t pre = static_cast<uint32_t>(model.graph.populations.size() - 1);
    uint32_t self = pre + 1;
    model.graph.populations.push_back(
        {"layer" + std::to_string(l + 1), hidden[l], rate});
    model.graph.projections.push_back({pre, self, density * 3 * hidden[l]});
    model.graph.projections.push_back({self, self, density * 3 * hidden[l]});
    LayerMemoryModel layer;
    layer.inputs = previous + hidden[l];
    layer.rowsPerUnit = 3;
    layer.density = density;
    layer.stateBytesPerUnit = 64;
    layer.bufferBytes = 4096;
    layer.bufferBytesPerUnit = 4;
    layer.codeBytes = 12 * 1024;
    model.memory.push_back(layer);
    previous = hidden[l];
  }
  return model;
}

/// A random sliced graph: `slices` slices of 1..maxUnits units in a few
/// populations, random edges and rates.
inline SlicedGraph randomSlicedGraph(std::mt19937 &rng, uint32_t slices,
                                     uint32_t populations, double edgeProb,
                                     uint32_t maxUnits = 40) {
  SlicedGraph graph;
  std::uniform_int_distribution<uint32_t> units(1, maxUnits), pop(0, populations - 1);
  std::uniform_real_distribution<double> unit(0, 1);
  for (uint32_t s = 0; s < slices; ++s) {
    Slice slice;
    slice.population = std::min(pop(rng), s); // every population non-empty early
    slice.units = units(rng);
    graph.slices.push_back(slice);
  }
  for (uint32_t a = 0; a < slices; ++a) {
    double rate = 0.05 + unit(rng) * graph.slices[a].units;
    for (uint32_t b = 0; b < slices; ++b)
      if (unit(rng) < edgeProb)
        graph.edges.push_back({a, b, rate});
  }
  return graph;
}

} // namespace spnc::mapping::test

#endif // SPNC_UNITTESTS_MAPPING_TESTUTIL_H
