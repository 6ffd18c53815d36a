// RUN: spnc-opt %s -split-input-file -verify-diagnostics

//===-- Types and attributes ----------------------------------------------===//

// expected-error @+1 {{events must have rank >= 1}}
func.func @events_rank0(%a: !event.events<f32>)

// -----

// expected-error @+1 {{events must have a floating-point element type, got 'i32'}}
func.func @events_int(%a: !event.events<4xi32>)

// -----

// expected-error @+1 {{expected static shape}}
func.func @events_dynamic(%a: !event.events<?x4xf32>)

// -----

// expected-error @+1 {{expected 'binary'}}
func.func @events_marker(%a: !event.events<4xf32, spikes>)

// -----

// expected-error @+1 {{unknown activation 'swish'}}
func.func @unknown_activation() attributes {a = #event.activation<swish>}

// -----

// expected-error @+1 {{activation 'tanh' takes no 'alpha'}}
func.func @alpha_not_taken() attributes {a = #event.activation<tanh, alpha = 1.0>}

// -----

// expected-error @+1 {{activation 'elu' takes no 'beta'}}
func.func @beta_not_taken() attributes {a = #event.activation<elu, beta = 1.0>}

// -----

// expected-error @+1 {{expected 'alpha' or 'beta', got 'gamma'}}
func.func @bad_parameter() attributes {a = #event.activation<affine, gamma = 1.0>}

// -----

// expected-error @+1 {{'alpha' is given twice}}
func.func @twice() attributes {a = #event.activation<affine, alpha = 1.0, alpha = 2.0>}

//===-- egru_step ---------------------------------------------------------===//

// -----

func.func @egru_element_type(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf16>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'W' has element type 'f16' but 'x' has 'f32'}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf16>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_state_rank(%x: tensor<2x4xf32>, %y: !event.events<8xf32>, %c: tensor<8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'c_prev' must have rank 2 ([B, H]) like 'x', got rank 1}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<8xf32>, tensor<8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_state_rank_unbatched(%x: tensor<4xf32>, %y: !event.events<1x8xf32>, %c: tensor<1x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'c_prev' must have rank 1 ([H]) like 'x', got rank 2}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<4xf32>, !event.events<1x8xf32>, tensor<1x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_batch(%x: tensor<2x4xf32>, %y: !event.events<3x8xf32>, %c: tensor<3x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'c_prev' must have batch size 2 like 'x', got 3}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<3x8xf32>, tensor<3x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_y_prev(%x: tensor<2x4xf32>, %y: !event.events<2x7xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'y_prev' must have shape [B, H] = [2, 8], got [2, 7]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x7xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_y_prev_binary(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32, binary>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand #1 must be 1D/2D graded (non-binary) events, but got '!event.events<2x8xf32, binary>'}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32, binary>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_x_rank(%x: tensor<1x2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand #0 must be 1D/2D tensor or events, but got 'tensor<1x2x4xf32>'}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<1x2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_W(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x5xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'W' must have shape [3*H, I] = [24, 4], got [24, 5]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x5xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_R(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<16x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'R' must have shape [3*H, H] = [24, 8], got [16, 8]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<16x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_bx(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %bx: tensor<48xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'bx' must have shape [3*H] = [24], got [48]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%bx, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<48xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_br(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %br: tensor<8xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'br' must have shape [3*H] = [24], got [8]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %br) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<8xf32>, tensor<8xf32>
  return
}

// -----

func.func @egru_theta(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<2xf32>) {
  // expected-error @+1 {{'event.egru_step' op operand 'theta' must have shape [H] = [8], got [2]}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<2xf32>
  return
}

// -----

func.func @egru_result(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<2x8xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+2 {{'event.egru_step' op failed to infer returned types}}
  // expected-error @+1 {{'event.egru_step' op inferred type(s) '!event.events<2x8xf32>', 'tensor<2x8xf32>' are incompatible with return type(s) of operation '!event.events<2x8xf32>', 'tensor<2x7xf32>'}}
  %y1, %c1 = "event.egru_step"(%x, %y, %c, %W, %R, %b, %b, %t)
      : (tensor<2x4xf32>, !event.events<2x8xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>)
      -> (!event.events<2x8xf32>, tensor<2x7xf32>)
  return
}

// -----

func.func @egru_unranked(%x: tensor<2x4xf32>, %y: !event.events<2x8xf32>, %c: tensor<*xf32>,
    %W: tensor<24x4xf32>, %R: tensor<24x8xf32>, %b: tensor<24xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{operand 'c_prev' must be a statically shaped float tensor of rank >= 1 to produce events, got 'tensor<*xf32>'}}
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t)
      : tensor<2x4xf32>, !event.events<2x8xf32>, tensor<*xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>, tensor<8xf32>
  return
}

//===-- gru_step ----------------------------------------------------------===//

// -----

func.func @gru_element_type(%x: tensor<2x4xf32>, %h: tensor<2x8xf64>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand 'h' has element type 'f64' but 'x' has 'f32'}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<2x8xf64>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_h_batch(%x: tensor<2x4xf32>, %h: tensor<1x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand 'h' must have batch size 2 like 'x', got 1}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<1x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_W(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<32x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand 'W' must have shape [3*H, I] = [24, 4], got [32, 4]}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<32x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_R(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x4xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand 'R' must have shape [3*H, H] = [24, 8], got [24, 4]}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x4xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_bias(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>, %b2: tensor<16xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand 'br' must have shape [3*H] = [24], got [16]}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b2)
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<16xf32>
  return
}

// -----

func.func @gru_weights_rank(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<96xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op operand #2 must be statically shaped 2D tensor of floating-point values, but got 'tensor<96xf32>'}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<96xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_clip(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op 'clip' must be positive, got -1}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b) {clip = -1.0 : f32}
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_activations(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op requires 2 activations (f, g), got 3}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b)
      {activations = [#event.activation<sigmoid>, #event.activation<tanh>, #event.activation<tanh>]}
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

// -----

func.func @gru_activation_type(%x: tensor<2x4xf32>, %h: tensor<2x8xf32>, %W: tensor<24x4xf32>,
    %R: tensor<24x8xf32>, %b: tensor<24xf32>) {
  // expected-error @+1 {{'event.gru_step' op attribute 'activations' failed to satisfy constraint: activation functions}}
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%b, %b) {activations = ["Sigmoid", "Tanh"]}
      : tensor<2x4xf32>, tensor<2x8xf32>, tensor<24x4xf32>, tensor<24x8xf32>, tensor<24xf32>, tensor<24xf32>
  return
}

//===-- lstm_step ---------------------------------------------------------===//

// -----

func.func @lstm_c(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<4xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'c' must have shape [H] = [5], got [4]}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      : tensor<3xf32>, tensor<5xf32>, tensor<4xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_W(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<15x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'W' must have shape [4*H, I] = [20, 3], got [15, 3]}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<15x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_peephole(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>, %P: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'P' must have shape [3*H] = [15], got [20]}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b) peephole(%P)
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_peephole_type(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>, %P: tensor<15xf16>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'P' has element type 'f16' but 'x' has 'f32'}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b) peephole(%P)
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>, tensor<15xf16>
  return
}

