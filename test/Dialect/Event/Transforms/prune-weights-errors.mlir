// RUN: spnc-opt %s -split-input-file -verify-diagnostics --event-prune-weights=density=0.25
// RUN: not spnc-opt %s --event-prune-weights=density=0 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: not spnc-opt %s --event-prune-weights=density=1.5 2>&1 | FileCheck %s --check-prefix=ABOVE
// ZERO: error: event-prune-weights: density must be in (0, 1], got 0
// ABOVE: error: event-prune-weights: density must be in (0, 1], got 1.5

// Weights the pass cannot read stay as they are, with a warning.
func.func @runtime_weights(%x: !event.events<4xf32>, %W: tensor<2x4xf32>) -> tensor<2xf32> {
  // expected-warning @+1 {{weights 'weights' of 'event.accumulate' are not pruned: it is not a constant literal (dense, splat, sparse or dense_resource)}}
  %y = event.accumulate %W, %x : tensor<2x4xf32>, !event.events<4xf32>
  return %y : tensor<2xf32>
}

// -----

func.func @elided(%x: tensor<1x2xf32>, %h: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %W = arith.constant dense_resource<__elided__> : tensor<2x2xf32>
  %R = arith.constant dense<[[0.0, 1.0], [0.0, 0.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  // expected-warning @+1 {{weights 'W' of 'event.rnn_step' are not pruned: its resource blob is not available (elided)}}
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %h1 : tensor<1x2xf32>
}

// -----

func.func @quantised(%x: !event.events<2xf32>) -> tensor<2xf32> {
  %q = arith.constant dense<[[127, -3], [5, 127]]> : tensor<2x2xi8>
  %s = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %W = event.dequantize %q, %s : tensor<2x2xi8>, tensor<2xf32> -> tensor<2x2xf32>
  // expected-warning @+1 {{weights 'weights' of 'event.accumulate' are not pruned: it is already quantised (event.dequantize)}}
  %y = event.accumulate %W, %x : tensor<2x2xf32>, !event.events<2xf32>
  return %y : tensor<2xf32>
}
