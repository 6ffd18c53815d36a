//===- Passes.td - The mapping passes onto SpiNNaker 2 -----*- tablegen -*-===//
//
// Each pass records its result in the s2 dialect; `spnc-map` runs them in
// order (lib/Pipelines/MappingPipeline.cpp). docs/Mapping.md describes the
// algorithms (the mapping/ library) and what each pass calls.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_DIALECT_S2_TRANSFORMS_PASSES_TD
#define SPNC_DIALECT_S2_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def S2BuildPopulations : Pass<"s2-build-populations", "mlir::ModuleOp"> {
  let summary = "Build the s2.machine of a step function: populations, "
                "projections and host I/O";
  let description = [{
    Classifies the ops of the step function (the module's only public
    function with a body, or `function`) after `spnc-onnx-to-event`:

    * cell steps (`event.egru_step`, `gru_step`, `lstm_step`, `rnn_step`):
      one population of H units;
    * event generators (`event.threshold`, `lif`, `heaviside`);
    * row-parallel matvecs with constant weights (`event.accumulate`,
      `linalg.matmul`/`matvec`/`vecmat` with one constant operand);
    * a gather of a row of a constant table (an embedding), unit-parallel
      over the table's columns;
    * groups of other linalg ops, merged along the values they exchange
      without a same-step cycle through another population (so never
      around a matvec; docs/Mapping.md): one `elementwise` population if
      every op is elementwise over one shape, else one `vector` population
      that runs on a single PE (layer norms, softmax);
    * anything else that depends on the inputs: an error naming the op.

    Values computed from constants only are parameters; shape-only ops and
    `event.from_dense`/`to_dense` pass their operand's population through.
    Each data operand of a layer op becomes a projection from its producer
    (fan-out = non-zero weights per source column), host I/O, or local state
    when a unit reads back its own state. State carried through graph
    inputs and outputs (docs/StateConvention.md) or `event.state` is a
    recurrence: a projection with delay 1. Events are expected at
    `default-activity` per unit and step; dense values at 1. Every mapped op
    gets `s2.population = @machine::@<population>`.
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The step function (default: the only public function with a body)">,
    Option<"system", "system", "std::string", /*default=*/"\"chip\"",
           "The system of the target description: chip or board48">,
    Option<"dvfs", "dvfs", "std::string", /*default=*/"\"\"",
           "The DVFS level (default: the chip's default level)">,
    Option<"defaultActivity", "default-activity", "double", /*default=*/"0.15",
           "Expected events per unit and step of event outputs">,
  ];
}

def S2Partition : Pass<"s2-partition", "mlir::ModuleOp"> {
  let summary = "Cut every population into per-PE slices (s2.slice)";
  let description = [{
    Calls `mapping::partition` with a memory model computed from the real
    weights of each population's op: for every constant matrix the smaller
    of dense and per-source-row CSR storage of the slice's non-zeros, plus
    parameters, per-unit state, buffers (stack, event buffer, host input)
    and an estimate of the code (docs/Mapping.md). A slice's memory is
    recorded exactly; the partitioner sees the worst slice of each size.
    A model that does not fit fails with the library's per-core memory table
    and the amount over, before anything else runs.

    Event buffers hold `steps-in-flight` (the runtime's step gate W) plus
    the largest incoming delay steps of events, each step the expected
    events plus six standard deviations.
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
  let options = [
    Option<"stepsInFlight", "steps-in-flight", "unsigned", /*default=*/"1",
           "Steps a PE may run ahead (the step gate W the package runs with)">,
  ];
}

def S2Place : Pass<"s2-place", "mlir::ModuleOp"> {
  let summary = "Place slices on PEs (chip, qx.qy.qp)";
  let description = [{
    Calls `mapping::place` (simulated annealing of hop-weighted traffic from
    the row-major placement, never worse than it) and records each slice's
    chip and PE. Emits a remark with the placed and the naive objective.
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
  let options = [
    Option<"seed", "seed", "uint64_t", /*default=*/"1", "Annealing seed">,
    Option<"movesPerSlice", "moves-per-slice", "unsigned", /*default=*/"4000",
           "Annealing moves per slice (0: keep the row-major placement)">,
    Option<"maxChips", "max-chips", "unsigned", /*default=*/"0",
           "Chips the placement may use (0: every chip of the system)">,
  ];
}

def S2AllocateKeys : Pass<"s2-allocate-keys", "mlir::ModuleOp"> {
  let summary = "Give every slice a source id and a multicast key block";
  let description = [{
    Calls `mapping::allocateKeys`. With `key-format=abi` (the default) every
    slice gets a block of 2^19 keys, `key = source << 19`, as abi.h's packet
    format requires; `compact` uses the smallest blocks (source ids then
    number the blocks in key order). Keys increase with the units of a
    population, which keeps the runtime's summation order (docs/Backend.md).
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
  let options = [
    Option<"keyFormat", "key-format", "std::string", /*default=*/"\"abi\"",
           "abi (source << 19 | index) or compact (smallest blocks)">,
  ];
}

def S2Route : Pass<"s2-route", "mlir::ModuleOp"> {
  let summary = "Build the multicast routing table of every chip";
  let description = [{
    Calls `mapping::route`: a multicast tree per source slice (shortest chip
    paths, then XY routes on each chip's mesh) and one entry per chip on the
    tree. Emits one `s2.routing_table` per chip that has entries or runs
    slices (empty if its slices send to nobody).
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
}

def S2CompressTables : Pass<"s2-compress-tables", "mlir::ModuleOp"> {
  let summary = "Minimise the routing tables; prove each one equivalent";
  let description = [{
    Calls `mapping::compressTables`: ordered covering on every table, then
    the equivalence checker on the result (every key routes as before). An
    inequivalent table or one that still exceeds its router is an error
    naming the router. Tables are marked `compressed from N entries`.
  }];
  let dependentDialects = ["::spnc::s2::S2Dialect"];
  let options = [
    Option<"entryLimit", "entry-limit", "unsigned", /*default=*/"0",
           "Router entries (0: the target description's)">,
    Option<"orderedCovering", "ordered-covering", "bool", /*default=*/"true",
           "Merge entries (false: only check and enforce the limit)">,
    Option<"unallocatedDontCare", "unallocated-dont-care", "bool",
           /*default=*/"false",
           "Let merges cover keys no slice sends">,
  ];
}

def S2WriteReport : Pass<"s2-write-report", "mlir::ModuleOp"> {
  let summary = "Write the mapping report (JSON) of a mapped machine";
  let description = [{
    PEs used against the lower bound, SRAM per PE, routing entries per
    router before and after compression, expected packets and packet-hops
    per step against their bounds, and the placement objective against the
    row-major placement. `spnc --report=<file>` writes the same report.
  }];
  let options = [
    Option<"stepsInFlight", "steps-in-flight", "unsigned", /*default=*/"0",
           "As for s2-partition (0: what s2-partition recorded on the "
           "machine)">,
    Option<"file", "file", "std::string", /*default=*/"\"-\"",
           "Where to write the report (- = stdout)">,
  ];
}

#endif // SPNC_DIALECT_S2_TRANSFORMS_PASSES_TD
