// RUN: spnc-opt %s -split-input-file --s2-build-populations | FileCheck %s

// Two EGRU layers with their state carried through graph inputs/outputs
// (docs/StateConvention.md): y_prev is a recurrence (delay 1), c_prev stays
// on the PE. W0 is sparse: input 0 reaches unit 0, input 1 units 0 and 1.

// CHECK-LABEL: func.func @egru2
// CHECK: event.egru_step {{.*}} {s2.population = @machine::@egru_0}
// CHECK: event.egru_step {{.*}} {s2.population = @machine::@egru_1}
// CHECK: s2.machine @machine step @egru2 system "chip" dvfs "PL4" {
// CHECK-NEXT: s2.population @egru_0 cell units 2 rate 1.500000e-01 op "event.egru_step"
// CHECK-NEXT: s2.population @egru_1 cell units 2 rate 1.500000e-01 op "event.egru_step"
// CHECK-NEXT: s2.projection @egru_0 -> @egru_0 port "y_prev" fan_out 2.000000e+00 packets 3.000000e-01 delay 1
// CHECK-NEXT: s2.projection @egru_0 -> @egru_1 port "x" fan_out 2.000000e+00 packets 3.000000e-01 delay 0
// R1 is all zeros: layer 1 sends nothing to itself.
// CHECK-NOT: s2.projection
// CHECK-NEXT: s2.io input "x" [@egru_0]
// CHECK-NEXT: s2.io input "y_prev_0" [@egru_0] state "y_0"
// CHECK-NEXT: s2.io input "c_prev_0" [@egru_0] state "c_0"
// CHECK-NEXT: s2.io input "y_prev_1" [@egru_1] state "y_1"
// CHECK-NEXT: s2.io input "c_prev_1" [@egru_1] state "c_1"
// CHECK-NEXT: s2.io output "y_0" [@egru_0]
// CHECK-NEXT: s2.io output "c_0" [@egru_0]
// CHECK-NEXT: s2.io output "y_1" [@egru_1]
// CHECK-NEXT: s2.io output "c_1" [@egru_1]
// CHECK-NEXT: }
func.func @egru2(%x: tensor<1x2xf32> {onnx.name = "x"},
                 %y0: tensor<1x2xf32> {onnx.name = "y_prev_0"},
                 %c0: tensor<1x2xf32> {onnx.name = "c_prev_0"},
                 %y1: tensor<1x2xf32> {onnx.name = "y_prev_1"},
                 %c1: tensor<1x2xf32> {onnx.name = "c_prev_1"})
    -> (tensor<1x2xf32> {onnx.name = "y_0"}, tensor<1x2xf32> {onnx.name = "c_0"},
        tensor<1x2xf32> {onnx.name = "y_1"}, tensor<1x2xf32> {onnx.name = "c_1"}) {
  %W0 = arith.constant dense<[[1.0, 0.0], [0.0, 1.0], [0.0, 1.0], [0.0, 0.0], [1.0, 0.0], [0.0, 0.0]]> : tensor<6x2xf32>
  %R = arith.constant dense<0.5> : tensor<6x2xf32>
  %Z = arith.constant dense<0.0> : tensor<6x2xf32>
  %b = arith.constant dense<0.0> : tensor<6xf32>
  %theta = arith.constant dense<0.5> : tensor<2xf32>
  %e0 = event.from_dense %y0 : tensor<1x2xf32> -> !event.events<1x2xf32>
  %ya, %ca = event.egru_step %x, %e0, %c0 weights(%W0, %R) bias(%b, %b) threshold(%theta) : tensor<1x2xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
  %e1 = event.from_dense %y1 : tensor<1x2xf32> -> !event.events<1x2xf32>
  %yb, %cb = event.egru_step %ya, %e1, %c1 weights(%R, %Z) bias(%b, %b) threshold(%theta) : !event.events<1x2xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
  %da = event.to_dense %ya : !event.events<1x2xf32>
  %db = event.to_dense %yb : !event.events<1x2xf32>
  return %da, %ca, %db, %cb : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// LIF neurons with recurrent spikes through event.state: two event-driven
// matvecs, an elementwise sum (one unit-parallel population) and the
// neurons, whose membrane potential stays local.

// CHECK-LABEL: func.func @lif
// CHECK: s2.machine @machine step @lif system "chip" dvfs "PL4" {
// CHECK-NEXT: s2.population @accumulate_0 matvec units 8 rate 1.000000e+00 op "event.accumulate"
// CHECK-NEXT: s2.population @accumulate_1 matvec units 8 rate 1.000000e+00 op "event.accumulate"
// CHECK-NEXT: s2.population @elementwise_0 elementwise units 8 rate 1.000000e+00 op "linalg.add"
// CHECK-NEXT: s2.population @lif_0 generator units 8 rate 1.500000e-01 op "event.lif"
// CHECK-NEXT: s2.projection @accumulate_0 -> @elementwise_0 port "input0" fan_out 1.000000e+00 packets 8.000000e+00 delay 0
// CHECK-NEXT: s2.projection @accumulate_1 -> @elementwise_0 port "input1" fan_out 1.000000e+00 packets 8.000000e+00 delay 0
// CHECK-NEXT: s2.projection @elementwise_0 -> @lif_0 port "input" fan_out 1.000000e+00 packets 8.000000e+00 delay 0
// CHECK-NEXT: s2.projection @lif_0 -> @accumulate_1 port "input" fan_out 8.000000e+00 packets 1.200000e+00 delay 1
// CHECK-NEXT: s2.io input "arg0" [@accumulate_0]
// CHECK-NEXT: s2.io output "result0" [@lif_0]
// CHECK-NEXT: }
event.state @v : tensor<8xf32>
event.state @s : !event.events<8xf32, binary>
func.func @lif(%x: tensor<4xf32>) -> tensor<8xf32> {
  %W = arith.constant dense<0.5> : tensor<8x4xf32>
  %Wr = arith.constant dense<0.25> : tensor<8x8xf32>
  %e = event.from_dense %x : tensor<4xf32> -> !event.events<4xf32>
  %i = event.accumulate %W, %e : tensor<8x4xf32>, !event.events<4xf32>
  %sp = event.state_read @s : !event.events<8xf32, binary>
  %r = event.accumulate %Wr, %sp : tensor<8x8xf32>, !event.events<8xf32, binary>
  %empty = tensor.empty() : tensor<8xf32>
  %sum = linalg.add ins(%i, %r : tensor<8xf32>, tensor<8xf32>) outs(%empty : tensor<8xf32>) -> tensor<8xf32>
  %v = event.state_read @v : tensor<8xf32>
  %s, %v1 = event.lif %sum, %v : tensor<8xf32>
  event.state_write %v1, @v : tensor<8xf32>
  event.state_write %s, @s : !event.events<8xf32, binary>
  %d = event.to_dense %s : !event.events<8xf32, binary>
  return %d : tensor<8xf32>
}

// -----

// An embedding (a gather of a table row, unit-parallel over the columns),
// a normalisation (a reduction and a division: one vector population on
// one PE) and a decoder (a matmul with constant weights, unit n = column n).

// CHECK-LABEL: func.func @lm
// CHECK: s2.machine @machine step @lm
// CHECK-NEXT: s2.population @gather_0 gather units 4 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.population @vector_0 vector units 4 rate 1.000000e+00 op "linalg.reduce"
// CHECK-NEXT: s2.population @matmul_0 matvec units 3 rate 1.000000e+00 op "linalg.matmul"
// CHECK-NEXT: s2.projection @gather_0 -> @vector_0 port "input0" fan_out 4.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.projection @vector_0 -> @matmul_0 port "A" fan_out 1.500000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.io input "token" [@gather_0]
// CHECK-NEXT: s2.io output "logits" [@matmul_0]
// CHECK-NEXT: s2.io output "normalized" [@vector_0]
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @lm(%t: tensor<1xi64> {onnx.name = "token"})
    -> (tensor<1x3xf32> {onnx.name = "logits"}, tensor<1x4xf32> {onnx.name = "normalized"}) {
  %table = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 1.0, 2.0, 3.0]]> : tensor<3x4xf32>
  %dec = arith.constant dense<[[1.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 1.0, 1.0], [0.0, 0.0, 0.0]]> : tensor<4x3xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x4xf32>
  %g = linalg.generic {indexing_maps = [#row, #id], iterator_types = ["parallel", "parallel"]} ins(%t : tensor<1xi64>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%in: i64, %out: f32):
    %i = arith.index_cast %in : i64 to index
    %j = linalg.index 1 : index
    %v = tensor.extract %table[%i, %j] : tensor<3x4xf32>
    linalg.yield %v : f32
  } -> tensor<1x4xf32>
  %e1 = tensor.empty() : tensor<1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1xf32>) -> tensor<1xf32>
  %sum = linalg.reduce ins(%g : tensor<1x4xf32>) outs(%init : tensor<1xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  %n = linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]} ins(%g, %sum : tensor<1x4xf32>, tensor<1xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %d = arith.divf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<1x4xf32>
  %e2 = tensor.empty() : tensor<1x3xf32>
  %init2 = linalg.fill ins(%zero : f32) outs(%e2 : tensor<1x3xf32>) -> tensor<1x3xf32>
  %logits = linalg.matmul ins(%n, %dec : tensor<1x4xf32>, tensor<4x3xf32>) outs(%init2 : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %logits, %n : tensor<1x3xf32>, tensor<1x4xf32>
}

// -----

// GRU, LSTM and RNN cells (dense values: rate 1); the LSTM's c stays on its
// PE, its h is a recurrence through R.

// CHECK-LABEL: func.func @cells
// CHECK: s2.population @gru_0 cell units 2 rate 1.000000e+00 op "event.gru_step"
// CHECK-NEXT: s2.population @lstm_0 cell units 2 rate 1.000000e+00 op "event.lstm_step"
// CHECK-NEXT: s2.population @rnn_0 cell units 2 rate 1.000000e+00 op "event.rnn_step"
// CHECK-NEXT: s2.projection @gru_0 -> @gru_0 port "h" fan_out 2.000000e+00 packets 2.000000e+00 delay 1
// CHECK-NEXT: s2.projection @gru_0 -> @lstm_0 port "x" fan_out 2.000000e+00 packets 2.000000e+00 delay 0
// CHECK-NEXT: s2.projection @lstm_0 -> @lstm_0 port "h" fan_out 2.000000e+00 packets 2.000000e+00 delay 1
// CHECK-NEXT: s2.projection @lstm_0 -> @rnn_0 port "x" fan_out 2.000000e+00 packets 2.000000e+00 delay 0
// CHECK-NEXT: s2.io input "x" [@gru_0]
// CHECK-NEXT: s2.io input "h_prev" [@gru_0] state "h"
// CHECK-NEXT: s2.io input "hl_prev" [@lstm_0] state "hl"
// CHECK-NEXT: s2.io input "cl_prev" [@lstm_0] state "cl"
// CHECK-NEXT: s2.io input "r" [@rnn_0]
// CHECK-NEXT: s2.io output "h" [@gru_0]
// CHECK-NEXT: s2.io output "hl" [@lstm_0]
// CHECK-NEXT: s2.io output "cl" [@lstm_0]
// CHECK-NEXT: s2.io output "o" [@rnn_0]
func.func @cells(%x: tensor<1x2xf32> {onnx.name = "x"}, %h: tensor<1x2xf32> {onnx.name = "h_prev"},
                 %hl: tensor<1x2xf32> {onnx.name = "hl_prev"}, %cl: tensor<1x2xf32> {onnx.name = "cl_prev"},
                 %r: tensor<1x2xf32> {onnx.name = "r"})
    -> (tensor<1x2xf32> {onnx.name = "h"}, tensor<1x2xf32> {onnx.name = "hl"},
        tensor<1x2xf32> {onnx.name = "cl"}, tensor<1x2xf32> {onnx.name = "o"}) {
  %W3 = arith.constant dense<0.5> : tensor<6x2xf32>
  %b3 = arith.constant dense<0.0> : tensor<6xf32>
  %W4 = arith.constant dense<0.5> : tensor<8x2xf32>
  %b4 = arith.constant dense<0.0> : tensor<8xf32>
  %W1 = arith.constant dense<0.5> : tensor<2x2xf32>
  %b1 = arith.constant dense<0.0> : tensor<2xf32>
  %h1 = event.gru_step %x, %h weights(%W3, %W3) bias(%b3, %b3) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>
  %h2, %c2 = event.lstm_step %h1, %hl, %cl weights(%W4, %W4) bias(%b4, %b4) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<8x2xf32>, tensor<8x2xf32>, tensor<8xf32>, tensor<8xf32>
  %o = event.rnn_step %h2, %r weights(%W1, %W1) bias(%b1, %b1) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %h1, %h2, %c2, %o : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Thresholds on an event-driven matvec (EGRU-style event generation), and a
// value computed from constants only (a clamped threshold) is a parameter.

// CHECK-LABEL: func.func @gen
// CHECK: s2.population @accumulate_0 matvec units 4 rate 1.000000e+00 op "event.accumulate"
// CHECK-NEXT: s2.population @threshold_0 generator units 4 rate 1.500000e-01 op "event.threshold"
// CHECK-NEXT: s2.population @heaviside_0 generator units 4 rate 1.500000e-01 op "event.heaviside"
// CHECK-NEXT: s2.projection @accumulate_0 -> @threshold_0 port "v" fan_out 1.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.projection @threshold_0 -> @accumulate_0 port "input" fan_out 4.000000e+00 packets 6.000000e-01 delay 1
// CHECK-NEXT: s2.projection @threshold_0 -> @heaviside_0 port "x" fan_out 1.000000e+00 packets 6.000000e-01 delay 0
// CHECK-NEXT: s2.io input "y_prev" [@accumulate_0] state "y"
// CHECK-NEXT: s2.io output "y" [@threshold_0]
// CHECK-NEXT: s2.io output "v" [@threshold_0]
// CHECK-NEXT: s2.io output "s" [@heaviside_0]
#map1 = affine_map<(d0) -> (d0)>
func.func @gen(%y: tensor<4xf32> {onnx.name = "y_prev"})
    -> (tensor<4xf32> {onnx.name = "y"}, tensor<4xf32> {onnx.name = "v"},
        tensor<4xf32> {onnx.name = "s"}) {
  %W = arith.constant dense<1.0> : tensor<4x4xf32>
  %raw = arith.constant dense<[0.5, 1.5, -1.0, 0.25]> : tensor<4xf32>
  %zero = arith.constant 0.0 : f32
  %one = arith.constant 1.0 : f32
  %e0 = tensor.empty() : tensor<4xf32>
  %theta = linalg.generic {indexing_maps = [#map1, #map1], iterator_types = ["parallel"]} ins(%raw : tensor<4xf32>) outs(%e0 : tensor<4xf32>) {
  ^bb0(%in: f32, %out: f32):
    %a = arith.maximumf %in, %zero : f32
    %b = arith.minimumf %a, %one : f32
    linalg.yield %b : f32
  } -> tensor<4xf32>
  %ev = event.from_dense %y : tensor<4xf32> -> !event.events<4xf32>
  %v = event.accumulate %W, %ev : tensor<4x4xf32>, !event.events<4xf32>
  %out, %v1 = event.threshold %v, %theta : tensor<4xf32>, tensor<4xf32>
  %d = event.to_dense %out : !event.events<4xf32>
  %s = event.heaviside %d : tensor<4xf32>
  %sd = event.to_dense %s : !event.events<4xf32, binary>
  return %d, %v1, %sd : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// A SpikeGPT-like block. The residual stream h feeds a normalisation (a
// sum, then a broadcast division) and the residual addition at the end.
// Connected linalg ops used to be one population; now h, the normalisation
// and the token-shift mixing after it are one vector population that sends
// three values (h, m1, m2: 12 packets per step), while the residual
// addition stays apart: joining it would put the matmuls between two parts
// of one population (a cycle in the same step). The vector population's
// own state (s_prev, paired with the output s = n) stays on its PE: no
// projection to itself. The gate between the matmuls is one elementwise
// population.

// CHECK-LABEL: func.func @block
// CHECK: s2.machine @machine step @block
// CHECK-NEXT: s2.population @vector_0 vector units 16 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.population @matmul_0 matvec units 4 rate 1.000000e+00 op "linalg.matmul"
// CHECK-NEXT: s2.population @matmul_1 matvec units 4 rate 1.000000e+00 op "linalg.matmul"
// CHECK-NEXT: s2.population @elementwise_0 elementwise units 4 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.population @matmul_2 matvec units 4 rate 1.000000e+00 op "linalg.matmul"
// CHECK-NEXT: s2.population @elementwise_1 elementwise units 4 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.projection @vector_0 -> @matmul_0 port "A" fan_out 4.000000e+00 packets 1.200000e+01 delay 0
// CHECK-NEXT: s2.projection @vector_0 -> @matmul_1 port "A" fan_out 4.000000e+00 packets 1.200000e+01 delay 0
// CHECK-NEXT: s2.projection @vector_0 -> @elementwise_1 port "input0" fan_out 1.000000e+00 packets 1.200000e+01 delay 0
// CHECK-NEXT: s2.projection @matmul_0 -> @elementwise_0 port "input0" fan_out 1.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.projection @matmul_1 -> @elementwise_0 port "input1" fan_out 1.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.projection @elementwise_0 -> @matmul_2 port "A" fan_out 4.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.projection @matmul_2 -> @elementwise_1 port "input1" fan_out 1.000000e+00 packets 4.000000e+00 delay 0
// CHECK-NEXT: s2.io input "x" [@vector_0]
// CHECK-NEXT: s2.io input "s_prev" [@vector_0] state "s"
// CHECK-NEXT: s2.io output "y" [@elementwise_1]
// CHECK-NEXT: s2.io output "s" [@vector_0]
// CHECK-NEXT: }
#id2 = affine_map<(d0, d1) -> (d0, d1)>
#row2 = affine_map<(d0, d1) -> (d0)>
#col2 = affine_map<(d0, d1) -> (d1)>
func.func @block(%x: tensor<1x4xf32> {onnx.name = "x"}, %sp: tensor<1x4xf32> {onnx.name = "s_prev"})
    -> (tensor<1x4xf32> {onnx.name = "y"}, tensor<1x4xf32> {onnx.name = "s"}) {
  %zero = arith.constant 0.0 : f32
  %mu = arith.constant dense<[0.5, 0.25, 0.75, 1.0]> : tensor<4xf32>
  %W = arith.constant dense<0.5> : tensor<4x4xf32>
  %e = tensor.empty() : tensor<1x4xf32>
  %h = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %p = arith.addf %a, %a : f32
    linalg.yield %p : f32
  } -> tensor<1x4xf32>
  %e1 = tensor.empty() : tensor<1xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<1xf32>) -> tensor<1xf32>
  %sum = linalg.reduce ins(%h : tensor<1x4xf32>) outs(%init : tensor<1xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  %n = linalg.generic {indexing_maps = [#id2, #row2, #id2], iterator_types = ["parallel", "parallel"]} ins(%h, %sum : tensor<1x4xf32>, tensor<1xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %d = arith.divf %a, %b : f32
    linalg.yield %d : f32
  } -> tensor<1x4xf32>
  // Token shift: n * mu + s_prev and n + s_prev * mu.
  %m1 = linalg.generic {indexing_maps = [#id2, #col2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%n, %mu, %sp : tensor<1x4xf32>, tensor<4xf32>, tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %m: f32, %s: f32, %out: f32):
    %p = arith.mulf %a, %m : f32
    %q = arith.addf %p, %s : f32
    linalg.yield %q : f32
  } -> tensor<1x4xf32>
  %m2 = linalg.generic {indexing_maps = [#id2, #col2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%n, %mu, %sp : tensor<1x4xf32>, tensor<4xf32>, tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %m: f32, %s: f32, %out: f32):
    %p = arith.mulf %s, %m : f32
    %q = arith.addf %a, %p : f32
    linalg.yield %q : f32
  } -> tensor<1x4xf32>
  %z = linalg.fill ins(%zero : f32) outs(%e : tensor<1x4xf32>) -> tensor<1x4xf32>
  %k = linalg.matmul ins(%m1, %W : tensor<1x4xf32>, tensor<4x4xf32>) outs(%z : tensor<1x4xf32>) -> tensor<1x4xf32>
  %v = linalg.matmul ins(%m2, %W : tensor<1x4xf32>, tensor<4x4xf32>) outs(%z : tensor<1x4xf32>) -> tensor<1x4xf32>
  // The gate: max(k, 0) * v.
  %r = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%k : tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %out: f32):
    %p = arith.maximumf %a, %zero : f32
    linalg.yield %p : f32
  } -> tensor<1x4xf32>
  %g = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%r, %v : tensor<1x4xf32>, tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %p = arith.mulf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<1x4xf32>
  %o = linalg.matmul ins(%g, %W : tensor<1x4xf32>, tensor<4x4xf32>) outs(%z : tensor<1x4xf32>) -> tensor<1x4xf32>
  %y = linalg.generic {indexing_maps = [#id2, #id2, #id2], iterator_types = ["parallel", "parallel"]} ins(%h, %o : tensor<1x4xf32>, tensor<1x4xf32>) outs(%e : tensor<1x4xf32>) {
  ^bb0(%a: f32, %b: f32, %out: f32):
    %p = arith.addf %a, %b : f32
    linalg.yield %p : f32
  } -> tensor<1x4xf32>
  return %y, %n : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Two vector ops that fit one PE each (a 48,000-byte constant apiece) but
// not together (over half of the 96 KiB data memory) stay two vector
// populations.

// CHECK-LABEL: func.func @budget
// CHECK: s2.machine @machine step @budget
// CHECK-NEXT: s2.population @vector_0 vector units 4 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.population @vector_1 vector units 4 rate 1.000000e+00 op "linalg.generic"
// CHECK-NEXT: s2.projection @vector_0 -> @vector_1 port "input0" fan_out 4.000000e+00 packets 4.000000e+00 delay 0
#in3 = affine_map<(d0, d1) -> (d1)>
#c3 = affine_map<(d0, d1) -> (d0, d1)>
func.func @budget(%x: tensor<4xf32>) -> tensor<4xf32> {
  %c1 = arith.constant dense<0.5> : tensor<3000x4xf32>
  %c2 = arith.constant dense<0.25> : tensor<3000x4xf32>
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %a = linalg.generic {indexing_maps = [#in3, #c3, #in3], iterator_types = ["reduction", "parallel"]} ins(%x, %c1 : tensor<4xf32>, tensor<3000x4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%v: f32, %c: f32, %acc: f32):
    %p = arith.mulf %v, %c : f32
    %q = arith.addf %p, %acc : f32
    linalg.yield %q : f32
  } -> tensor<4xf32>
  %b = linalg.generic {indexing_maps = [#in3, #c3, #in3], iterator_types = ["reduction", "parallel"]} ins(%a, %c2 : tensor<4xf32>, tensor<3000x4xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%v: f32, %c: f32, %acc: f32):
    %p = arith.mulf %v, %c : f32
    %q = arith.addf %p, %acc : f32
    linalg.yield %q : f32
  } -> tensor<4xf32>
  return %b : tensor<4xf32>
}
