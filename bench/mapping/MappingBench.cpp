//===- MappingBench.cpp - Mapping figures for EGRU-LM-like graphs ---------===//
//
// Builds synthetic EGRU language-model population graphs (an input layer
// fed by the host, stacked EGRU layers with recurrence, pruned weights in
// per-source-row CSR), maps each with spnc's mapping library and prints
// mapping time, PEs against the lower bound, traffic against the naive
// placement, routing entries before/after compression and the check time.
//
//   spnc-mapping-bench [--system=chip|board48] [--seed=N] [--moves=N]
//
//===----------------------------------------------------------------------===//
#include "spnc-mapping/Mapper.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

using namespace spnc::mapping;

namespace {

struct Model {
  std::string name;
  uint32_t inputs;
  std::vector<uint32_t> hidden;
  double density;
};

/// The population graph and the memory model of an EGRU stack.
void build(const Model &model, PopulationGraph &graph,
           std::vector<LayerMemoryModel> &memory) {
  const double eventRate = 0.2; // 80 % of units silent per step
  graph.populations.push_back({"input", model.inputs, 1.0});
  LayerMemoryModel input;
  input.stateBytesPerUnit = 4;
  input.bufferBytes = 1024;
  input.codeBytes = 4096;
  memory.push_back(input);
  uint32_t previous = model.inputs;
  for (size_t l = 0; l < model.hidden.size(); ++l) {
    uint32_t units = model.hidden[l];
    uint32_t pre = static_cast<uint32_t>(graph.populations.size() - 1);
    uint32_t self = pre + 1;
    graph.populations.push_back({"egru" + std::to_string(l + 1), units, eventRate});
    double fanOut = model.density * 3 * units;
    graph.projections.push_back({pre, self, fanOut});  // W x
    graph.projections.push_back({self, self, fanOut}); // R y(t-1)
    LayerMemoryModel layer;
    layer.inputs = previous + units;
    layer.rowsPerUnit = 3;
    layer.density = model.density;
    layer.format = WeightFormat::Smallest;
    // c, y, threshold, 6 biases, 6 accumulators (+1 pad), FP32
    layer.stateBytesPerUnit = 64;
    layer.bufferBytes = 4096;     // receive queue and event list
    layer.bufferBytesPerUnit = 4; // fired-unit list
    layer.codeBytes = 12 * 1024;
    memory.push_back(layer);
    previous = units;
  }
}

} // namespace

int main(int argc, char **argv) {
  std::string systemName = "chip";
  MapOptions options;
  for (int i = 1; i < argc; ++i) {
    if (!std::strncmp(argv[i], "--system=", 9))
      systemName = argv[i] + 9;
    else if (!std::strncmp(argv[i], "--seed=", 7))
      options.placement.seed = std::strtoull(argv[i] + 7, nullptr, 10);
    else if (!std::strncmp(argv[i], "--moves=", 8))
      options.placement.movesPerSlice =
          static_cast<uint32_t>(std::strtoul(argv[i] + 8, nullptr, 10));
    else {
      std::fprintf(stderr,
                   "usage: %s [--system=chip|board48] [--seed=N] [--moves=N]\n",
                   argv[0]);
      return 2;
    }
  }
  std::string error;
  std::optional<spinnaker2::SystemModel> system = spinnaker2::loadTarget(
      spinnaker2::defaultDescriptionPath(), systemName, error);
  if (!system) {
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return 1;
  }
  std::vector<Model> models = {
      {"egru-2x256-dense", 256, {256, 256}, 1.0},
      {"egru-3x512-p90", 512, {512, 512, 512}, 0.10},
      {"egru-lm-1350-1350-750-p95", 750, {1350, 1350, 750}, 0.05},
      // The same shape pruned less: about 150 slices, a full chip.
      {"egru-lm-1350-1350-750-p92", 750, {1350, 1350, 750}, 0.08},
  };
  // On a board, also a model that needs two chips.
  if (system->numChips() > 1)
    models.push_back({"egru-3x2048-p95", 1024, {2048, 2048, 2048}, 0.05});
  std::printf("system '%s': %zu chip(s), %zu usable PEs per chip, %u router "
              "entries, seed %llu, %u moves per slice\n\n",
              systemName.c_str(), system->numChips(),
              system->chip.usablePEs().size(), system->chip.routerEntries,
              (unsigned long long)options.placement.seed,
              options.placement.movesPerSlice);
  int failures = 0;
  for (const Model &model : models) {
    PopulationGraph graph;
    std::vector<LayerMemoryModel> memory;
    build(model, graph, memory);
    CostFunction cost = costFunctionFrom(memory);
    std::printf("== %s\n", model.name.c_str());
    Result<Mapping> mapping = mapGraph(graph, cost, *system, options);
    if (!mapping) {
      std::printf("error: %s\n\n", mapping.error().message.c_str());
      ++failures;
      continue;
    }
    std::printf("%s", mapping->report.str(system->chip).c_str());
    // The same tables, compressed treating never-sent keys as don't care.
    MapOptions relaxed = options;
    relaxed.unallocatedKeysDontCare = true;
    Result<Mapping> loose = mapGraph(graph, cost, *system, relaxed);
    if (loose)
      std::printf("don't-care keys   %zu entries after compression, check "
                  "%.3f ms\n",
                  loose->report.entriesAfter, loose->report.checkSeconds * 1e3);
    std::printf("annealing         %llu moves, %llu accepted\n\n",
                (unsigned long long)mapping->placement.movesTried,
                (unsigned long long)mapping->placement.movesAccepted);
  }
  return failures ? 1 : 0;
}