// -----

func.func @lstm_activations(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op requires 3 activations (f, g, h), got 2}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      {activations = [#event.activation<sigmoid>, #event.activation<tanh>]}
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_clip(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op 'clip' must be positive, got 0}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b) {clip = 0.0 : f32}
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_R(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x3xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'R' must have shape [4*H, H] = [20, 5], got [20, 3]}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x3xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_bias(%x: tensor<3xf32>, %h: tensor<5xf32>, %c: tensor<5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>, %b2: tensor<5xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'bx' must have shape [4*H] = [20], got [5]}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b2, %b)
      : tensor<3xf32>, tensor<5xf32>, tensor<5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<5xf32>, tensor<20xf32>
  return
}

// -----

func.func @lstm_h_rank(%x: tensor<2x3xf32>, %h: tensor<5xf32>, %c: tensor<2x5xf32>, %W: tensor<20x3xf32>,
    %R: tensor<20x5xf32>, %b: tensor<20xf32>) {
  // expected-error @+1 {{'event.lstm_step' op operand 'h' must have rank 2 ([B, H]) like 'x', got rank 1}}
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b)
      : tensor<2x3xf32>, tensor<5xf32>, tensor<2x5xf32>, tensor<20x3xf32>, tensor<20x5xf32>, tensor<20xf32>, tensor<20xf32>
  return
}

