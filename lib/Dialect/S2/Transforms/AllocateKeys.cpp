//===- AllocateKeys.cpp - Source ids and multicast key blocks -------------===//
#include "MachineModel.h"

#include "spnc/Dialect/S2/Transforms/Passes.h"

#include "spinnaker2/abi.h"
#include "spnc-mapping/Keys.h"

#include "mlir/IR/Builders.h"

#include <algorithm>
#include <numeric>

namespace spnc {
#define GEN_PASS_DEF_S2ALLOCATEKEYS
#include "spnc/Dialect/S2/Transforms/Passes.h.inc"
} // namespace spnc

using namespace mlir;
using namespace spnc;
using namespace spnc::s2;

namespace {

class AllocateKeys : public spnc::impl::S2AllocateKeysBase<AllocateKeys> {
public:
  using Base::Base;
  void runOnOperation() override;
};

void AllocateKeys::runOnOperation() {
  FailureOr<MachineOp> machine = getMachine(getOperation(), "s2-allocate-keys");
  if (failed(machine))
    return signalPassFailure();
  FailureOr<MachineModel> model = loadMachine(*machine);
  if (failed(model))
    return signalPassFailure();
  if (model->slices.empty()) {
    machine->emitError()
        << "s2-allocate-keys needs slices; run s2-partition first";
    return signalPassFailure();
  }
  if (model->slices.front().hasKeys()) {
    machine->emitError() << "the slices already have keys";
    return signalPassFailure();
  }
  mapping::KeyOptions options;
  bool abi = keyFormat == "abi";
  if (abi) {
    // abi.h: key = source << 19 | index, the top 256 indices reserved.
    options.fixedBlockBits = SPNC_KEY_SOURCE_SHIFT;
    options.reservedPerBlock =
        SPNC_KEY_INDEX_MASK + 1 - SPNC_INDEX_RESERVED_FIRST;
  } else if (keyFormat != "compact") {
    machine->emitError() << "unknown key format '" << keyFormat
                         << "' (abi or compact)";
    return signalPassFailure();
  }
  mapping::Result<mapping::KeyAllocation> keys = mapping::allocateKeys(
      model->sliced, static_cast<uint32_t>(model->populations.size()), options);
  if (!keys) {
    machine->emitError() << keys.error().message;
    return signalPassFailure();
  }
  // Source ids: abi.h's source field, or the blocks numbered in key order.
  std::vector<uint32_t> source(model->slices.size());
  if (abi) {
    for (size_t i = 0; i < source.size(); ++i)
      source[i] = keys->slices[i].base >> SPNC_KEY_SOURCE_SHIFT;
  } else {
    std::vector<uint32_t> order(source.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      return keys->slices[a].base < keys->slices[b].base;
    });
    for (size_t rank = 0; rank < order.size(); ++rank)
      source[order[rank]] = static_cast<uint32_t>(rank);
  }
  if (abi)
    for (size_t i = 0; i < source.size(); ++i)
      if (source[i] > SPNC_MAX_SOURCE) {
        machine->emitError() << "source id " << source[i]
                             << " exceeds abi.h's limit of "
                             << SPNC_MAX_SOURCE;
        return signalPassFailure();
      }
  Builder builder(&getContext());
  for (size_t i = 0; i < model->slices.size(); ++i) {
    const mapping::SliceKeys &slice = keys->slices[i];
    model->slices[i].setSourceAttr(builder.getI32IntegerAttr(source[i]));
    model->slices[i].setKeyAttr(builder.getI32IntegerAttr(slice.base));
    model->slices[i].setMaskAttr(builder.getI32IntegerAttr(slice.mask()));
  }
}

} // namespace
