//===- EventOps.td - Event-based recurrent computation -----*- tablegen -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTOPS_TD
#define SPNC_DIALECT_EVENT_EVENTOPS_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Event_Dialect : Dialect {
  let name = "event";
  let summary = "Event-based recurrent neural network computation";
  let cppNamespace = "::spnc::event";
}

class Event_Op<string mnemonic, list<Trait> traits = []>
    : Op<Event_Dialect, mnemonic, traits>;

#endif // SPNC_DIALECT_EVENT_EVENTOPS_TD