//===-- rnn_step ----------------------------------------------------------===//

// -----

func.func @rnn_W(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x4xf32>,
    %R: tensor<5x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'event.rnn_step' op operand 'W' must have shape [H, I] = [5, 3], got [5, 4]}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x4xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>
  return
}

// -----

func.func @rnn_R(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x3xf32>,
    %R: tensor<5x3xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'event.rnn_step' op operand 'R' must have shape [H, H] = [5, 5], got [5, 3]}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x3xf32>, tensor<5xf32>, tensor<5xf32>
  return
}

// -----

func.func @rnn_bias(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x3xf32>,
    %R: tensor<5x5xf32>, %b: tensor<10xf32>) {
  // expected-error @+1 {{'event.rnn_step' op operand 'bx' must have shape [H] = [5], got [10]}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<10xf32>, tensor<10xf32>
  return
}

// -----

func.func @rnn_clip(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x3xf32>,
    %R: tensor<5x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'event.rnn_step' op 'clip' must be positive, got -2}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b) {clip = -2.0 : f32}
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>
  return
}

// -----

func.func @rnn_element_type(%x: tensor<1x3xf32>, %h: tensor<1x5xf32>, %W: tensor<5x3xf32>,
    %R: tensor<5x5xf32>, %b: tensor<5xbf16>) {
  // expected-error @+1 {{'event.rnn_step' op operand 'bx' has element type 'bf16' but 'x' has 'f32'}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<1x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<5xbf16>, tensor<5xbf16>
  return
}

// -----

func.func @rnn_h_batch(%x: tensor<1x3xf32>, %h: tensor<4x5xf32>, %W: tensor<5x3xf32>,
    %R: tensor<5x5xf32>, %b: tensor<5xf32>) {
  // expected-error @+1 {{'event.rnn_step' op operand 'h' must have batch size 1 like 'x', got 4}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b)
      : tensor<1x3xf32>, tensor<4x5xf32>, tensor<5x3xf32>, tensor<5x5xf32>, tensor<5xf32>, tensor<5xf32>
  return
}

//===-- wkv_step ----------------------------------------------------------===//

// -----

func.func @wkv_w(%k: tensor<2x8xf32>, %w: tensor<4xf32>) {
  // expected-error @+1 {{'event.wkv_step' op operand 'w' must have shape [8] or the shape of 'k' [2, 8], got [4]}}
  %0:4 = event.wkv_step %k, %k, %w, %w, %k, %k, %k : tensor<2x8xf32>, tensor<4xf32>
  return
}

// -----

func.func @wkv_w_type(%k: tensor<2x8xf32>, %w: tensor<8xf16>) {
  // expected-error @+1 {{'event.wkv_step' op operand 'w' has element type 'f16' but 'k' has 'f32'}}
  %0:4 = event.wkv_step %k, %k, %w, %w, %k, %k, %k : tensor<2x8xf32>, tensor<8xf16>
  return
}

// -----

func.func @wkv_same_types(%k: tensor<2x8xf32>, %v: tensor<1x8xf32>, %w: tensor<8xf32>) {
  // expected-error @+1 {{'event.wkv_step' op failed to verify that all of {k, v, aa, bb, pp} have same type}}
  %0:4 = "event.wkv_step"(%k, %v, %w, %w, %k, %k, %k)
      : (tensor<2x8xf32>, tensor<1x8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>)
      -> (tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>)
  return
}

//===-- Event generation and consumption -----------------------------------===//

// -----

func.func @threshold_theta(%v: tensor<2x8xf32>, %t: tensor<2xf32>) {
  // expected-error @+1 {{'event.threshold' op operand 'theta' must have shape [8] or the shape of 'v' [2, 8], got [2]}}
  %y, %v1 = event.threshold %v, %t : tensor<2x8xf32>, tensor<2xf32>
  return
}

// -----

func.func @threshold_type(%v: tensor<2x8xf32>, %t: tensor<8xf64>) {
  // expected-error @+1 {{'event.threshold' op operand 'theta' has element type 'f64' but 'v' has 'f32'}}
  %y, %v1 = event.threshold %v, %t : tensor<2x8xf32>, tensor<8xf64>
  return
}

// -----

