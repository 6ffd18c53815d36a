// What the mapping says about models that take their weights as graph
// inputs, and how batches map after spnc-split-batch.
// RUN: spnc-opt %s -split-input-file -verify-diagnostics --s2-build-populations

func.func @weights(%x: tensor<1x2xf32>, %h: tensor<1x2xf32>, %W: tensor<2x2xf32> {onnx.name = "W"}) -> tensor<1x2xf32> {
  %b = arith.constant dense<0.0> : tensor<2xf32>
  // expected-error @+1 {{operand 'W' is computed at run time; the chip needs constant weights and parameters (a graph input can be bound to a file with --bind-input=NAME=FILE)}}
  %o = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %o : tensor<1x2xf32>
}

// -----

// Without spnc-split-batch, a batch of 2 is refused.
func.func @batch(%x: tensor<2x2xf32>, %h: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %W = arith.constant dense<0.5> : tensor<2x2xf32>
  %b = arith.constant dense<0.0> : tensor<2xf32>
  // expected-error @+1 {{batch of 2 (one sample per step is supported; run with --target=host)}}
  %o = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %o : tensor<2x2xf32>
}
