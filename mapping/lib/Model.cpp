//===- Model.cpp - The mapping problem's value types ----------------------===//
#include "spnc-mapping/Model.h"

#include <algorithm>
#include <cmath>

namespace spnc::mapping {

std::optional<std::string> PopulationGraph::validate() const {
  for (size_t i = 0; i < populations.size(); ++i) {
    const Population &p = populations[i];
    std::string name = "population " + std::to_string(i) + " ('" + p.name + "')";
    if (p.units == 0)
      return name + " has no units";
    if (!(p.rate >= 0) || !std::isfinite(p.rate))
      return name + " has an invalid firing rate";
  }
  for (size_t i = 0; i < projections.size(); ++i) {
    const Projection &e = projections[i];
    std::string name = "projection " + std::to_string(i);
    if (e.pre >= populations.size() || e.post >= populations.size())
      return name + " names population " +
             std::to_string(std::max(e.pre, e.post)) + " but there are " +
             std::to_string(populations.size());
    if (!(e.fanOut >= 0) || !std::isfinite(e.fanOut))
      return name + " has an invalid fan-out";
  }
  return std::nullopt;
}

std::vector<std::vector<uint32_t>> SlicedGraph::destinations() const {
  std::vector<std::vector<uint32_t>> result(slices.size());
  for (const SliceEdge &edge : edges)
    if (edge.pre < slices.size() && edge.post < slices.size())
      result[edge.pre].push_back(edge.post);
  for (std::vector<uint32_t> &list : result) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return result;
}

std::vector<double> SlicedGraph::sourceRates() const {
  std::vector<double> rates(slices.size(), 0.0);
  for (const SliceEdge &edge : edges)
    if (edge.pre < slices.size())
      rates[edge.pre] = std::max(rates[edge.pre], edge.rate);
  return rates;
}

std::string Location::str() const {
  return "chip " + std::to_string(chip) + " PE " + pe.str();
}

int peIndex(const spinnaker2::ChipModel &chip, const spinnaker2::PEId &pe) {
  const std::vector<spinnaker2::PEId> &all = chip.allPEs();
  for (size_t i = 0; i < all.size(); ++i)
    if (all[i] == pe)
      return static_cast<int>(i);
  return -1;
}

} // namespace spnc::mapping