func.func @threshold_result(%v: tensor<8xf32>, %t: tensor<8xf32>) {
  // expected-error @+1 {{'event.threshold' op result #0 must be graded (non-binary) events, but got '!event.events<8xf32, binary>'}}
  %y, %v1 = "event.threshold"(%v, %t) : (tensor<8xf32>, tensor<8xf32>) -> (!event.events<8xf32, binary>, tensor<8xf32>)
  return
}

// -----

func.func @lif_tau(%x: tensor<8xf32>) {
  // expected-error @+1 {{'event.lif' op 'tau' must be positive, got 0}}
  %s, %v = event.lif %x, %x {tau = 0.0 : f32} : tensor<8xf32>
  return
}

// -----

func.func @lif_types(%x: tensor<8xf32>, %v: tensor<4xf32>) {
  // expected-error @+1 {{'event.lif' op failed to verify that all of {input, v} have same type}}
  %s, %v1 = "event.lif"(%x, %v) : (tensor<8xf32>, tensor<4xf32>) -> (!event.events<4xf32, binary>, tensor<4xf32>)
  return
}

// -----

func.func @heaviside_result(%x: tensor<8xf32>) {
  // expected-error @+1 {{'event.heaviside' op result #0 must be binary events, but got '!event.events<8xf32>'}}
  %s = "event.heaviside"(%x) : (tensor<8xf32>) -> !event.events<8xf32>
  return
}

// -----

func.func @heaviside_scalar(%x: tensor<f32>) {
  // expected-error @+1 {{operand 'x' must be a statically shaped float tensor of rank >= 1 to produce events, got 'tensor<f32>'}}
  %s = event.heaviside %x : tensor<f32>
  return
}

// -----

func.func @threshold_int(%v: tensor<4xi32>) {
  // expected-error @+1 {{operand 'v' must be a statically shaped float tensor of rank >= 1 to produce events, got 'tensor<4xi32>'}}
  %y, %v1 = event.threshold %v, %v : tensor<4xi32>, tensor<4xi32>
  return
}

// -----

func.func @lif_dynamic(%v: tensor<?xf32>) {
  // expected-error @+1 {{operand 'v' must be a statically shaped float tensor of rank >= 1 to produce events, got 'tensor<?xf32>'}}
  %s, %v1 = event.lif %v, %v : tensor<?xf32>
  return
}

// -----

func.func @accumulate_columns(%W: tensor<16x8xf32>, %x: !event.events<2x12xf32>) {
  // expected-error @+1 {{'event.accumulate' op operand 'input' has 12 entries per vector but 'weights' has 8 columns}}
  %y = event.accumulate %W, %x : tensor<16x8xf32>, !event.events<2x12xf32>
  return
}

// -----

func.func @accumulate_type(%W: tensor<16x8xf16>, %x: !event.events<8xf32>) {
  // expected-error @+1 {{'event.accumulate' op operand 'input' has element type 'f32' but 'weights' has 'f16'}}
  %y = event.accumulate %W, %x : tensor<16x8xf16>, !event.events<8xf32>
  return
}

// -----

func.func @accumulate_weights(%W: tensor<16x8x2xf32>, %x: !event.events<8xf32>) {
  // expected-error @+1 {{operand 'weights' must be a 2D tensor, got 'tensor<16x8x2xf32>'}}
  %y = event.accumulate %W, %x : tensor<16x8x2xf32>, !event.events<8xf32>
  return
}

// -----

func.func @accumulate_input(%W: tensor<16x8xf32>, %x: !event.events<1x2x8xf32>) {
  // expected-error @+1 {{operand 'input' must be 1D/2D events, got '!event.events<1x2x8xf32>'}}
  %y = event.accumulate %W, %x : tensor<16x8xf32>, !event.events<1x2x8xf32>
  return
}

// -----

