// RUN: spnc-opt --allow-unregistered-dialect %s | FileCheck %s
// RUN: spnc-opt --allow-unregistered-dialect %s | spnc-opt --allow-unregistered-dialect | FileCheck %s
// RUN: spnc-opt --allow-unregistered-dialect %s --mlir-print-op-generic | spnc-opt --allow-unregistered-dialect | FileCheck %s

// CHECK-LABEL: event.state @h0 : tensor<2x8xf32>{{$}}
event.state @h0 : tensor<2x8xf32>
// CHECK: event.state @pp : tensor<8xf32> = dense<-1.000000e+30>
event.state @pp : tensor<8xf32> = dense<-1.0e30>
// CHECK: event.state @y0 : !event.events<8xf32, binary> = dense<[0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 1.000000e+00, 0.000000e+00, 0.000000e+00, 0.000000e+00]>
event.state @y0 : !event.events<8xf32, binary> = dense<[0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]>
// CHECK: event.state @g : !event.events<2x8xf64>{{$}}
event.state @g : !event.events<2x8xf64>

// CHECK-LABEL: func.func @types
// CHECK-SAME: !event.events<4x128xf32>
// CHECK-SAME: !event.events<128xf16, binary>
// CHECK-SAME: !event.events<1x1x3xf64>
func.func @types(%a: !event.events<4x128xf32>, %b: !event.events<128xf16, binary>,
                 %c: !event.events<1x1x3xf64>) {
  return
}

