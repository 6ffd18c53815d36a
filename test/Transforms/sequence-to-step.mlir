// spnc-sequence-to-step: a loop over time becomes a one-step function with
// state inputs and outputs.
// RUN: spnc-opt %s -split-input-file --spnc-sequence-to-step 2>%t.err | FileCheck %s
// RUN: FileCheck %s --check-prefix=WARN < %t.err

// An RNN over 5 steps (as the ONNX converters write it): X [T, B, I] is
// read at step t, Y [T, D, B, H] written at step t, and the final state
// returned as Y_h [D, B, H]. The step reads X [B, I] and the state input
// Y_h_prev, undone into the state; Y and Y_h are the new state reshaped.
// initial_h only fed the initial state: it is gone (with a warning).
// CHECK-LABEL: func.func @main_graph(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3xf32> {onnx.name = "X", spnc.time_axis = 0 : i64},
// CHECK-SAME:    %[[PREV:.*]]: tensor<1x2x4xf32> {onnx.name = "Y_h_prev"})
// CHECK-SAME:    -> (tensor<1x2x4xf32> {onnx.name = "Y", spnc.time_axis = 0 : i64}, tensor<1x2x4xf32> {onnx.name = "Y_h"})
// CHECK-SAME:    attributes {spnc.sequence_steps = 5 : i64}
// CHECK-NOT:     scf.for
// CHECK:         %[[H:.*]] = tensor.collapse_shape %[[PREV]] {{\[\[}}0, 1], [2]] : tensor<1x2x4xf32> into tensor<2x4xf32>
// CHECK:         %[[NEXT:.*]] = event.rnn_step %[[X]], %[[H]]
// CHECK-DAG:     %[[Y:.*]] = tensor.expand_shape %[[NEXT]] {{\[\[}}0, 1], [2]] output_shape [1, 2, 4]
// CHECK-DAG:     %[[YH:.*]] = tensor.expand_shape %[[NEXT]] {{\[\[}}0, 1], [2]] output_shape [1, 2, 4]
// CHECK:         return %[[Y]], %[[YH]]
// WARN: warning: --sequence-to-step: the loop's initial state for 'Y_h' is dropped; the state input 'Y_h_prev' gives it
func.func @main_graph(%X: tensor<5x2x3xf32> {onnx.name = "X"},
                      %h0: tensor<1x2x4xf32> {onnx.name = "initial_h"})
    -> (tensor<5x1x2x4xf32> {onnx.name = "Y"}, tensor<1x2x4xf32> {onnx.name = "Y_h"}) {
  %W = arith.constant dense<0.5> : tensor<4x3xf32>
  %R = arith.constant dense<0.25> : tensor<4x4xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %init = tensor.extract_slice %h0[0, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<1x2x4xf32> to tensor<2x4xf32>
  %y0 = tensor.empty() : tensor<5x1x2x4xf32>
  %r:2 = scf.for %t = %c0 to %c5 step %c1 iter_args(%h = %init, %y = %y0) -> (tensor<2x4xf32>, tensor<5x1x2x4xf32>) {
    %x = tensor.extract_slice %X[%t, 0, 0] [1, 2, 3] [1, 1, 1] : tensor<5x2x3xf32> to tensor<2x3xf32>
    %hn = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b) : tensor<2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>
    %yn = tensor.insert_slice %hn into %y[%t, 0, 0, 0] [1, 1, 2, 4] [1, 1, 1, 1] : tensor<2x4xf32> into tensor<5x1x2x4xf32>
    scf.yield %hn, %yn : tensor<2x4xf32>, tensor<5x1x2x4xf32>
  }
  %e = tensor.empty() : tensor<1x2x4xf32>
  %yh = tensor.insert_slice %r#0 into %e[0, 0, 0] [1, 2, 4] [1, 1, 1] : tensor<2x4xf32> into tensor<1x2x4xf32>
  return %r#1, %yh : tensor<5x1x2x4xf32>, tensor<1x2x4xf32>
}

// -----

// Batch-major (ONNX layout = 1): the time axis is 1. A state that no
// output returns (an LSTM's cell state without Y_c) gets an output and a
// state input of its own; a zero initial state needs no warning.
// CHECK-LABEL: func.func @main_graph(
// CHECK-SAME:    %{{.*}}: tensor<2x3xf32> {onnx.name = "X", spnc.time_axis = 1 : i64},
// CHECK-SAME:    %{{.*}}: tensor<2x1x4xf32> {onnx.name = "Y_h_prev"},
// CHECK-SAME:    %{{.*}}: tensor<2x4xf32> {onnx.name = "spnc_state_1_prev"})
// CHECK-SAME:    -> (tensor<2x1x4xf32> {onnx.name = "Y_h"}, tensor<2x4xf32> {onnx.name = "spnc_state_1"})
// CHECK:         %[[H:.*]], %[[C:.*]] = event.lstm_step
// CHECK:         return %{{.*}}, %[[C]]
// WARN-NOT: spnc_state_1
func.func @main_graph(%X: tensor<2x5x3xf32> {onnx.name = "X"})
    -> (tensor<2x1x4xf32> {onnx.name = "Y_h"}) {
  %W = arith.constant dense<0.5> : tensor<16x3xf32>
  %R = arith.constant dense<0.25> : tensor<16x4xf32>
  %b = arith.constant dense<0.0> : tensor<16xf32>
  %zero = arith.constant dense<0.0> : tensor<2x4xf32>
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %r:2 = scf.for %t = %c0 to %c5 step %c1 iter_args(%h = %zero, %c = %zero) -> (tensor<2x4xf32>, tensor<2x4xf32>) {
    %x = tensor.extract_slice %X[0, %t, 0] [2, 1, 3] [1, 1, 1] : tensor<2x5x3xf32> to tensor<2x3xf32>
    %hn, %cn = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b) : tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>
    scf.yield %hn, %cn : tensor<2x4xf32>, tensor<2x4xf32>
  }
  %e = tensor.empty() : tensor<2x1x4xf32>
  %yh = tensor.insert_slice %r#0 into %e[0, 0, 0] [2, 1, 4] [1, 1, 1] : tensor<2x4xf32> into tensor<2x1x4xf32>
  return %yh : tensor<2x1x4xf32>
}
