//===- Passes.td - Event dialect to linalg -----------------*- tablegen -*-===//
#ifndef SPNC_CONVERSION_EVENTTOLINALG_PASSES_TD
#define SPNC_CONVERSION_EVENTTOLINALG_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertEventToLinalg : Pass<"convert-event-to-linalg", "mlir::ModuleOp"> {
  let summary = "Lower every event op to linalg/tensor/arith/math on tensors";
  let description = [{
    The reference semantics of the event dialect, used for host execution:

    * `!event.events<S x T>` becomes `tensor<S x T>` (zeros where nothing
      fired); `to_dense`/`from_dense` disappear.
    * Cell steps decompose into matvecs (`linalg.matvec` for unbatched,
      `linalg.matmul` reading W transposed for batched operands; both
      accumulate from +0 over the input index in increasing order) and
      elementwise `linalg.generic`s that evaluate the equations of the op
      descriptions left to right, without fusing a multiply into an add.
    * `accumulate` becomes the dense product `W x`. It sums `x_j * W[i, j]`
      over every j in increasing order; the event-driven sum only visits
      fired j. The extra terms are `0 * W[i, j]` = +-0, which leave every
      non-zero partial sum unchanged, so both agree except (a) in the sign of
      an exactly-zero result (e.g. the event-driven sum starting from a
      product that underflowed to -0 where the dense one adds it to +0) and
      (b) when a silent input meets a non-finite weight (0 * inf = NaN).
    * `threshold`/`lif`/`heaviside` produce 0.0/1.0 indicators and follow
      their equations literally (`y = v * o`, so a silent negative v gives
      -0).
    * `state` becomes a private mutable `ml_program.global`, `state_read` and
      `state_write` its loads and stores.

    Activations: sigmoid is `1 / (1 + exp(-x))`, the rest as the
    `#event.activation` table; `clip` clamps with `minimumf(maximumf(x,
    -clip), clip)`.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::ml_program::MLProgramDialect",
                           "::mlir::tensor::TensorDialect"];
}

#endif // SPNC_CONVERSION_EVENTTOLINALG_PASSES_TD
