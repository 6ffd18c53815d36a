// RUN: spnc-opt --split-input-file %s > %t.before
// RUN: spnc-opt --split-input-file --raise-onnx-to-event %s > %t.after
// RUN: diff %t.before %t.after
// RUN: spnc-opt --split-input-file --raise-onnx-to-event %s | FileCheck %s

// Near misses of the EGRU step: each function is @torch_gemm_split of
// raise-egru.mlir with one change that alters the semantics. The raising must
// leave every one of them exactly as it is (the diff above), so they still
// compute with Sigmoid and Tanh and contain no event op.
// CHECK-NOT: event.

// '>=' where the EGRU fires on '>' only.
func.func @miss_greater_or_equal(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
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
  %v23 = onnx.node "GreaterOrEqual"(%v22, %v21) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v24 = onnx.node "Cast"(%v23) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v25 = onnx.node "Mul"(%v17, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v26 = onnx.node "Mul"(%v24, %v20) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Sub"(%v17, %v26) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v25, %v27 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Hard reset c = c' * (1 - o) instead of c' - o * theta.
func.func @miss_hard_reset(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
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
  %v26 = onnx.node "Sub"(%v13, %v24) {opset = 14 : i64} : (tensor<f32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Mul"(%v17, %v26) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v25, %v27 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// c' = (1 - z) * c_prev + z * g: z weighting the candidate (nn.GRU style).
func.func @miss_z_weights_candidate(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
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
  %v15 = onnx.node "Mul"(%v14, %c) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v16 = onnx.node "Mul"(%v7, %v12) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
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

// z read from the second third and r from the first: gate order r, z, g.
func.func @miss_gate_order(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Gemm"(%x, %W, %bx) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x3xf32>, tensor<6x3xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Gemm"(%y, %R, %br) {attrs = {alpha = 1.000000e+00 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v3 = onnx.node "Constant"() {attrs = {value = dense<2> : tensor<3xi64>}, opset = 14 : i64} : () -> tensor<3xi64>
  %v4:3 = onnx.node "Split"(%v1, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v5:3 = onnx.node "Split"(%v2, %v3) {attrs = {axis = -1 : i64}, opset = 14 : i64} : (tensor<1x6xf32>, tensor<3xi64>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>)
  %v6 = onnx.node "Add"(%v4#1, %v5#1) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v7 = onnx.node "Sigmoid"(%v6) {opset = 14 : i64} : (tensor<1x2xf32>) -> tensor<1x2xf32>
  %v8 = onnx.node "Add"(%v4#0, %v5#0) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
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

// theta - c' > 0 fires below the threshold.
func.func @miss_threshold_direction(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
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
  %v22 = onnx.node "Sub"(%v20, %v17) {opset = 14 : i64} : (tensor<2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v23 = onnx.node "Greater"(%v22, %v21) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<f32>) -> tensor<1x2xi1>
  %v24 = onnx.node "Cast"(%v23) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x2xi1>) -> tensor<1x2xf32>
  %v25 = onnx.node "Mul"(%v17, %v24) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  %v26 = onnx.node "Mul"(%v24, %v20) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Sub"(%v17, %v26) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v25, %v27 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// c' is also a graph output, which the cell cannot provide.
func.func @miss_state_escapes(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>) {
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
  return %v25, %v27, %v17 : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// The reset subtracts a different threshold than the one compared with.
func.func @miss_two_thresholds(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>, %th2: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
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
  %v26 = onnx.node "Mul"(%v24, %th2) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %v27 = onnx.node "Sub"(%v17, %v26) {opset = 14 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %v25, %v27 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Gemm with alpha = 0.5 scales W x.
func.func @miss_gemm_alpha(%x: tensor<1x3xf32>, %y: tensor<1x2xf32>, %c: tensor<1x2xf32>, %W: tensor<6x3xf32>, %R: tensor<6x2xf32>, %bx: tensor<6xf32>, %br: tensor<6xf32>, %th: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %v1 = onnx.node "Gemm"(%x, %W, %bx) {attrs = {alpha = 5.000000e-01 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x3xf32>, tensor<6x3xf32>, tensor<6xf32>) -> tensor<1x6xf32>
  %v2 = onnx.node "Gemm"(%y, %R, %br) {attrs = {alpha = 5.000000e-01 : f32, beta = 1.000000e+00 : f32, transB = 1 : i64}, opset = 14 : i64} : (tensor<1x2xf32>, tensor<6x2xf32>, tensor<6xf32>) -> tensor<1x6xf32>
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