func.func @to_dense_result(%e: !event.events<4xf32>) {
  // expected-error @+2 {{'event.to_dense' op failed to infer returned types}}
  // expected-error @+1 {{'event.to_dense' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  %0 = "event.to_dense"(%e) : (!event.events<4xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @to_dense_input(%t: tensor<4xf32>) {
  // expected-error @+1 {{'event.to_dense' op operand #0 must be events, but got 'tensor<4xf32>'}}
  %0 = "event.to_dense"(%t) : (tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @from_dense_shape(%t: tensor<4xf32>) {
  // expected-error @+1 {{'event.from_dense' op result '!event.events<5xf32>' must have the shape and element type of the input 'tensor<4xf32>'}}
  %0 = event.from_dense %t : tensor<4xf32> -> !event.events<5xf32>
  return
}

//===-- State -------------------------------------------------------------===//

// -----

// expected-error @+1 {{'event.state' op type must be a statically shaped float tensor or events, got 'tensor<4xi32>'}}
event.state @s : tensor<4xi32>

// -----

// expected-error @+1 {{'event.state' op type must be a statically shaped float tensor or events, got 'tensor<?xf32>'}}
event.state @s : tensor<?xf32>

// -----

// expected-error @+1 {{'event.state' op initial value of type 'tensor<3xf32>' does not match 'tensor<4xf32>'}}
"event.state"() <{sym_name = "s", type = tensor<4xf32>, initial_value = dense<1.0> : tensor<3xf32>}> : () -> ()

// -----

// expected-error @+1 {{'event.state' op initial value of a binary events state must hold only 0 and 1}}
event.state @s : !event.events<3xf32, binary> = dense<[0.0, 1.0, 2.0]>

// -----

func.func @state_in_func() {
  // expected-error @+1 {{'event.state' op expects parent op 'builtin.module'}}
  event.state @s : tensor<4xf32>
  return
}

// -----

func.func @read_unknown() {
  // expected-error @+1 {{'event.state_read' op @missing does not name an 'event.state'}}
  %0 = event.state_read @missing : tensor<4xf32>
  return
}

// -----

func.func @not_a_state() {
  // expected-error @+1 {{'event.state_read' op @not_a_state does not name an 'event.state'}}
  %0 = event.state_read @not_a_state : tensor<4xf32>
  return
}

// -----

event.state @s : tensor<4xf32>
func.func @read_type() {
  // expected-error @+1 {{'event.state_read' op type 'tensor<3xf32>' does not match the type 'tensor<4xf32>' of state @s}}
  %0 = event.state_read @s : tensor<3xf32>
  return
}

// -----

event.state @s : !event.events<4xf32>
func.func @write_type(%e: !event.events<4xf32, binary>) {
  // expected-error @+1 {{'event.state_write' op type '!event.events<4xf32, binary>' does not match the type '!event.events<4xf32>' of state @s}}
  event.state_write %e, @s : !event.events<4xf32, binary>
  return
}

// -----

func.func @write_unknown(%t: tensor<4xf32>) {
  // expected-error @+1 {{'event.state_write' op @missing does not name an 'event.state'}}
  event.state_write %t, @missing : tensor<4xf32>
  return
}

// -----

func.func @dequantize_scales(%q: tensor<8x16xi8>, %s: tensor<16xf32>) {
  // expected-error @+1 {{'event.dequantize' op operand 'scales' must have one entry per row: shape [8], got [16]}}
  %W = event.dequantize %q, %s : tensor<8x16xi8>, tensor<16xf32> -> tensor<8x16xf32>
  return
}

// -----

func.func @dequantize_shape(%q: tensor<8x16xi8>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'event.dequantize' op result shape [16, 8] must be the shape of 'quantized' [8, 16]}}
  %W = event.dequantize %q, %s : tensor<8x16xi8>, tensor<8xf32> -> tensor<16x8xf32>
  return
}

// -----

func.func @dequantize_element_type(%q: tensor<8x16xi8>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'event.dequantize' op result element type 'f16' must be the element type of 'scales' 'f32'}}
  %W = event.dequantize %q, %s : tensor<8x16xi8>, tensor<8xf32> -> tensor<8x16xf16>
  return
}

// -----

func.func @dequantize_integers(%q: tensor<8x16xi16>, %s: tensor<8xf32>) {
  // expected-error @+1 {{'event.dequantize' op operand #0 must be statically shaped 2D tensor of i8}}
  %W = event.dequantize %q, %s : tensor<8x16xi16>, tensor<8xf32> -> tensor<8x16xf32>
  return
}

// -----

func.func @dequantize_rank(%q: tensor<16xi8>, %s: tensor<16xf32>) {
  // expected-error @+1 {{'event.dequantize' op operand #0 must be statically shaped 2D tensor of i8}}
  %W = event.dequantize %q, %s : tensor<16xi8>, tensor<16xf32> -> tensor<16xf32>
  return
}
