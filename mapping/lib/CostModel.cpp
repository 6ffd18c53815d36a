//===- CostModel.cpp - Memory of a slice of an event layer ----------------===//
#include "spnc-mapping/CostModel.h"

#include <algorithm>
#include <cmath>

namespace spnc::mapping {

uint64_t LayerMemoryModel::denseWeightBytes(uint32_t units) const {
  return uint64_t(inputs) * rowsPerUnit * units * bytesPerWeight;
}

uint64_t LayerMemoryModel::csrWeightBytes(uint32_t units) const {
  double weights = double(inputs) * rowsPerUnit * units;
  uint64_t nonZeros = static_cast<uint64_t>(std::ceil(weights * density));
  return nonZeros * (bytesPerWeight + bytesPerIndex) +
         (uint64_t(inputs) + 1) * bytesPerOffset;
}

MemoryUse LayerMemoryModel::operator()(uint32_t units) const {
  MemoryUse use;
  switch (format) {
  case WeightFormat::Dense:
    use.weightBytes = denseWeightBytes(units);
    break;
  case WeightFormat::SourceRowCSR:
    use.weightBytes = csrWeightBytes(units);
    break;
  case WeightFormat::Smallest:
    use.weightBytes = std::min(denseWeightBytes(units), csrWeightBytes(units));
    break;
  }
  use.stateBytes = uint64_t(stateBytesPerUnit) * units;
  use.bufferBytes = bufferBytes + uint64_t(bufferBytesPerUnit) * units;
  use.codeBytes = codeBytes;
  return use;
}

CostFunction costFunctionFrom(std::vector<LayerMemoryModel> models) {
  return [models = std::move(models)](uint32_t population, uint32_t units) {
    if (population >= models.size())
      return MemoryUse{};
    return models[population](units);
  };
}

} // namespace spnc::mapping
