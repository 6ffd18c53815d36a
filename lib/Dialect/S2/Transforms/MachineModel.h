//===- MachineModel.h - An s2.machine in the mapping library's terms -*- C++ -*-===//
//
// Every mapping pass reads the machine's IR into the value types of
// mapping/ (PopulationGraph, SlicedGraph, Placement, KeyAllocation,
// RoutingTable), calls the library and writes its result back. Population
// ids are the order of the s2.population ops; slice ids are population
// order, then unit order (the order the partitioner emits, which key
// allocation relies on).
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_LIB_DIALECT_S2_TRANSFORMS_MACHINEMODEL_H
#define SPNC_LIB_DIALECT_S2_TRANSFORMS_MACHINEMODEL_H

#include "PopulationCost.h"

#include "spnc/Dialect/S2/S2Dialect.h"

#include "spnc-mapping/Keys.h"
#include "spnc-mapping/Model.h"
#include "spnc-mapping/Routing.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"

#include <vector>

namespace spnc::s2 {

struct MachineModel {
  // Op handles are mutable: reading an op through a handle is not const.
  mutable MachineOp machine;
  const spinnaker2::SystemModel *system = nullptr;
  mutable std::vector<PopulationOp> populations; // by population id
  llvm::StringMap<uint32_t> populationIds;
  mapping::PopulationGraph graph;
  mutable std::vector<SliceOp> slices; // by slice id
  std::vector<std::vector<uint32_t>> slicesOf;
  mapping::SlicedGraph sliced; // empty before partitioning
};

/// The module's one s2.machine; an error on the module if there is none
/// (`what` names the pass that needs it) or several.
mlir::FailureOr<MachineOp> getMachine(mlir::ModuleOp module,
                                      llvm::StringRef what);

/// Reads populations, projections and slices (if any).
mlir::FailureOr<MachineModel> loadMachine(MachineOp machine);

/// Where every slice runs (all slices must be placed).
mapping::Placement placementOf(const MachineModel &model);

/// The slices' key blocks (all slices must have keys).
mapping::KeyAllocation keysOf(const MachineModel &model);

/// The routing tables of the machine, by chip index.
std::vector<mapping::RoutingTable> tablesOf(const MachineModel &model);

/// The entries of `table` as s2.route ops at the end of `body`.
void buildRoutes(mlir::OpBuilder &builder, mlir::Location loc,
                 const mapping::RoutingTable &table,
                 const spinnaker2::ChipModel &chip);

/// The step function a machine maps.
mlir::func::FuncOp getStepFunction(MachineOp machine);

/// The name of a graph input/output: its `onnx.name`, else arg<i>/result<i>.
std::string inputName(mlir::func::FuncOp function, unsigned index);
std::string outputName(mlir::func::FuncOp function, unsigned index);

/// The memory model of every population (by population id), from the ops
/// carrying `s2.population` in the step function; event buffers hold
/// `stepsInFlight` + delay steps of events.
mlir::FailureOr<std::vector<PopulationCost>>
buildCosts(const MachineModel &model, unsigned stepsInFlight);

} // namespace spnc::s2

#endif // SPNC_LIB_DIALECT_S2_TRANSFORMS_MACHINEMODEL_H
