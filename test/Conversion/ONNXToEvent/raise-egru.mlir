// RUN: spnc-opt --split-input-file --raise-onnx-to-event %s | FileCheck %s --implicit-check-not='onnx.node "{{(Gemm|MatMul|Split|Slice|Sigmoid|Tanh|Add|Sub|Mul|Div|Greater|Less|Cast|Where|Shape|Gather)}}"'
// RUN: spnc-opt --split-input-file --spnc-onnx-to-event %s | FileCheck %s --check-prefix=LEGAL --implicit-check-not=onnx.node

// EGRU steps written in primitive ONNX nodes in the forms PyTorch exports
// (H = 2, I = 3). Each is raised to one event.egru_step and none of the
// cell's nodes survives (--implicit-check-not); the threshold's Clip and the
// glue the raising creates (Transpose, Reshape, zero biases) stay for the
// legalization, which the LEGAL run checks. raise-egru-near-miss.mlir holds
// the forms that must not be raised.

// LEGAL-LABEL: func.func @torch_gemm_split
// LEGAL: event.egru_step

// The form of examples/egru/egru.py: Gemm(transB = 1), one Split, Clip on
// theta, Greater(c' - theta, 0) + Cast.
// CHECK-LABEL: func.func @torch_gemm_split
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x3xf32>, %[[Y:[^:]*]]: tensor<1x2xf32>, %[[C:[^:]*]]: tensor<1x2xf32>, %[[W:[^:]*]]: tensor<6x3xf32>, %[[R:[^:]*]]: tensor<6x2xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<2xf32>)
// CHECK: %[[THETA:.*]] = onnx.node "Clip"(%[[TH]],
// CHECK: %[[YE:.*]] = event.from_dense %[[Y]] : tensor<1x2xf32> -> {{.*}}<1x2xf32>
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %[[YE]], %[[C]] weights(%[[W]], %[[R]]) bias(%[[BX]], %[[BR]]) threshold(%[[THETA]]) : tensor<1x3xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x3xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @torch_gemm_split(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Gemm"(%x, %W, %bx) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x3xf32>, tensor<6x3xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Gemm"(%y, %R, %br) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<3xi64>}, opset = 14 : i64} : () -> tensor<3xi64>
  %v4:3 = onnx.node "Split"(%v1, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v5:3 = onnx.node "Split"(%v2, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v6 = onnx.node "Add"(%v4#0, %v5#0) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v7 = onnx.node "Sigmoid"(%v6) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v8 = onnx.node "Add"(%v4#1, %v5#1) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v9 = onnx.node "Sigmoid"(%v8) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v10 = onnx.node "Mul"(%v9, %v5#2) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v11 = onnx.node "Add"(%v4#2, %v10) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v12 = onnx.node "Tanh"(%v11) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v13 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v14 = onnx.node "Sub"(%v13, %v7) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v15 = onnx.node "Mul"(%v7, %c) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v16 = onnx.node "Mul"(%v14, %v12) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v17 = onnx.node "Add"(%v15, %v16) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v18 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v19 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v20 = onnx.node "Clip"(%th, %v18, %v19) {opset = 14 : i64} : (tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<2xf32>
  %v21 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v22 = onnx.node "Sub"(%v17, %v20) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v23 = onnx.node "Greater"(%v22, %v21) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v24 = onnx.node "Cast"(%v23) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v25 = onnx.node "Mul"(%v17, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v26 = onnx.node "Mul"(%v24, %v20) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Sub"(%v17, %v26) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v25, %v27 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// LEGAL-LABEL: func.func @matmul_slice_commuted
// LEGAL: event.egru_step

// MatMul with weights stored [I, 3H] + Add(bias, product), Slices with
// constant bounds (the last one open-ended), every Add and Mul commuted,
// Less(theta, c') and Where(cmp, 1, 0); theta is used as given.
// CHECK-LABEL: func.func @matmul_slice_commuted
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x3xf32>, %[[Y:[^:]*]]: tensor<1x2xf32>, %[[C:[^:]*]]: tensor<1x2xf32>, %[[W:[^:]*]]: tensor<3x6xf32>, %[[R:[^:]*]]: tensor<2x6xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<2xf32>)
// CHECK: %[[WT:.*]] = onnx.node "Transpose"(%[[W]]) {attrs = {perm = array<i64: 1, 0>}, opset = 14 : i64} : (tensor<3x6xf32>) -> tensor<6x3xf32>
// CHECK: %[[RT:.*]] = onnx.node "Transpose"(%[[R]]) {attrs = {perm = array<i64: 1, 0>}, opset = 14 : i64} : (tensor<2x6xf32>) -> tensor<6x2xf32>
// CHECK: %[[YE:.*]] = event.from_dense %[[Y]]
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %[[YE]], %[[C]] weights(%[[WT]], %[[RT]]) bias(%[[BX]], %[[BR]]) threshold(%[[TH]])
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @matmul_slice_commuted(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<3x6xf32>, %R: tensor<2x6xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "MatMul"(%x, %W) {opset = 14 : i64} : (tensor<1x3xf32>, tensor<3x6xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Add"(%bx, %v1) {opset = 14 : i64} : (tensor<6xf32>, tensor<1x6xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "MatMul"(%y, %R) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2x6xf32>) -> tensor<1x6xf32>
  %v4 = onnx.node "Add"(%br, %v3) {opset = 14 : i64} : (tensor<6xf32>, tensor<1x6xf32>) -> tensor<1x6xf32>
  %v5 = arith.constant dense<0> : tensor<1xi64>
  %v6 = arith.constant dense<2> : tensor<1xi64>
  %v7 = arith.constant dense<4> : tensor<1xi64>
  %v8 = arith.constant dense<9223372036854775807> : tensor<1xi64>
  %v9 = arith.constant dense<-1> : tensor<1xi64>
  %v10 = onnx.node "Slice"(%v2, %v5, %v6, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v11 = onnx.node "Slice"(%v2, %v6, %v7, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v12 = onnx.node "Slice"(%v2, %v7, %v8, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v13 = onnx.node "Slice"(%v4, %v5, %v6, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v14 = onnx.node "Slice"(%v4, %v6, %v7, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v15 = onnx.node "Slice"(%v4, %v7, %v8, %v9) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v16 = onnx.node "Add"(%v13, %v10) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v17 = onnx.node "Sigmoid"(%v16) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v18 = onnx.node "Add"(%v14, %v11) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v19 = onnx.node "Sigmoid"(%v18) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v20 = onnx.node "Mul"(%v15, %v19) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v21 = onnx.node "Add"(%v20, %v12) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v22 = onnx.node "Tanh"(%v21) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v23 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v24 = onnx.node "Sub"(%v23, %v17) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v25 = onnx.node "Mul"(%c, %v17) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v26 = onnx.node "Mul"(%v22, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Add"(%v26, %v25) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v28 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v29 = onnx.node "Less"(%th, %v27) {opset = 14 : i64} : (tensor<2xf32>, tensor<1x2xf32>) -> tensor<1x2xi1>
  %v30 = onnx.node "Where"(%v29, %v23, %v28) {opset = 14 : i64} : (tensor<1x2xi1>, tensor<f32>, tensor<f32>) -> tensor<1x2xf32>
  %v31 = onnx.node "Mul"(%v30, %v27) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v32 = onnx.node "Mul"(%th, %v30) {opset = 14 : i64} : (tensor<2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v33 = onnx.node "Sub"(%v27, %v32) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v31, %v33 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// LEGAL-LABEL: func.func @chunk_bounds
// LEGAL: event.egru_step

// torch.chunk: the Slice bounds come from Shape -> Gather -> Add -> Div -> Mul;
// all of that arithmetic goes away with the cell.
// CHECK-LABEL: func.func @chunk_bounds
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x3xf32>, %[[Y:[^:]*]]: tensor<1x2xf32>, %[[C:[^:]*]]: tensor<1x2xf32>, %[[W:[^:]*]]: tensor<6x3xf32>, %[[R:[^:]*]]: tensor<6x2xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<2xf32>)
// CHECK: %[[THETA:.*]] = onnx.node "Clip"(%[[TH]],
// CHECK: %[[YE:.*]] = event.from_dense %[[Y]]
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %[[YE]], %[[C]] weights(%[[W]], %[[R]]) bias(%[[BX]], %[[BR]]) threshold(%[[THETA]])
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @chunk_bounds(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Gemm"(%x, %W, %bx) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x3xf32>, tensor<6x3xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Gemm"(%y, %R, %br) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "Shape"(%v1) {opset = 14 : i64} : (tensor<1x6xf32>) -> tensor<2xi64>
  %v4 = onnx.node "Constant"() {attrs = {value = dense<-1> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v5 = onnx.node "Gather"(%v3, %v4) {attrs = {axis = 0 : i64}, opset = 14 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v6 = onnx.node "Constant"() {attrs = {value = dense<0> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v8 = onnx.node "Add"(%v5, %v7) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v9 = onnx.node "Constant"() {attrs = {value = dense<3> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v10 = onnx.node "Div"(%v8, %v9) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v11 = onnx.node "Constant"() {attrs = {value = dense<1> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v12 = onnx.node "Mul"(%v10, %v11) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v13 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v14 = onnx.node "Mul"(%v10, %v13) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v15 = onnx.node "Constant"() {attrs = {value = dense<3> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v16 = onnx.node "Mul"(%v10, %v15) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v17 = onnx.node "Slice"(%v1, %v6, %v12, %v4) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v18 = onnx.node "Slice"(%v1, %v12, %v14, %v4) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v19 = onnx.node "Slice"(%v1, %v14, %v16, %v4) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v20 = onnx.node "Shape"(%v2) {opset = 14 : i64} : (tensor<1x6xf32>) -> tensor<2xi64>
  %v21 = onnx.node "Constant"() {attrs = {value = dense<-1> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v22 = onnx.node "Gather"(%v20, %v21) {attrs = {axis = 0 : i64}, opset = 14 : i64} : (tensor<2xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v23 = onnx.node "Constant"() {attrs = {value = dense<0> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v24 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v25 = onnx.node "Add"(%v22, %v24) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v26 = onnx.node "Constant"() {attrs = {value = dense<3> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v27 = onnx.node "Div"(%v25, %v26) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v28 = onnx.node "Constant"() {attrs = {value = dense<1> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v29 = onnx.node "Mul"(%v27, %v28) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v30 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v31 = onnx.node "Mul"(%v27, %v30) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v32 = onnx.node "Constant"() {attrs = {value = dense<3> : tensor<1xi64>}, opset = 14 : i64} : () -> tensor<1xi64>
  %v33 = onnx.node "Mul"(%v27, %v32) {opset = 14 : i64} : (tensor<1xi64>, tensor<1xi64>) -> tensor<1xi64>
  %v34 = onnx.node "Slice"(%v2, %v23, %v29, %v21) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v35 = onnx.node "Slice"(%v2, %v29, %v31, %v21) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v36 = onnx.node "Slice"(%v2, %v31, %v33, %v21) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<1xi64>, tensor<1xi64>, tensor<1xi64>) -> tensor<1x2xf32>
  %v37 = onnx.node "Add"(%v17, %v34) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v38 = onnx.node "Sigmoid"(%v37) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v39 = onnx.node "Add"(%v18, %v35) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v40 = onnx.node "Sigmoid"(%v39) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v41 = onnx.node "Mul"(%v40, %v36) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v42 = onnx.node "Add"(%v19, %v41) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v43 = onnx.node "Tanh"(%v42) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v44 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v45 = onnx.node "Sub"(%v44, %v38) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v46 = onnx.node "Mul"(%v38, %c) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v47 = onnx.node "Mul"(%v45, %v43) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v48 = onnx.node "Add"(%v46, %v47) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v49 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v50 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v51 = onnx.node "Clip"(%th, %v49, %v50) {opset = 14 : i64} : (tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<2xf32>
  %v52 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v53 = onnx.node "Sub"(%v48, %v51) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v54 = onnx.node "Greater"(%v53, %v52) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v55 = onnx.node "Cast"(%v54) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v56 = onnx.node "Mul"(%v48, %v55) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v57 = onnx.node "Mul"(%v55, %v51) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v58 = onnx.node "Sub"(%v48, %v57) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v56, %v58 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// LEGAL-LABEL: func.func @transpose_lookthrough
// LEGAL: event.egru_step

// MatMul(x, Transpose(W)) + b reads W directly; the Transpose dies.
// CHECK-LABEL: func.func @transpose_lookthrough
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x3xf32>, %[[Y:[^:]*]]: tensor<1x2xf32>, %[[C:[^:]*]]: tensor<1x2xf32>, %[[W:[^:]*]]: tensor<6x3xf32>, %[[R:[^:]*]]: tensor<6x2xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<2xf32>)
// CHECK-NOT: "Transpose"
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %{{.*}}, %[[C]] weights(%[[W]], %[[R]]) bias(%[[BX]], %[[BR]])
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @transpose_lookthrough(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Transpose"(%W) {attrs = {perm = array<i64: 1, 0>}, opset = 14 : i64} : (tensor<6x3xf32>) -> tensor<3x6xf32>
  %v2 = onnx.node "MatMul"(%x, %v1) {opset = 14 : i64} : (tensor<1x3xf32>, tensor<3x6xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "Add"(%v2, %bx) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v4 = onnx.node "Transpose"(%R) {attrs = {perm = array<i64: 1, 0>}, opset = 14 : i64} : (tensor<6x2xf32>) -> tensor<2x6xf32>
  %v5 = onnx.node "MatMul"(%y, %v4) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2x6xf32>) -> tensor<1x6xf32>
  %v6 = onnx.node "Add"(%v5, %br) {opset = 14 : i64} : (tensor<1x6xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<3xi64>}, opset = 14 : i64} : () -> tensor<3xi64>
  %v8:3 = onnx.node "Split"(%v3, %v7) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v9:3 = onnx.node "Split"(%v6, %v7) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v10 = onnx.node "Add"(%v8#0, %v9#0) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v11 = onnx.node "Sigmoid"(%v10) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v12 = onnx.node "Add"(%v8#1, %v9#1) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v13 = onnx.node "Sigmoid"(%v12) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v14 = onnx.node "Mul"(%v13, %v9#2) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v15 = onnx.node "Add"(%v8#2, %v14) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v16 = onnx.node "Tanh"(%v15) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v17 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v18 = onnx.node "Sub"(%v17, %v11) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v19 = onnx.node "Mul"(%v11, %c) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v20 = onnx.node "Mul"(%v18, %v16) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v21 = onnx.node "Add"(%v19, %v20) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v22 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v23 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v24 = onnx.node "Clip"(%th, %v22, %v23) {opset = 14 : i64} : (tensor<2xf32>, tensor<f32>, tensor<f32>) -> tensor<2xf32>
  %v25 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v26 = onnx.node "Sub"(%v21, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Greater"(%v26, %v25) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v28 = onnx.node "Cast"(%v27) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v29 = onnx.node "Mul"(%v21, %v28) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v30 = onnx.node "Mul"(%v28, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v31 = onnx.node "Sub"(%v21, %v30) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v29, %v31 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// LEGAL-LABEL: func.func @unbatched_no_bias
// LEGAL: event.egru_step

// Unbatched [I] / [H] values and MatMuls without a bias: zero biases.
// CHECK-LABEL: func.func @unbatched_no_bias
// CHECK-SAME: (%[[X:[^:]*]]: tensor<3xf32>, %[[Y:[^:]*]]: tensor<2xf32>, %[[C:[^:]*]]: tensor<2xf32>, %[[W:[^:]*]]: tensor<3x6xf32>, %[[R:[^:]*]]: tensor<2x6xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<2xf32>)
// CHECK-DAG: %[[WT:.*]] = onnx.node "Transpose"(%[[W]])
// CHECK-DAG: %[[RT:.*]] = onnx.node "Transpose"(%[[R]])
// CHECK-DAG: %[[ZX:.*]] = arith.constant dense<0.000000e+00> : tensor<6xf32>
// CHECK-DAG: %[[ZR:.*]] = arith.constant dense<0.000000e+00> : tensor<6xf32>
// CHECK: %[[YE:.*]] = event.from_dense %[[Y]] : tensor<2xf32> -> {{.*}}<2xf32>
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %[[YE]], %[[C]] weights(%[[WT]], %[[RT]]) bias(%[[ZX]], %[[ZR]]) threshold(%[[TH]]) : tensor<3xf32>, !event.events<2xf32>, tensor<2xf32>
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @unbatched_no_bias(%x: tensor<3xf32>, %y: tensor<2xf32>, %c: tensor<2xf32>, %W: tensor<3x6xf32>, %R: tensor<2x6xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  %v1 = onnx.node "MatMul"(%x, %W) {opset = 14 : i64} : (tensor<3xf32>, tensor<3x6xf32>) -> tensor<6xf32>
  %v2 = onnx.node "MatMul"(%y, %R) {opset = 14 : i64} : (tensor<2xf32>, tensor<2x6xf32>) -> tensor<6xf32>
  %v3 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<3xi64>}, opset = 14 : i64} : () -> tensor<3xi64>
  %v4:3 = onnx.node "Split"(%v1, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<6xf32>, tensor<3xi64>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  %v5:3 = onnx.node "Split"(%v2, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<6xf32>, tensor<3xi64>) -> (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>)
  %v6 = onnx.node "Add"(%v4#0, %v5#0) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v7 = onnx.node "Sigmoid"(%v6) {opset = 14 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  %v8 = onnx.node "Add"(%v4#1, %v5#1) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v9 = onnx.node "Sigmoid"(%v8) {opset = 14 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  %v10 = onnx.node "Mul"(%v9, %v5#2) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v11 = onnx.node "Add"(%v4#2, %v10) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v12 = onnx.node "Tanh"(%v11) {opset = 14 : i64} : (tensor<2xf32>) -> tensor<2xf32>
  %v13 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v14 = onnx.node "Sub"(%v13, %v7) {opset = 14 : i64} : (tensor<f32>, tensor<2xf32>) -> tensor<2xf32>
  %v15 = onnx.node "Mul"(%v7, %c) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v16 = onnx.node "Mul"(%v14, %v12) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v17 = onnx.node "Add"(%v15, %v16) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v18 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v19 = onnx.node "Sub"(%v17, %th) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v20 = onnx.node "Greater"(%v19, %v18) {opset = 14 : i64} : (tensor<2xf32>, tensor<f32>) -> tensor<2xi1>
  %v21 = onnx.node "Cast"(%v20) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<2xi1>) -> tensor<2xf32>
  %v22 = onnx.node "Mul"(%v17, %v21) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v23 = onnx.node "Mul"(%v21, %th) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %v24 = onnx.node "Sub"(%v17, %v23) {opset = 14 : i64} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %v22, %v24 : tensor<2xf32>, tensor<2xf32>
}

// -----

// LEGAL-LABEL: func.func @row_theta_gemm_no_bias
// LEGAL: event.egru_step

// A [1, H] threshold is reshaped to [H]; Gemm without C has a zero bias.
// CHECK-LABEL: func.func @row_theta_gemm_no_bias
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x3xf32>, %[[Y:[^:]*]]: tensor<1x2xf32>, %[[C:[^:]*]]: tensor<1x2xf32>, %[[W:[^:]*]]: tensor<6x3xf32>, %[[R:[^:]*]]: tensor<6x2xf32>, %[[BX:[^:]*]]: tensor<6xf32>, %[[BR:[^:]*]]: tensor<6xf32>, %[[TH:[^:]*]]: tensor<1x2xf32>)
// CHECK-DAG: %[[ZX:.*]] = arith.constant dense<0.000000e+00> : tensor<6xf32>
// CHECK-DAG: %[[ZR:.*]] = arith.constant dense<0.000000e+00> : tensor<6xf32>
// CHECK-DAG: %[[SHAPE:.*]] = arith.constant dense<2> : tensor<1xi64>
// CHECK: %[[THETA:.*]] = onnx.node "Reshape"(%[[TH]], %[[SHAPE]]) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1xi64>) -> tensor<2xf32>
// CHECK: %[[EY:.*]], %[[EC:.*]] = event.egru_step %[[X]], %{{.*}}, %[[C]] weights(%[[W]], %[[R]]) bias(%[[ZX]], %[[ZR]]) threshold(%[[THETA]])
// CHECK: %[[YD:.*]] = event.to_dense %[[EY]]
// CHECK: return %[[YD]], %[[EC]]
func.func @row_theta_gemm_no_bias(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Gemm"(%x, %W) {attrs = {transB = 1 : i64}, opset = 14 : i64} : (tensor<1x3xf32>, tensor<6x3xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Gemm"(%y, %R) {attrs = {transB = 1 : i64}, opset = 14 : i64} : (tensor<1x2xf32>, tensor<6x2xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<3xi64>}, opset = 14 : i64} : () -> tensor<3xi64>
  %v4:3 = onnx.node "Split"(%v1, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v5:3 = onnx.node "Split"(%v2, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v6 = onnx.node "Add"(%v4#0, %v5#0) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v7 = onnx.node "Sigmoid"(%v6) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v8 = onnx.node "Add"(%v4#1, %v5#1) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v9 = onnx.node "Sigmoid"(%v8) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v10 = onnx.node "Mul"(%v9, %v5#2) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v11 = onnx.node "Add"(%v4#2, %v10) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v12 = onnx.node "Tanh"(%v11) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v13 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v14 = onnx.node "Sub"(%v13, %v7) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v15 = onnx.node "Mul"(%v7, %c) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v16 = onnx.node "Mul"(%v14, %v12) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v17 = onnx.node "Add"(%v15, %v16) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v18 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v19 = onnx.node "Sub"(%v17, %th) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v20 = onnx.node "Greater"(%v19, %v18) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v21 = onnx.node "Cast"(%v20) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v22 = onnx.node "Mul"(%v17, %v21) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v23 = onnx.node "Mul"(%v21, %th) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v24 = onnx.node "Sub"(%v17, %v23) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v22, %v24 : tensor<1x2xf32>, tensor<1x2xf32>
}
