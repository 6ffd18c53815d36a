// RUN: spnc-opt %s --convert-event-to-linalg -split-input-file | FileCheck %s

// Every activation of #event.activation, as the tail of an rnn_step's
// elementwise generic (constants are created where the formula reads them).

// CHECK-LABEL: func.func @relu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.maximumf %[[PRE]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @relu(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<relu>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @tanh
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[R:.*]] = math.tanh %[[PRE]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @tanh(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<tanh>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @sigmoid
// sigmoid(x) = 1 / (1 + exp(-x)).
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[NEG:.*]] = arith.negf %[[PRE]] : f32
// CHECK-NEXT: %[[E:.*]] = math.exp %[[NEG]] : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE]], %[[E]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[ONE]], %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @sigmoid(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<sigmoid>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @affine
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[A:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[PRE]] : f32
// CHECK-NEXT: %[[B:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[R:.*]] = arith.addf %[[M]], %[[B]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @affine(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<affine, alpha = 2.0, beta = 0.5>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @leaky_relu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[A:.*]] = arith.constant 2.500000e-01 : f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[PRE]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[GE:.*]] = arith.cmpf oge, %[[PRE]], %[[ZERO]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[GE]], %[[PRE]], %[[M]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @leaky_relu(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<leaky_relu, alpha = 0.25>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @thresholded_relu
// ONNX ThresholdedRelu is strict: x > alpha.
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[A:.*]] = arith.constant 1.500000e+00 : f32
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %[[PRE]], %[[A]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[GT]], %[[PRE]], %[[ZERO]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @thresholded_relu(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<thresholded_relu, alpha = 1.5>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @scaled_tanh
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[B:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[B]], %[[PRE]] : f32
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[M]] : f32
// CHECK-NEXT: %[[A:.*]] = arith.constant 2.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.mulf %[[A]], %[[T]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @scaled_tanh(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<scaled_tanh, alpha = 2.0, beta = 3.0>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @hard_sigmoid
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[A:.*]] = arith.constant 2.000000e-01 : f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[PRE]] : f32
// CHECK-NEXT: %[[B:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[M]], %[[B]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[LO:.*]] = arith.maximumf %[[S]], %[[ZERO]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[R:.*]] = arith.minimumf %[[LO]], %[[ONE]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @hard_sigmoid(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @elu
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[E:.*]] = math.exp %[[PRE]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[EM1:.*]] = arith.subf %[[E]], %[[ONE]] : f32
// CHECK-NEXT: %[[A:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[M:.*]] = arith.mulf %[[A]], %[[EM1]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[GE:.*]] = arith.cmpf oge, %[[PRE]], %[[ZERO]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.select %[[GE]], %[[PRE]], %[[M]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @elu(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<elu, alpha = 0.5>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @softsign
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[ABS:.*]] = math.absf %[[PRE]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[D:.*]] = arith.addf %[[ONE]], %[[ABS]] : f32
// CHECK-NEXT: %[[R:.*]] = arith.divf %[[PRE]], %[[D]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @softsign(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<softsign>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}

// -----

// CHECK-LABEL: func.func @softplus
// CHECK: linalg.generic
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[E:.*]] = math.exp %[[PRE]] : f32
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[S:.*]] = arith.addf %[[E]], %[[ONE]] : f32
// CHECK-NEXT: %[[R:.*]] = math.log %[[S]] : f32
// CHECK-NEXT: linalg.yield %[[R]]
func.func @softplus(%x: tensor<2xf32>, %h: tensor<2xf32>, %W: tensor<2x2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
  %r = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) {activation = #event.activation<softplus>} : tensor<2xf32>, tensor<2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %r : tensor<2xf32>
}
