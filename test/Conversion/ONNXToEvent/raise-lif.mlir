// RUN: spnc-opt --split-input-file --raise-onnx-to-event %s | FileCheck %s --implicit-check-not='onnx.node "{{(Sub|Div|Mul|Where|Greater|GreaterOrEqual|LessOrEqual|Less|Not|Cast|Constant)}}"'
// RUN: spnc-opt --split-input-file --spnc-onnx-to-event %s | FileCheck %s --check-prefix=LEGAL --implicit-check-not=onnx.node

// LIF neurons written in primitive ONNX nodes: v1 = v + (X - v) / tau,
// s = v1 >= v_threshold, hard reset to v_reset. Each is raised to one
// event.lif with the constants as attributes, and none of the neuron's nodes
// survives (--implicit-check-not); dense users of the spikes read them
// through event.to_dense. raise-lif-near-miss.mlir holds the forms that must
// not be raised.

// LEGAL-LABEL: func.func @lif_div
// LEGAL: event.lif

// SpikeGPT's LIF (tau 2, threshold 1, hard reset to 0, all the op's
// defaults): v1 = v + (X - v) / 2, s = v1 >= 1, v' = (1 - s) * v1; the spikes
// feed a residual Add, which reads them densely.
// CHECK-LABEL: func.func @lif_div
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>, %[[RES:[^:]*]]: tensor<1x4xf32>)
// CHECK: %[[S:.*]], %[[V1:.*]] = event.lif %[[X]], %[[V]] : tensor<1x4xf32>
// CHECK: %[[SD:.*]] = event.to_dense %[[S]] : {{.*}}<1x4xf32, binary>
// CHECK: %[[OUT:.*]] = onnx.node "Add"(%[[RES]], %[[SD]])
// CHECK: return %[[OUT]], %[[V1]]
func.func @lif_div(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>, %resid: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "GreaterOrEqual"(%v4, %v5) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v8 = onnx.node "Cast"(%v6) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x4xi1>) -> tensor<1x4xf32>
  %v9 = onnx.node "Sub"(%v7, %v8) {opset = 14 : i64} : (tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v10 = onnx.node "Mul"(%v9, %v4) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v11 = onnx.node "Add"(%resid, %v8) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v11, %v10 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_mul_commuted
// LEGAL: event.lif

// Decay as a multiplication by 1/tau = 0.25 (a power of two, so exactly a
// division by 4), LessOrEqual(thr, v1), Where(cmp, 1, 0), commuted Add/Mul.
// CHECK-LABEL: func.func @lif_mul_commuted
// CHECK-SAME: (%[[X:[^:]*]]: tensor<4xf32>, %[[V:[^:]*]]: tensor<4xf32>, %[[RES:[^:]*]]: tensor<4xf32>)
// CHECK: %[[S:.*]], %[[V1:.*]] = event.lif %[[X]], %[[V]] {tau = 4.000000e+00 : f32, v_threshold = 5.000000e-01 : f32} : tensor<4xf32>
// CHECK: %[[SD:.*]] = event.to_dense %[[S]] : {{.*}}<4xf32, binary>
// CHECK: return %{{.*}}, %[[V1]]
func.func @lif_mul_commuted(%x: tensor<4xf32>, %v: tensor<4xf32>, %resid: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.500000e-01> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Mul"(%v2, %v1) {opset = 14 : i64} : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %v4 = onnx.node "Add"(%v3, %v) {opset = 14 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<5.000000e-01> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "LessOrEqual"(%v5, %v4) {opset = 14 : i64} : (tensor<f32>, tensor<4xf32>) -> tensor<4xi1>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v8 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v9 = onnx.node "Where"(%v6, %v7, %v8) {opset = 14 : i64} : (tensor<4xi1>, tensor<f32>, tensor<f32>) -> tensor<4xf32>
  %v10 = onnx.node "Sub"(%v7, %v9) {opset = 14 : i64} : (tensor<f32>, tensor<4xf32>) -> tensor<4xf32>
  %v11 = onnx.node "Mul"(%v4, %v10) {opset = 14 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  %v12 = onnx.node "Add"(%resid, %v9) {opset = 14 : i64} : (tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return %v12, %v11 : tensor<4xf32>, tensor<4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_where_reset
// LEGAL: event.lif

// Reset written as Where(s, v_reset, v1).
// CHECK-LABEL: func.func @lif_where_reset
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>, %[[RES:[^:]*]]: tensor<1x4xf32>)
// CHECK: %[[S:.*]], %[[V1:.*]] = event.lif %[[X]], %[[V]] {v_reset = -2.500000e-01 : f32} : tensor<1x4xf32>
// CHECK: %[[SD:.*]] = event.to_dense %[[S]]
// CHECK: return %{{.*}}, %[[V1]]
func.func @lif_where_reset(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>, %resid: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "GreaterOrEqual"(%v4, %v5) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Cast"(%v6) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x4xi1>) -> tensor<1x4xf32>
  %v8 = onnx.node "Constant"() {attrs = {value = dense<-2.500000e-01> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v9 = onnx.node "Where"(%v6, %v8, %v4) {opset = 14 : i64} : (tensor<1x4xi1>, tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v10 = onnx.node "Add"(%resid, %v7) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v10, %v9 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_where_reset_no_spikes
// LEGAL: event.lif

// Only the membrane potential is used: no to_dense for the spikes.
// CHECK-LABEL: func.func @lif_where_reset_no_spikes
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>)
// CHECK: %{{.*}}, %[[V1:.*]] = event.lif %[[X]], %[[V]] : tensor<1x4xf32>
// CHECK-NOT: event.to_dense
// CHECK: return %[[V1]]
func.func @lif_where_reset_no_spikes(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>) -> (tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "GreaterOrEqual"(%v4, %v5) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<0.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v8 = onnx.node "Where"(%v6, %v7, %v4) {opset = 14 : i64} : (tensor<1x4xi1>, tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v8 : tensor<1x4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_spikes_unused
// LEGAL: event.lif

// The spikes only drive the reset: nothing reads them densely.
// CHECK-LABEL: func.func @lif_spikes_unused
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>)
// CHECK: %{{.*}}, %[[V1:.*]] = event.lif %[[X]], %[[V]] : tensor<1x4xf32>
// CHECK-NOT: event.to_dense
// CHECK: return %[[V1]]
func.func @lif_spikes_unused(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>) -> (tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "GreaterOrEqual"(%v4, %v5) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v8 = onnx.node "Cast"(%v6) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x4xi1>) -> tensor<1x4xf32>
  %v9 = onnx.node "Sub"(%v7, %v8) {opset = 14 : i64} : (tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v10 = onnx.node "Mul"(%v9, %v4) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v10 : tensor<1x4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_spikingjelly_reset
// LEGAL: event.lif

// spikingjelly's hard reset to v_reset: (1 - s) * v1 + s * v_reset.
// CHECK-LABEL: func.func @lif_spikingjelly_reset
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>)
// CHECK: %[[S:.*]], %[[V1:.*]] = event.lif %[[X]], %[[V]] {v_reset = 2.500000e-01 : f32} : tensor<1x4xf32>
// CHECK: %[[SD:.*]] = event.to_dense %[[S]]
// CHECK: return %[[SD]], %[[V1]]
func.func @lif_spikingjelly_reset(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v6 = onnx.node "GreaterOrEqual"(%v4, %v5) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v8 = onnx.node "Cast"(%v6) {attrs = {to = 1 : i64}, opset = 14 : i64} : (tensor<1x4xi1>) -> tensor<1x4xf32>
  %v9 = onnx.node "Sub"(%v7, %v8) {opset = 14 : i64} : (tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v10 = onnx.node "Mul"(%v9, %v4) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v11 = onnx.node "Constant"() {attrs = {value = dense<2.500000e-01> : tensor<f32>}, opset = 14 : i64} : () -> tensor<f32>
  %v12 = onnx.node "Mul"(%v8, %v11) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v13 = onnx.node "Add"(%v12, %v10) {opset = 14 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v8, %v13 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// LEGAL-LABEL: func.func @lif_not_less
// LEGAL: event.lif

// Opset 11 has no GreaterOrEqual: PyTorch writes v1 >= thr as Not(Less).
// CHECK-LABEL: func.func @lif_not_less
// CHECK-SAME: (%[[X:[^:]*]]: tensor<1x4xf32>, %[[V:[^:]*]]: tensor<1x4xf32>, %[[RES:[^:]*]]: tensor<1x4xf32>)
// CHECK: %[[S:.*]], %[[V1:.*]] = event.lif %[[X]], %[[V]] : tensor<1x4xf32>
// CHECK: return %{{.*}}, %[[V1]]
func.func @lif_not_less(%x: tensor<1x4xf32>, %v: tensor<1x4xf32>, %resid: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %v1 = onnx.node "Sub"(%x, %v) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v2 = onnx.node "Constant"() {attrs = {value = dense<2.000000e+00> : tensor<f32>}, opset = 11 : i64} : () -> tensor<f32>
  %v3 = onnx.node "Div"(%v1, %v2) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %v4 = onnx.node "Add"(%v, %v3) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v5 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 11 : i64} : () -> tensor<f32>
  %v6 = onnx.node "Less"(%v4, %v5) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xi1>
  %v7 = onnx.node "Not"(%v6) {opset = 11 : i64} : (tensor<1x4xi1>) -> tensor<1x4xi1>
  %v8 = onnx.node "Constant"() {attrs = {value = dense<1.000000e+00> : tensor<f32>}, opset = 11 : i64} : () -> tensor<f32>
  %v9 = onnx.node "Cast"(%v7) {attrs = {to = 1 : i64}, opset = 11 : i64} : (tensor<1x4xi1>) -> tensor<1x4xf32>
  %v10 = onnx.node "Sub"(%v8, %v9) {opset = 11 : i64} : (tensor<f32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v11 = onnx.node "Mul"(%v10, %v4) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %v12 = onnx.node "Add"(%resid, %v9) {opset = 11 : i64} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return %v12, %v11 : tensor<1x4xf32>, tensor<1x4xf32>
}
