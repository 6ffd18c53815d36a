//===- EventTypes.td - Types of the event dialect ----------*- tablegen -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTTYPES_TD
#define SPNC_DIALECT_EVENT_EVENTTYPES_TD

include "spnc/Dialect/Event/EventDialect.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/BuiltinTypeInterfaces.td"

def Event_EventsType : TypeDef<Event_Dialect, "Events", [ShapedTypeInterface]> {
  let mnemonic = "events";
  let summary = "A vector of events: mostly zeros, sent as packets";
  let description = [{
    A statically shaped vector (rank >= 1) of floating-point values of which
    most are zero; each non-zero entry is sent as one packet. With the
    `binary` marker every value is 0 or 1 (spikes) and a packet needs no
    payload; otherwise the events are graded and carry their value.

    ```mlir
    !event.events<4x128xf32>           // graded events, batch 4
    !event.events<128xf32, binary>     // spikes
    ```
  }];
  let parameters = (ins ArrayRefParameter<"int64_t">:$shape,
                        "::mlir::Type":$elementType,
                        DefaultValuedParameter<"bool", "false">:$binary);
  let builders = [
    TypeBuilderWithInferredContext<(ins "::llvm::ArrayRef<int64_t>":$shape,
                                        "::mlir::Type":$elementType,
                                        CArg<"bool", "false">:$binary), [{
      return $_get(elementType.getContext(), shape, elementType, binary);
    }]>
  ];
  let hasCustomAssemblyFormat = 1;
  let genVerifyDecl = 1;
  let extraClassDeclaration = [{
    /// Events are always ranked (ShapedTypeInterface).
    bool hasRank() const { return true; }
    /// Same marker, new shape and/or element type (ShapedTypeInterface).
    ::mlir::ShapedType cloneWith(std::optional<::llvm::ArrayRef<int64_t>> shape,
                                 ::mlir::Type elementType) const;
    /// The dense tensor type with the same shape and element type.
    ::mlir::RankedTensorType getDenseType() const;
    /// The same events with the given marker.
    EventsType withBinary(bool binary) const;
  }];
}

#endif // SPNC_DIALECT_EVENT_EVENTTYPES_TD