// CHECK-LABEL: func.func @activations
// CHECK: test.activations = [#event.activation<relu>, #event.activation<tanh>, #event.activation<sigmoid>, #event.activation<affine, alpha = 1.000000e+00, beta = 0.000000e+00>, #event.activation<leaky_relu, alpha = 0.00999999977>, #event.activation<thresholded_relu, alpha = 1.000000e+00>, #event.activation<scaled_tanh, alpha = 1.000000e+00, beta = 1.000000e+00>, #event.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, #event.activation<elu, alpha = 1.000000e+00>, #event.activation<softsign>, #event.activation<softplus>]
// CHECK: test.parameters = [#event.activation<leaky_relu, alpha = 1.000000e-01>, #event.activation<hard_sigmoid, alpha = 2.500000e-01, beta = 5.000000e-01>, #event.activation<affine, alpha = 1.000000e+00, beta = 3.000000e+00>, #event.activation<scaled_tanh, alpha = 2.000000e+00, beta = 5.000000e-01>]
func.func @activations() attributes {
    test.activations = [#event.activation<relu>, #event.activation<tanh>,
      #event.activation<sigmoid>, #event.activation<affine>,
      #event.activation<leaky_relu>, #event.activation<thresholded_relu>,
      #event.activation<scaled_tanh>, #event.activation<hard_sigmoid>,
      #event.activation<elu>, #event.activation<softsign>,
      #event.activation<softplus>],
    test.parameters = [#event.activation<leaky_relu, alpha = 0.1>,
      #event.activation<hard_sigmoid, alpha = 0.25>,
      #event.activation<affine, beta = 3.0>,
      #event.activation<scaled_tanh, beta = 0.5, alpha = 2.0>]} {
  return
}

// CHECK-LABEL: func.func @egru
func.func @egru(%x: tensor<2x4xf32>, %xe: !event.events<2x4xf32, binary>,
                %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
                %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>,
                %theta: tensor<8xf32>, %x1: tensor<4xf32>,
                %y1: !event.events<8xf32>, %c1: tensor<8xf32>)
    -> (!event.events<2x8xf32>, tensor<2x8xf32>) {
  // CHECK: {{.*}} = event.egru_step %arg0, %arg2, %arg3 weights(%arg4, %arg5) bias(%arg6, %arg6) threshold(%arg7) : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  %y2, %c2 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%theta)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  // CHECK: event.egru_step %arg1, %{{[a-z_0-9]+}}, %{{[a-z_0-9]+}} weights(%arg4, %arg5) bias(%arg6, %arg6) threshold(%arg7) : !event.events<2x4xf32, binary>, !event.events<2x8xf32>, tensor<2x8xf32>
  %y3, %c3 = event.egru_step %xe, %y2, %c2 weights(%W, %R) bias(%b, %b) threshold(%theta)
      : !event.events<2x4xf32, binary>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  // CHECK: event.egru_step %arg8, %arg9, %arg10 {{.*}} : tensor<4xf32>, !event.events<8xf32>, tensor<8xf32>,
  %y4, %c4 = event.egru_step %x1, %y1, %c1 weights(%W, %R) bias(%b, %b) threshold(%theta)
      : tensor<4xf32>, !event.events<8xf32>, tensor<8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return %y3, %c3 : !event.events<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @gru
func.func @gru(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
               %R: tensor<24x8xf32>, %b: tensor<24xf32>) -> tensor<2x8xf32> {
  // CHECK: %[[H1:.*]] = event.gru_step %arg0, %arg1 weights(%arg2, %arg3) bias(%arg4, %arg4) : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  // CHECK: event.gru_step %arg0, %[[H1]] weights(%arg2, %arg3) bias(%arg4, %arg4) {activations = [#event.activation<hard_sigmoid, alpha = 2.000000e-01, beta = 5.000000e-01>, #event.activation<relu>], clip = 5.000000e+00 : f32, linear_before_reset = true}
  %h2 = event.gru_step %x, %h1 weights(%W, %R) bias(%b, %b)
      {linear_before_reset = true, clip = 5.0 : f32,
       activations = [#event.activation<hard_sigmoid>, #event.activation<relu>]}
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return %h2 : tensor<2x8xf32>
}

// CHECK-LABEL: func.func @lstm
func.func @lstm(%x: tensor<3xf64>, %h: tensor<5xf64>, %c: tensor<5xf64>,
                %W: tensor<20x3xf64>, %R: tensor<20x5xf64>, %b: tensor<20xf64>,
                %P: tensor<15xf64>) -> (tensor<5xf64>, tensor<5xf64>) {
  // CHECK: {{.*}} = event.lstm_step %arg0, %arg1, %arg2 weights(%arg3, %arg4) bias(%arg5, %arg5) : tensor<3xf64>, tensor<5xf64>, tensor<5xf64>, tensor<20x3xf64>, tensor<20x5xf64>, tensor<20xf64>, tensor<20xf64>
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      : tensor<3xf64>, tensor<5xf64>, tensor<5xf64>, tensor<20x3xf64>, tensor<20x5xf64>, tensor<20xf64>, tensor<20xf64>
  // CHECK: event.lstm_step %arg0, %{{[a-z_0-9]+}}, %{{[a-z_0-9]+}} weights(%arg3, %arg4) bias(%arg5, %arg5) peephole(%arg6) {activations = [#event.activation<sigmoid>, #event.activation<elu, alpha = 5.000000e-01>, #event.activation<softsign>], clip = 2.500000e+00 : f32, input_forget = true} : tensor<3xf64>, tensor<5xf64>, tensor<5xf64>, tensor<20x3xf64>, tensor<20x5xf64>, tensor<20xf64>, tensor<20xf64>, tensor<15xf64>
  %h2, %c2 = event.lstm_step %x, %h1, %c1 weights(%W, %R) bias(%b, %b) peephole(%P)
      {clip = 2.5 : f32, input_forget = true,
       activations = [#event.activation<sigmoid>, #event.activation<elu, alpha = 0.5>, #event.activation<softsign>]}
      : tensor<3xf64>, tensor<5xf64>, tensor<5xf64>, tensor<20x3xf64>, tensor<20x5xf64>, tensor<20xf64>, tensor<20xf64>, tensor<15xf64>
  return %h2, %c2 : tensor<5xf64>, tensor<5xf64>
}

// CHECK-LABEL: func.func @rnn
func.func @rnn(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x3xf32>,
               %R: tensor<5x5xf32>, %b: tensor<5xf32>) -> tensor<1x5xf32> {
  // CHECK: %[[H1:.*]] = event.rnn_step %arg0, %arg1 weights(%arg2, %arg3) bias(%arg4, %arg4) : tensor<1x3xf32>
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>
  // CHECK: event.rnn_step %arg0, %[[H1]] weights(%arg2, %arg3) bias(%arg4, %arg4) {activation = #event.activation<leaky_relu, alpha = 2.000000e-01>, clip = 1.000000e+00 : f32}
  %h2 = event.rnn_step %x, %h1 weights(%W, %R) bias(%b, %b)
      {activation = #event.activation<leaky_relu, alpha = 0.2>, clip = 1.0 : f32}
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>
  return %h2 : tensor<1x5xf32>
}

// CHECK-LABEL: func.func @wkv
func.func @wkv(%k: tensor<2x8xf32>, %w: tensor<8xf32>, %wfull: tensor<2x8xf32>)
    -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  // CHECK: {{.*}} = event.wkv_step %arg0, %arg0, %arg1, %arg1, %arg0, %arg0, %arg0 : tensor<2x8xf32>, tensor<8xf32>
  %wkv, %aa, %bb, %pp = event.wkv_step %k, %k, %w, %w, %k, %k, %k : tensor<2x8xf32>, tensor<8xf32>
  // CHECK: event.wkv_step %arg0, %arg0, %arg2, %arg2, %{{[a-z_0-9]+}}, %{{[a-z_0-9]+}}, %{{[a-z_0-9]+}} : tensor<2x8xf32>, tensor<2x8xf32>
  %wkv2, %aa2, %bb2, %pp2 = event.wkv_step %k, %k, %wfull, %wfull, %aa, %bb, %pp : tensor<2x8xf32>, tensor<2x8xf32>
  return %wkv, %wkv2 : tensor<2x8xf32>, tensor<2x8xf32>
}

// CHECK-LABEL: func.func @events
func.func @events(%v: tensor<2x8xf32>, %theta: tensor<8xf32>, %theta2: tensor<2x8xf32>,
                  %W: tensor<16x8xf32>, %W1: tensor<3x8xf32>) {
  // CHECK: {{.*}} = event.threshold %arg0, %arg1 : tensor<2x8xf32>, tensor<8xf32>
  %y, %v1 = event.threshold %v, %theta : tensor<2x8xf32>, tensor<8xf32>
  // CHECK: event.threshold %arg0, %arg2 : tensor<2x8xf32>, tensor<2x8xf32>
  %y2, %v2 = event.threshold %v, %theta2 : tensor<2x8xf32>, tensor<2x8xf32>
  // CHECK: {{.*}} = event.lif %arg0, %{{[a-z_0-9]+}} : tensor<2x8xf32>
  %s, %v3 = event.lif %v, %v1 : tensor<2x8xf32>
  // CHECK: event.lif %arg0, %{{.*}} {tau = 4.000000e+00 : f32, v_reset = -1.000000e+00 : f32, v_threshold = 5.000000e-01 : f32} : tensor<2x8xf32>
  %s2, %v4 = event.lif %v, %v3 {tau = 4.0 : f32, v_threshold = 0.5 : f32, v_reset = -1.0 : f32} : tensor<2x8xf32>
  // CHECK: event.heaviside %arg0 : tensor<2x8xf32>
  %h = event.heaviside %v : tensor<2x8xf32>
  // CHECK: event.heaviside %arg0 {strict = false} : tensor<2x8xf32>
  %h2 = event.heaviside %v {strict = false} : tensor<2x8xf32>
  // CHECK: %[[A:.*]] = event.accumulate %arg3, %{{.*}} : tensor<16x8xf32>, !event.events<2x8xf32, binary>
  %a = event.accumulate %W, %s : tensor<16x8xf32>, !event.events<2x8xf32, binary>
  // CHECK: event.accumulate %arg3, %{{[a-z_0-9]+}} : tensor<16x8xf32>, !event.events<2x8xf32>
  %a2 = event.accumulate %W, %y : tensor<16x8xf32>, !event.events<2x8xf32>
  // CHECK: %[[D:.*]] = event.to_dense %{{[a-z_0-9]+}} : !event.events<2x8xf32>
  %d = event.to_dense %y : !event.events<2x8xf32>
  // CHECK: event.from_dense %[[D]] : tensor<2x8xf32> -> !event.events<2x8xf32, binary>
  %e = event.from_dense %d : tensor<2x8xf32> -> !event.events<2x8xf32, binary>
  %row = tensor.extract_slice %d[0, 0] [1, 8] [1, 1] : tensor<2x8xf32> to tensor<8xf32>
  %e1 = event.from_dense %row : tensor<8xf32> -> !event.events<8xf32>
  // CHECK: event.accumulate %arg4, %{{.*}} : tensor<3x8xf32>, !event.events<8xf32>
  %a3 = event.accumulate %W1, %e1 : tensor<3x8xf32>, !event.events<8xf32>
  "test.use"(%a, %a2, %a3, %e, %h, %h2, %y2, %v2, %s2, %v4) : (tensor<2x16xf32>, tensor<2x16xf32>, tensor<3xf32>, !event.events<2x8xf32, binary>, !event.events<2x8xf32, binary>, !event.events<2x8xf32, binary>, !event.events<2x8xf32>, tensor<2x8xf32>, !event.events<2x8xf32, binary>, tensor<2x8xf32>) -> ()
  return
}

// CHECK-LABEL: func.func @state
func.func @state(%v: tensor<2x8xf32>) -> !event.events<8xf32, binary> {
  // CHECK: %[[H:.*]] = event.state_read @h0 : tensor<2x8xf32>
  %h = event.state_read @h0 : tensor<2x8xf32>
  // CHECK: event.state_write %arg0, @h0 : tensor<2x8xf32>
  event.state_write %v, @h0 : tensor<2x8xf32>
  // CHECK: event.state_read @y0 : !event.events<8xf32, binary>
  %y = event.state_read @y0 : !event.events<8xf32, binary>
  // CHECK: event.state_write %{{.*}}, @y0 : !event.events<8xf32, binary>
  event.state_write %y, @y0 : !event.events<8xf32, binary>
  return %y : !event.events<8xf32, binary>
}

// CHECK-LABEL: func.func @dequantize
func.func @dequantize(%q: tensor<8x16xi8>, %s: tensor<8xf32>, %x: !event.events<16xf32>) -> tensor<8xf32> {
  // CHECK: %[[W:.*]] = event.dequantize %arg0, %arg1 : tensor<8x16xi8>, tensor<8xf32> -> tensor<8x16xf32>
  %W = event.dequantize %q, %s : tensor<8x16xi8>, tensor<8xf32> -> tensor<8x16xf32>
  // CHECK: event.accumulate %[[W]], %arg2
  %y = event.accumulate %W, %x : tensor<8x16xf32>, !event.events<16xf32>
  return %y : tensor<8xf32>
}

// CHECK-LABEL: func.func @dequantize_f16
func.func @dequantize_f16(%q: tensor<2x3xi8>, %s: tensor<2xf16>) -> tensor<2x3xf16> {
  // CHECK: event.dequantize %arg0, %arg1 : tensor<2x3xi8>, tensor<2xf16> -> tensor<2x3xf16>
  %W = event.dequantize %q, %s : tensor<2x3xi8>, tensor<2xf16> -> tensor<2x3xf16>
  return %W : tensor<2x3xf16>
}
