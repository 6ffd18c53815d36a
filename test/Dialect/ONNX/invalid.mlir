// RUN: spnc-opt %s -split-input-file -verify-diagnostics

func.func @empty_op_type(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op requires a non-empty op_type}}
  %0 = onnx.node ""(%x) {opset = 13 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return
}

// -----

func.func @bad_opset(%x: tensor<2xf32>) {
  // expected-error @+1 {{'onnx.node' op requires opset >= 1, got 0}}
  %0 = onnx.node "Relu"(%x) {opset = 0 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  return
}
