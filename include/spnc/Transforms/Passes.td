//===- Passes.td - spnc's transformation passes ------------*- tablegen -*-===//
#ifndef SPNC_TRANSFORMS_PASSES_TD
#define SPNC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def ApproximateMath : Pass<"spnc-approximate-math"> {
  let summary = "Expand transcendentals into the polynomial approximations "
                "shared by every spnc target, and make floating point strict";
  let description = [{
    Host and SpiNNaker 2 must agree bit for bit, so neither may call its own
    libm. For f32 (and f16/bf16, computed in f32 and rounded back) this pass

    * rewrites sinh, cosh, tan, asinh, acosh, atanh, exp2, powf, fpowi and
      rsqrt into other math ops (`math::populateExpansionPatterns`);
    * replaces tanh, exp, expm1, log, log2, log1p, erf, erfc, sin, cos, atan,
      atan2, asin, acos and cbrt by MLIR's polynomial approximations
      (`populateMathPolynomialApproximationPatterns`), whose Horner steps are
      `math.fma`;
    * fails on any other f32 transcendental that would be left to a library.

    f64 math is left alone (it lowers to LLVM intrinsics / libm calls, the
    accurate reference). Finally every fast-math flag on arith and math ops
    is cleared: a multiply is fused into an add only where the IR says
    `math.fma`, and codegen must not contract anything else
    (docs/Transcendentals.md).
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect"];
}

def ReadOnlyArguments : Pass<"spnc-readonly-arguments", "mlir::ModuleOp"> {
  let summary = "Forbid writing into the tensor arguments of public functions";
  let description = [{
    Sets `bufferization.writable = false` on every tensor argument of every
    public `func.func` with a body. With function-boundary bufferization,
    one-shot-bufferize would otherwise reuse an argument's buffer for a
    result computed in place; a runner that feeds the same input buffers to
    every step (weights, per-step inputs) must get them back unchanged.
  }];
}

def DistinctResultBuffers
    : Pass<"spnc-distinct-result-buffers", "mlir::ModuleOp"> {
  let summary = "Give every memref a function returns its own buffer";
  let description = [{
    After bufferization a function may return one buffer several times, e.g.
    when CSE merged two graph outputs computing the same value, or when
    three empty splits share one `tensor.empty`. `buffer-results-to-out-params`
    with `hoist-static-allocs` replaces a returned `memref.alloc` by its out
    parameter and erases it, so a second return of the same alloc refers to
    an erased op (it crashes). This pass returns a fresh copy (`memref.alloc`
    + `memref.copy`) for every repeated operand of `func.return` that is a
    statically shaped, identity-layout memref, so that each result has a
    buffer of its own.
  }];
  let dependentDialects = ["::mlir::memref::MemRefDialect"];
}

def EmitCInterface : Pass<"spnc-emit-c-interface", "mlir::ModuleOp"> {
  let summary = "Give every public function a C interface wrapper";
  let description = [{
    Sets `llvm.emit_c_interface` on every public `func.func` with a body, so
    that `convert-func-to-llvm` emits `_mlir_ciface_<name>` taking each memref
    as a pointer to its descriptor: the entry point runners call.
  }];
}

def ExpandStridedCopies : Pass<"spnc-expand-strided-copies"> {
  let summary = "Turn memref.copy between non-contiguous buffers into "
                "linalg.copy";
  let description = [{
    `finalize-memref-to-llvm` lowers a copy between contiguous buffers to
    `llvm.memcpy` but calls the `memrefCopy` runtime function for any other
    layout (e.g. a copy into a subview). spnc's generated code must not need
    the MLIR runtime libraries, so such copies become `linalg.copy`, which
    `convert-linalg-to-loops` turns into loops.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

def MLProgramToMemRef : Pass<"spnc-ml-program-to-memref", "mlir::ModuleOp"> {
  let summary = "Lower ml_program globals (recurrent state) to memref "
                "globals before bufferization";
  let description = [{
    `convert-event-to-linalg` keeps recurrent state as tensor-level
    `ml_program` globals. Before one-shot bufferization this pass makes the
    memory explicit, so that a load is a snapshot and a store a copy, in
    program order:

    * `ml_program.global` -> `memref.global` (mutable unless the global is
      immutable, same visibility and initial value);
    * `ml_program.global_load` -> a fresh buffer filled with `memref.copy`
      from the global, as a `bufferization.to_tensor restrict writable`;
    * `ml_program.global_store` -> `bufferization.materialize_in_destination`
      into the global (restrict, writable).

    The upstream bufferization models of `ml_program` are not used: their
    `global_store` claims not to read its operand, so a store whose value is
    also used elsewhere can store an uninitialized copy, and their
    `global_load` aliases the global, so a load used after a store would see
    the new value.
  }];
  let dependentDialects = ["::mlir::bufferization::BufferizationDialect",
                           "::mlir::memref::MemRefDialect"];
}

def BindInputs : Pass<"spnc-bind-inputs", "mlir::ModuleOp"> {
  let summary = "Make graph inputs constants holding the tensors of files";
  let description = [{
    Each binding `NAME=FILE` replaces the input `NAME` of the model's entry
    function (the argument whose `onnx.name` is NAME, or `argN` without one)
    by an `arith.constant` holding the tensor of FILE (`.npy`, or an ONNX
    TensorProto `.pb`), and removes the argument from the signature. The
    file's dtype and shape must be the input's exactly. Models whose weights
    are graph inputs (e.g. ONNX's GRU/LSTM/RNN node tests) need this for
    SpiNNaker 2, which requires constant weights; `spnc --bind-input` and
    `spnc-run --bind-input` run it right after import so that the chip and
    the host reference compile the same model.
  }];
  let options = [
    ListOption<"bindings", "bindings", "std::string",
               "NAME=FILE entries: the inputs to bind and their tensors">,
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The entry function (default: main_graph, or the only public "
           "function with a body)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def SequenceToStep : Pass<"spnc-sequence-to-step", "mlir::ModuleOp"> {
  let summary = "Turn a function that loops over time into a one-step "
                "function with state inputs and outputs";
  let description = [{
    SpiNNaker 2 runs one-step functions whose recurrent state is carried by
    state inputs and outputs (docs/StateConvention.md); ONNX's GRU, LSTM and
    RNN legalize to one `scf.for` over time. This pass rewrites the entry
    function, whose body must hold exactly one such loop (lower bound 0,
    step 1, T iterations), into the loop's body:

    * *Per-step inputs.* Every graph input the loop reads only as step `t`
      (`tensor.extract_slice` at offset `t` along one axis, size 1, the rest
      whole, the axis dropped) becomes an input of that step's shape, with
      `spnc.time_axis` giving the axis it had.
    * *Per-step outputs.* Every loop-carried value that the loop only
      writes at step `t` (`tensor.insert_slice` at offset `t`, covering the
      rest of the step) and the function returns becomes the step's slice,
      with `spnc.time_axis` on the result.
    * *State.* Every other loop-carried value is state. When the function
      returns it through ops that can be undone (an insert into
      `tensor.empty` covering it, `tensor.expand_shape`,
      `tensor.collapse_shape`, `event.to_dense`), that output, say `Y_h`,
      is computed from the step's new state and a state input `Y_h_prev` of
      the output's type is added, undone back into the state. Otherwise
      the pass adds an output `spnc_state_<k>` and an input
      `spnc_state_<k>_prev`. The loop's initial state (and any input only it
      used, such as ONNX's `initial_h`) is dropped: the runner gives the
      initial state as the state input (zeros unless given); a warning names
      a non-zero initial state.

    The pass refuses, naming the op, loops that use the time index in any
    other way (a reversed sequence, per-row `sequence_lens` masks), several
    loops (bidirectional or stacked layers), sequence outputs used by other
    ops than the return, and steps that write only part of an output's step.
    Finally, inserts into `tensor.empty` and extracts that only add or drop
    unit dimensions become `tensor.expand_shape`/`tensor.collapse_shape`.
  }];
  let options = [
    Option<"function", "function", "std::string", /*default=*/"\"\"",
           "The entry function (default: main_graph, or the only public "
           "function with a body)">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect",
                           "::spnc::event::EventDialect"];
}

def SplitBatch : Pass<"spnc-split-batch", "mlir::func::FuncOp"> {
  let summary = "Split recurrent cell steps with a batch of B rows into B "
                "one-row steps";
  let description = [{
    SpiNNaker 2's populations compute one sample per step. Each
    `event.gru_step`, `event.lstm_step` and `event.rnn_step` whose `x` is
    `[B, I]` with B > 1 becomes B cell steps on rows `[1, I]` / `[1, H]`:
    row b of every batched operand is read by a `linalg.generic` whose input
    map selects row b, and the B results are stacked back into `[B, H]` by a
    `linalg.generic` that selects the row by `linalg.index`. Weights and
    biases are shared. Each row's unit computes exactly what the batched op
    computes for it (the same operands in the same order), so the host
    reference of the unsplit model stays the reference. The mapping
    pipeline runs it first; it changes nothing at batch 1.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // SPNC_TRANSFORMS_PASSES_TD
