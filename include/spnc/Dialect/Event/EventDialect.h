//===- EventDialect.h - Event-based recurrent computation -------*- C++ -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTDIALECT_H
#define SPNC_DIALECT_EVENT_EVENTDIALECT_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <optional>

#include "spnc/Dialect/Event/EventOpsDialect.h.inc"
#include "spnc/Dialect/Event/EventOpsEnums.h.inc"

#define GET_TYPEDEF_CLASSES
#include "spnc/Dialect/Event/EventOpsTypes.h.inc"

#define GET_ATTRDEF_CLASSES
#include "spnc/Dialect/Event/EventOpsAttrs.h.inc"

namespace spnc::event {

/// The memory that `event.state` ops name; state_read/state_write effects are
/// on this resource and on the state's symbol.
struct StateResource
    : public mlir::SideEffects::Resource::Base<StateResource> {
  llvm::StringRef getName() final { return "event.state"; }
};

/// An array attribute of activation attributes with default parameters.
mlir::ArrayAttr getActivationArray(mlir::MLIRContext *context,
                                   llvm::ArrayRef<ActivationKind> kinds);

/// How many parameters an activation takes, in order alpha then beta (0-2).
unsigned getNumActivationParameters(ActivationKind kind);

/// The kind named by an ONNX RNN activation name ("Relu", "Tanh", "Sigmoid",
/// "Affine", "LeakyRelu", "ThresholdedRelu", "ScaledTanh", "HardSigmoid",
/// "Elu", "Softsign", "Softplus"; case-insensitive), or none.
std::optional<ActivationKind> symbolizeONNXActivation(llvm::StringRef name);

/// The activation for an ONNX activation name with the given alpha/beta;
/// a missing parameter takes the default of the ONNX operator of that name
/// (LeakyRelu 0.01, ThresholdedRelu 1, Elu 1, HardSigmoid 0.2/0.5, Affine
/// 1/0, ScaledTanh 1/1). Parameters an activation does not take are ignored.
/// Returns null for an unknown name.
ActivationAttr getONNXActivation(mlir::MLIRContext *context,
                                 llvm::StringRef name,
                                 std::optional<float> alpha = std::nullopt,
                                 std::optional<float> beta = std::nullopt);

} // namespace spnc::event

#define GET_OP_CLASSES
#include "spnc/Dialect/Event/EventOps.h.inc"

#endif // SPNC_DIALECT_EVENT_EVENTDIALECT_H
