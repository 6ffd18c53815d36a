//===- S2Ops.td - The SpiNNaker 2 hardware dialect ---------*- tablegen -*-===//
//
// The mapping of an event-dialect step function onto SpiNNaker 2: which
// populations (layers) exist, how they are cut into per-PE slices, where the
// slices run, which multicast keys they send and the routing tables that
// deliver the keys. docs/Backend.md and docs/Mapping.md describe the flow;
// every mapping pass leaves its result here as printable IR.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_DIALECT_S2_S2OPS_TD
#define SPNC_DIALECT_S2_S2OPS_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"
include "mlir/IR/RegionKindInterface.td"
include "mlir/IR/SymbolInterfaces.td"

def S2_Dialect : Dialect {
  let name = "s2";
  let summary = "SpiNNaker 2 hardware: populations, slices, PEs, keys, routes";
  let description = [{
    One `s2.machine` holds the mapping of one step function:

    * `s2.population`: a layer op of the event function (a cell step, an
      event generator, a row-parallel matvec, a gather or a vector op) with
      its units and expected firing rate. The event op carries
      `s2.population = @machine::@name`.
    * `s2.projection`: events of one population feed another (delay 1 for
      recurrence through state).
    * `s2.io`: graph inputs and outputs and the populations that consume or
      produce them (the host writes/reads the PEs' I/O buffers).
    * `s2.slice`: a contiguous range of a population's units on one PE, with
      its memory; after placement its chip and PE ("qx.qy.qp"), after key
      allocation its source id and key block.
    * `s2.routing_table` / `s2.route`: the multicast table of one chip's
      router, first match wins.

    The machine's verifier checks the structural invariants the later passes
    rely on: slices tile each population, a PE runs at most one slice and is
    usable according to the target description, key blocks are disjoint and
    increase with the unit order inside a population, and routes name PEs
    and links that exist.
  }];
  let cppNamespace = "::spnc::s2";
  let useDefaultAttributePrinterParser = 1;
  let hasOperationAttrVerify = 1;
  let extraClassDeclaration = [{
    /// The discardable attribute an event-dialect op carries to name its
    /// population (`@machine::@population`).
    static constexpr ::llvm::StringLiteral kPopulationAttrName =
        "s2.population";
    /// On the s2.machine, set by s2-partition: the steps a PE may run
    /// ahead of the slowest, which sized the event buffers (the package
    /// tells the simulator).
    static constexpr ::llvm::StringLiteral kStepsInFlightAttrName =
        "s2.steps_in_flight";
  }];
}

class S2_Op<string mnemonic, list<Trait> traits = []>
    : Op<S2_Dialect, mnemonic, traits>;

//===----------------------------------------------------------------------===//
// Enums and attributes
//===----------------------------------------------------------------------===//

def S2_PopulationKind : I32EnumAttr<"PopulationKind",
    "what a population computes", [
      // Unit-parallel: a slice owns a range of output units.
      I32EnumAttrCase<"cell", 0>,        // egru/gru/lstm/rnn step
      I32EnumAttrCase<"generator", 1>,   // threshold/lif/heaviside
      I32EnumAttrCase<"matvec", 2>,      // row-parallel, constant weights
      I32EnumAttrCase<"gather", 3>,      // rows of a constant table
      I32EnumAttrCase<"elementwise", 4>, // elementwise linalg ops
      // The whole vector on one PE.
      I32EnumAttrCase<"vector", 5>       // reductions, normalisations
    ]> {
  let cppNamespace = "::spnc::s2";
}

def S2_IODirection : I32EnumAttr<"IODirection",
    "whether the host writes or reads a graph value", [
      I32EnumAttrCase<"input", 0>,
      I32EnumAttrCase<"output", 1>
    ]> {
  let cppNamespace = "::spnc::s2";
}

def S2_MemoryAttr : AttrDef<S2_Dialect, "Memory"> {
  let mnemonic = "memory";
  let summary = "Bytes one PE needs for a slice, by category";
  let description = [{
    `weights` (constant matrices, dense or per-source-row CSR), `state`
    (per-unit state, biases, accumulators), `buffers` (stack, event queue,
    host I/O buffers) and `code`. Data (weights + state + buffers) must fit
    the PE's data SRAM and code its code SRAM.

    ```mlir
    #s2.memory<weights = 4608, state = 960, buffers = 9280, code = 12288>
    ```
  }];
  let parameters = (ins "uint64_t":$weights, "uint64_t":$state,
                        "uint64_t":$buffers, "uint64_t":$code);
  let assemblyFormat = "`<` struct(params) `>`";
  let extraClassDeclaration = [{
    uint64_t getData() const { return getWeights() + getState() + getBuffers(); }
  }];
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

def S2_MachineOp : S2_Op<"machine", [
    Symbol, SymbolTable, GraphRegionNoTerminator, IsolatedFromAbove,
    HasParent<"::mlir::ModuleOp">,
    DeclareOpInterfaceMethods<SymbolUserOpInterface>]> {
  let summary = "The SpiNNaker 2 system a step function is mapped onto";
  let description = [{
    `step` names the event-dialect function; `system` is a system of the
    target description (`chip`, `board48`) and `dvfs` a DVFS level of its
    chip. The graph region holds populations, projections, I/O, slices and
    routing tables in any order.

    ```mlir
    s2.machine @machine step @main_graph system "chip" dvfs "PL4" {
      s2.population @egru_0 cell units 16 rate 1.500000e-01 op "event.egru_step"
      s2.slice @egru_0 units [0, 16) memory <weights = 4608, state = 960, buffers = 9280, code = 12288>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, FlatSymbolRefAttr:$step,
                       StrAttr:$system, StrAttr:$dvfs);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    $sym_name `step` $step `system` $system `dvfs` $dvfs
    attr-dict-with-keyword $body
  }];
  let hasRegionVerifier = 1;
}

def S2_PopulationOp : S2_Op<"population", [
    Symbol, HasParent<"MachineOp">]> {
  let summary = "The units of one layer op: each may send one event per step";
  let description = [{
    `kind` says how the population is cut: every kind but `vector` is
    unit-parallel (a slice owns consecutive output units); a `vector`
    population runs on one PE. `rate` is the expected number of events per
    unit per step (1 for dense values, the activity for event outputs).
    `op` names the event-dialect op (for a `vector` population, the first of
    its ops), which carries `s2.population = @machine::@<name>`.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, S2_PopulationKind:$kind,
                       I64Attr:$units, F64Attr:$rate, StrAttr:$origin);
  let assemblyFormat = [{
    $sym_name $kind `units` $units `rate` $rate `op` $origin attr-dict
  }];
  let hasVerifier = 1;
}

def S2_ProjectionOp : S2_Op<"projection", [HasParent<"MachineOp">]> {
  let summary = "Events of one population feed another";
  let description = [{
    `port` names the operand of the consumer's op the events arrive at
    (e.g. `x`, `y_prev`). `fan_out` is the average number of `to` units one
    `from` unit reaches (non-zero weights per source column), `packets` the
    expected packets per step (`from`'s units x rate). `delay` is 1 when the
    events are used at the next step (recurrence through state), else 0.
  }];
  let arguments = (ins FlatSymbolRefAttr:$from, FlatSymbolRefAttr:$to,
                       StrAttr:$port, F64Attr:$fan_out, F64Attr:$packets,
                       I64Attr:$delay);
  let assemblyFormat = [{
    $from `->` $to `port` $port `fan_out` $fan_out `packets` $packets
    `delay` $delay attr-dict
  }];
  let hasVerifier = 1;
}

def S2_IOOp : S2_Op<"io", [HasParent<"MachineOp">]> {
  let summary = "A graph input or output and the populations that use it";
  let description = [{
    For an input, the populations whose PEs get it in their I/O buffers; for
    an output, the populations whose PEs hold it. `state` pairs a state input
    with its output (docs/StateConvention.md): the host writes the input
    once, before the first step, and the recurrence stays on the chip.

    ```mlir
    s2.io input "x" [@egru_0]
    s2.io input "y_prev_0" [@egru_0] state "y_0"
    s2.io output "y_0" [@egru_0]
    ```
  }];
  let arguments = (ins S2_IODirection:$direction, StrAttr:$name,
                       FlatSymbolRefArrayAttr:$populations,
                       OptionalAttr<StrAttr>:$state);
  let assemblyFormat = [{
    $direction $name $populations (`state` $state^)? attr-dict
  }];
  let hasVerifier = 1;
}

def S2_SliceOp : S2_Op<"slice", [HasParent<"MachineOp">]> {
  let summary = "Units [begin, end) of a population, on one PE";
  let description = [{
    After `s2-partition`: the unit range and the memory of the slice. After
    `s2-place`: `chip` (index into the system's chips) and `pe`
    ("qx.qy.qp"). After `s2-allocate-keys`: the source id and the key block
    `key`/`mask`; unit u of the slice sends `key | (u - begin)` and its
    end-of-step packet is `key | ~mask`.

    ```mlir
    s2.slice @egru_0 units [0, 16) memory <weights = 4608, state = 960, buffers = 9280, code = 12288>
        chip 0 pe "2.1.0" source 0 key 0x00000000 mask 0xfff80000
    ```
  }];
  let arguments = (ins FlatSymbolRefAttr:$population, I64Attr:$begin,
                       I64Attr:$end, S2_MemoryAttr:$memory,
                       OptionalAttr<I32Attr>:$chip, OptionalAttr<StrAttr>:$pe,
                       OptionalAttr<I32Attr>:$source,
                       OptionalAttr<I32Attr>:$key, OptionalAttr<I32Attr>:$mask);
  let assemblyFormat = [{
    $population `units` ` ` `[` $begin `,` $end `)` `memory` $memory
    (`chip` $chip^ `pe` $pe)?
    (`source` $source^ `key` custom<Hex>($key) `mask` custom<Hex>($mask))?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    int64_t getUnits() { return int64_t(getEnd()) - int64_t(getBegin()); }
    bool isPlaced() { return getChipAttr() != nullptr; }
    bool hasKeys() { return getKeyAttr() != nullptr; }
  }];
}

def S2_RoutingTableOp : S2_Op<"routing_table", [
    HasParent<"MachineOp">, NoTerminator, SingleBlock]> {
  let summary = "The multicast routing table of one chip";
  let description = [{
    Ternary entries (`s2.route`), first match wins. After
    `s2-compress-tables` the table is marked `compressed from N entries`
    with N the entry count before compression; it then must fit the
    router.
  }];
  let arguments = (ins I32Attr:$chip,
                       OptionalAttr<I64Attr>:$uncompressed_entries);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `chip` $chip (`compressed` `from` $uncompressed_entries^ `entries`)?
    attr-dict-with-keyword $body
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    bool isCompressed() { return getUncompressedEntriesAttr() != nullptr; }
  }];
}

def S2_RouteOp : S2_Op<"route", [HasParent<"RoutingTableOp">]> {
  let summary = "One routing-table entry";
  let description = [{
    A packet whose key satisfies `(packet & mask) == key` goes to the PEs
    `pes` of this chip and out of the chip links `links` (E, NE, N, W, SW,
    S). `from` says where the entry's packets arrive from (`local` = a PE of
    this chip, or a link).

    ```mlir
    s2.route key 0x00080000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "2.1.1"] links ["E"]
    ```
  }];
  let arguments = (ins I32Attr:$key, I32Attr:$mask, StrArrayAttr:$arrival,
                       StrArrayAttr:$pes, StrArrayAttr:$links);
  let assemblyFormat = [{
    `key` custom<Hex>($key) `mask` custom<Hex>($mask) `from` $arrival `to` `pes` $pes
    `links` $links attr-dict
  }];
  let hasVerifier = 1;
}

#endif // SPNC_DIALECT_S2_S2OPS_TD
