//===- Passes.td - spnc conversion passes ------------------*- tablegen -*-===//
#ifndef SPNC_CONVERSION_PASSES_TD
#define SPNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def ConvertONNXToEvent : Pass<"convert-onnx-to-event", "mlir::ModuleOp"> {
  let summary = "Legalize onnx.node ops into the event and upstream dialects";
  let description = [{
    Each `onnx.node` is converted by the converter registered for its domain,
    op type and opset. Recurrent operators become event-dialect cell steps
    inside `scf.for` loops over time; everything else becomes linalg, tensor,
    arith and math. A node without a converter is an error naming the node,
    op type, domain and opset.
  }];
  let dependentDialects = ["::spnc::event::EventDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::math::MathDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::linalg::LinalgDialect",
                           "::mlir::scf::SCFDialect"];
}

#endif // SPNC_CONVERSION_PASSES_TD
