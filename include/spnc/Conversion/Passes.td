//===- Passes.td - spnc conversion passes ------------------*- tablegen -*-===//
#ifndef SPNC_CONVERSION_PASSES_TD
#define SPNC_CONVERSION_PASSES_TD

include "mlir/Pass/PassBase.td"

def RaiseONNXToEvent : Pass<"raise-onnx-to-event", "mlir::ModuleOp"> {
  let summary = "Recognise event cells written in primitive ONNX ops";
  let description = [{
    PyTorch exports an EGRU step or a LIF neuron as a web of MatMul, Sigmoid,
    Tanh, Mul, Add, Sub, Greater and Cast nodes. This pass finds those
    subgraphs among `onnx.node` ops and replaces them by the equivalent
    event-dialect cell, so later passes see events instead of arithmetic.
  }];
  let dependentDialects = ["::spnc::event::EventDialect",
                           "::mlir::tensor::TensorDialect",
                           "::mlir::arith::ArithDialect"];
}

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
