// RUN: spnc-opt %s | spnc-opt | FileCheck %s

// CHECK-LABEL: func.func @nodes
func.func @nodes(%x: tensor<2x4xf32>, %w: tensor<3x4xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[NONE:.*]] = onnx.absent
  %none = onnx.absent
  // CHECK: onnx.node "Gemm"(%{{.*}}, %{{.*}}, %[[NONE]]) {attrs = {alpha = 5.000000e-01 : f32, transB = 1 : i64}, opset = 13 : i64} : (tensor<2x4xf32>, tensor<3x4xf32>, none) -> tensor<2x3xf32>
  %y = onnx.node "Gemm"(%x, %w, %none) {opset = 13 : i64, attrs = {transB = 1 : i64, alpha = 0.5 : f32}} : (tensor<2x4xf32>, tensor<3x4xf32>, none) -> tensor<2x3xf32>
  // CHECK: onnx.node "EGRU"(%{{.*}}) {domain = "ai.spnc", opset = 1 : i64}
  %z = onnx.node "EGRU"(%y) {domain = "ai.spnc", opset = 1 : i64} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %z : tensor<2x3xf32>
}

// Nodes with several results and unused optional outputs of NoneType.
// CHECK-LABEL: func.func @multi_result
func.func @multi_result(%x: tensor<6xf32>) -> tensor<3xf32> {
  // CHECK: %{{.*}}:2 = onnx.node "Split"(%{{.*}}) {attrs = {axis = 0 : i64}, opset = 11 : i64} : (tensor<6xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  %a:2 = onnx.node "Split"(%x) {opset = 11 : i64, attrs = {axis = 0 : i64}} : (tensor<6xf32>) -> (tensor<3xf32>, tensor<3xf32>)
  // CHECK: onnx.node "Dropout"(%{{.*}}) {opset = 13 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, none)
  %b:2 = onnx.node "Dropout"(%a#0) {opset = 13 : i64} : (tensor<3xf32>) -> (tensor<3xf32>, none)
  return %b#0 : tensor<3xf32>
}
