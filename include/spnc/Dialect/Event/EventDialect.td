//===- EventDialect.td - The event dialect -----------------*- tablegen -*-===//
#ifndef SPNC_DIALECT_EVENT_EVENTDIALECT_TD
#define SPNC_DIALECT_EVENT_EVENTDIALECT_TD

include "mlir/IR/OpBase.td"

def Event_Dialect : Dialect {
  let name = "event";
  let summary = "Event-based recurrent neural network computation";
  let description = [{
    The event dialect holds what is specific to event-based recurrent networks
    on SpiNNaker 2 and leaves everything else (elementwise math, dense matmuls,
    shapes, loops) to upstream dialects:

    * `!event.events<...>`: vectors whose entries are mostly zero and that
      travel as packets, one per non-zero entry (an *event*). `binary` events
      are spikes (0/1); otherwise an event carries a graded value.
    * Cell steps (`egru_step`, `gru_step`, `lstm_step`, `rnn_step`,
      `wkv_step`): one time step of a recurrent cell, kept whole so that later
      passes can map a cell to cores and decide which matvecs are
      event-driven.
    * Event generation (`threshold`, `lif`, `heaviside`) and the event-driven
      matvec `accumulate`.
    * Recurrent state (`state`, `state_read`, `state_write`) that lives across
      invocations of the network, e.g. across tokens.

    Weights are laid out as in ONNX: `W` is `[gates*H, I]` and multiplies
    inputs as `W x`. Per-batch operands are `[B, N]` or unbatched `[N]`.
  }];
  let cppNamespace = "::spnc::event";
  let useDefaultTypePrinterParser = 1;
  let useDefaultAttributePrinterParser = 1;
}

class Event_Op<string mnemonic, list<Trait> traits = []>
    : Op<Event_Dialect, mnemonic, traits>;

#endif // SPNC_DIALECT_EVENT_EVENTDIALECT_TD
