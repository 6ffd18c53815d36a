//===- Passes.td - Sparsity passes on the event dialect -----*- tablegen -*-===//
//
// The sparsity passes of docs/Backend.md ("From the event dialect to the
// machine", step 2). Pruning and quantisation change the model: they run
// before the host reference is computed (spnc-onnx-to-event with
// prune-density / quantize-bits), so the reference of a pruned or quantised
// deployment is the pruned or quantised model. Event-driven accumulation
// keeps the arithmetic and runs in the mapping pipeline (spnc-map).
// docs/Mapping.md, "Sparsity passes", has the details and figures.
//
//===----------------------------------------------------------------------===//
#ifndef SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_TD
#define SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def EventPruneWeights : Pass<"event-prune-weights", "mlir::ModuleOp"> {
  let summary = "Magnitude pruning of the constant weight matrices of layer "
                "ops";
  let description = [{
    Every constant weight matrix of a layer op (`W` and `R` of the cell
    steps, the weights of `event.accumulate`, the constant operand of a
    `linalg.matvec`, `linalg.vecmat` or `linalg.matmul` whose other input is
    not constant) keeps its `round(density x elements)` (at least one)
    largest magnitudes and the rest become +0, per matrix. Ties are broken by
    position (the earlier element in row-major order is kept), so the result
    is deterministic; NaN and infinities count as the largest magnitudes.
    A matrix that already has no more non-zeros than that, or fewer than
    `min-elements` elements, is left alone.

    Constants are read from dense, splat, sparse and `dense_resource`
    literals, also through reshapes and `tensor.cast`; the pruned matrix is
    a new constant of the operand's type (a resource blob if the original
    was one or was sparse) used by that operand only, so a constant shared with other users is unchanged
    for them. A matrix that is not such a literal (computed at run time or
    from constants, an elided resource, already `event.dequantize`d) gets a
    warning and stays as it is.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
  let options = [
    Option<"density", "density", "double", /*default=*/"1.0",
           "Fraction of each matrix's elements kept non-zero, in (0, 1]">,
    Option<"minElements", "min-elements", "uint64_t", /*default=*/"0",
           "Leave matrices with fewer elements than this dense">,
  ];
  let statistics = [
    Statistic<"numPruned", "pruned-matrices", "Matrices pruned">,
    Statistic<"numZeroed", "zeroed-weights", "Non-zero weights set to zero">,
  ];
}

def EventQuantizeWeights : Pass<"event-quantize-weights", "mlir::ModuleOp"> {
  let summary = "Symmetric integer weights with per-row scales "
                "(event.dequantize)";
  let description = [{
    Every f32 constant weight matrix of a layer op (the matrices of
    `event-prune-weights`) becomes `event.dequantize %q, %scales`: per row r
    (an output unit's weights), `scale[r] = max|W[r, :]| / Q`, an f32
    division, with `Q = 2^(bits-1) - 1` (127 for 8 bits), and
    `q[r, j] = W[r, j] / scale[r]` rounded to the nearest integer, ties to
    even. The model then computes with `sitofp(q) * scale`, rounded once,
    on the host and on SpiNNaker 2 alike. Zeros stay zeros; a row of zeros
    gets scale 0.

    Rows are output units: an op that reads its weights as [inputs, outputs]
    (`linalg.vecmat`, a `linalg.matmul` reading the constant k-major) is
    rewritten to read the transposed constant ([outputs, inputs]:
    `linalg.matvec`, or the matmul's indexing map swapped), which sums in the
    same order. Non-f32 matrices get a warning and stay as they are; a
    non-finite weight is an error.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::spnc::event::EventDialect"];
  let options = [
    Option<"bits", "bits", "unsigned", /*default=*/"8",
           "Bits per weight, 2 to 8 (stored as i8)">,
  ];
  let statistics = [
    Statistic<"numQuantized", "quantized-matrices", "Matrices quantised">,
    Statistic<"bytesBefore", "bytes-before",
              "Bytes of the quantised matrices as floats">,
    Statistic<"bytesAfter", "bytes-after",
              "Bytes of their integers and scales">,
  ];
}

def EventDrivenAccumulate : Pass<"event-driven-accumulate", "mlir::ModuleOp"> {
  let summary = "Matvecs of constant weights and event vectors become "
                "event.accumulate";
  let description = [{
    A `linalg.matvec`, or a `linalg.matmul` with a batch of 1, whose weight
    operand is constant (a literal or `event.dequantize`, also through
    reshapes) and whose vector operand is an event vector (`event.to_dense`
    of events, possibly through reshapes, `tensor.cast` and
    `to_dense`/`from_dense` pairs) and that accumulates into +0 becomes
    `event.accumulate` of the weights (as [outputs, inputs]; a k-major
    literal is transposed) on those events, reshaped back to the result
    type. Later stages then visit only the columns of inputs that fired.

    The result is the same: `event.accumulate` lowers to the same dense
    product in the same order (convert-event-to-linalg), and the
    event-driven sum skips terms `0 * W[i, j]` = +-0, which leave every
    non-zero partial sum unchanged. It can differ only in the sign of an
    exactly-zero result and when a silent input meets a non-finite weight
    (0 * inf = NaN), as the description of convert-event-to-linalg explains.
    A product that does not start from +0 (e.g. a bias in the init operand),
    a batch above 1 and a dense vector operand are left alone.
  }];
  let dependentDialects = ["::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect",
                           "::spnc::event::EventDialect"];
  let statistics = [
    Statistic<"numRewritten", "event-driven-matvecs",
              "Matvecs rewritten to event.accumulate">,
  ];
}

#endif // SPNC_DIALECT_EVENT_TRANSFORMS_PASSES_TD
