// RUN: spnc-opt %s -split-input-file -verify-diagnostics --event-quantize-weights
// RUN: not spnc-opt %s --event-quantize-weights=bits=9 2>&1 | FileCheck %s --check-prefix=BITS
// BITS: error: event-quantize-weights: bits must be between 2 and 8, got 9

func.func @not_finite(%x: !event.events<2xf32>) -> tensor<2xf32> {
  %W = arith.constant dense<[[1.0, 2.0], [0x7F800000, 1.0]]> : tensor<2x2xf32>
  // expected-error @+1 {{cannot quantise weights 'weights' of 'event.accumulate': element [1, 0] is inf}}
  %y = event.accumulate %W, %x : tensor<2x2xf32>, !event.events<2xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @f16(%x: !event.events<2xf16>) -> tensor<2xf16> {
  %W = arith.constant dense<[[1.0, 2.0], [3.0, 1.0]]> : tensor<2x2xf16>
  // expected-warning @+1 {{weights 'weights' of 'event.accumulate' are not quantised: only f32 weights are, got 'f16'}}
  %y = event.accumulate %W, %x : tensor<2x2xf16>, !event.events<2xf16>
  return %y : tensor<2xf16>
}

// -----

func.func @runtime_weights(%x: tensor<1x2xf32>, %h: tensor<1x2xf32>, %R: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %W = arith.constant dense<[[1.0, 2.0], [3.0, 1.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  // expected-warning @+1 {{weights 'R' of 'event.rnn_step' are not quantised: it is not a constant literal (dense, splat, sparse or dense_resource)}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %h1 : tensor<1x2xf32>
}
