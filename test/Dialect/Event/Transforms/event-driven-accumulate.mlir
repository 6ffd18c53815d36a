// RUN: spnc-opt %s -split-input-file --event-driven-accumulate | FileCheck %s

// The decoder of the zoo's language model: events [1, 4] times W [3, 4]
// read as (n, k), into +0.
// CHECK-LABEL: func.func @decoder
// CHECK-SAME: (%[[E:.*]]: !event.events<1x4xf32>)
// CHECK: %[[W:.*]] = arith.constant dense<{{.*}}> : tensor<3x4xf32>
// CHECK-NEXT: %[[Y:.*]] = event.accumulate %[[W]], %[[E]] : tensor<3x4xf32>, !event.events<1x4xf32>
// CHECK-NEXT: return %[[Y]] : tensor<1x3xf32>
func.func @decoder(%e: !event.events<1x4xf32>) -> tensor<1x3xf32> {
  %zero = arith.constant 0.0 : f32
  %W = arith.constant dense<[[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0], [9.0, 10.0, 11.0, 12.0]]> : tensor<3x4xf32>
  %x = event.to_dense %e : !event.events<1x4xf32>
  %empty = tensor.empty() : tensor<1x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty : tensor<1x3xf32>) -> tensor<1x3xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %W : tensor<1x4xf32>, tensor<3x4xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %y : tensor<1x3xf32>
}

// -----

// A matvec of binary events, its accumulator a +0 literal.
// CHECK-LABEL: func.func @matvec
// CHECK: %[[Y:.*]] = event.accumulate %{{.*}}, %arg0 : tensor<2x3xf32>, !event.events<3xf32, binary>
// CHECK-NEXT: return %[[Y]] : tensor<2xf32>
func.func @matvec(%e: !event.events<3xf32, binary>) -> tensor<2xf32> {
  %A = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %x = event.to_dense %e : !event.events<3xf32, binary>
  %init = arith.constant dense<0.0> : tensor<2xf32>
  %y = linalg.matvec ins(%A, %x : tensor<2x3xf32>, tensor<3xf32>) outs(%init : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// Weights read k-major ([K, N]): the accumulate gets the transposed
// literal. The events reach the matmul through a reshape; the [N] sum is
// reshaped back to [1, N].
// CHECK-LABEL: func.func @transposed
// CHECK: %[[WT:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 3.000000e+00, 5.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00]]> : tensor<2x3xf32>
// CHECK-NEXT: %[[S:.*]] = event.accumulate %[[WT]], %arg0 : tensor<2x3xf32>, !event.events<3xf32>
// CHECK-NEXT: %[[Y:.*]] = tensor.expand_shape %[[S]] {{\[}}[0, 1]] output_shape [1, 2] : tensor<2xf32> into tensor<1x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @transposed(%e: !event.events<3xf32>) -> tensor<1x2xf32> {
  %B = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %flat = event.to_dense %e : !event.events<3xf32>
  %x = tensor.expand_shape %flat [[0, 1]] output_shape [1, 3] : tensor<3xf32> into tensor<1x3xf32>
  %init = arith.constant dense<0.0> : tensor<1x2xf32>
  %y = linalg.matmul ins(%x, %B : tensor<1x3xf32>, tensor<3x2xf32>) outs(%init : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Quantised weights (event.dequantize) are constant too; a dense vector
// that went through events and back is still their events.
// CHECK-LABEL: func.func @quantised
// CHECK: %[[W:.*]] = event.dequantize
// CHECK: %[[E:.*]] = event.from_dense %arg0
// CHECK-NEXT: %[[Y:.*]] = event.accumulate %[[W]], %[[E]] : tensor<2x2xf32>, !event.events<1x2xf32>
// CHECK-NEXT: return %[[Y]]
func.func @quantised(%d: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %q = arith.constant dense<[[127, -3], [5, 127]]> : tensor<2x2xi8>
  %s = arith.constant dense<[0.5, 0.25]> : tensor<2xf32>
  %W = event.dequantize %q, %s : tensor<2x2xi8>, tensor<2xf32> -> tensor<2x2xf32>
  %e = event.from_dense %d : tensor<1x2xf32> -> !event.events<1x2xf32>
  %x = event.to_dense %e : !event.events<1x2xf32>
  %init = arith.constant dense<0.0> : tensor<1x2xf32>
  %y = linalg.matmul indexing_maps = [affine_map<(m, n, k) -> (m, k)>, affine_map<(m, n, k) -> (n, k)>, affine_map<(m, n, k) -> (m, n)>]
         ins(%x, %W : tensor<1x2xf32>, tensor<2x2xf32>) outs(%init : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y : tensor<1x2xf32>
}

// -----

// Left alone: a dense vector, a bias in the accumulator (b + W x sums in
// another order than W x + b), a -0 accumulator, a batch of 2, and
// quantised weights read k-major (no literal to transpose).
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT: event.accumulate
// CHECK-COUNT-5: linalg.matmul
// CHECK-NOT: event.accumulate
func.func @left_alone(%dense: tensor<1x3xf32>, %e: !event.events<1x3xf32>, %batch: !event.events<2x3xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<1x3xf32>) {
  %B = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>
  %zero = arith.constant dense<0.0> : tensor<1x2xf32>
  %bias = arith.constant dense<[[0.5, 0.25]]> : tensor<1x2xf32>
  %negzero = arith.constant dense<-0.0> : tensor<1x2xf32>
  %x = event.to_dense %e : !event.events<1x3xf32>
  %a = linalg.matmul ins(%dense, %B : tensor<1x3xf32>, tensor<3x2xf32>) outs(%zero : tensor<1x2xf32>) -> tensor<1x2xf32>
  %b = linalg.matmul ins(%x, %B : tensor<1x3xf32>, tensor<3x2xf32>) outs(%bias : tensor<1x2xf32>) -> tensor<1x2xf32>
  %c = linalg.matmul ins(%x, %B : tensor<1x3xf32>, tensor<3x2xf32>) outs(%negzero : tensor<1x2xf32>) -> tensor<1x2xf32>
  %xb = event.to_dense %batch : !event.events<2x3xf32>
  %zero2 = arith.constant dense<0.0> : tensor<2x2xf32>
  %d = linalg.matmul ins(%xb, %B : tensor<2x3xf32>, tensor<3x2xf32>) outs(%zero2 : tensor<2x2xf32>) -> tensor<2x2xf32>
  %q = arith.constant dense<[[1, 2, 3], [4, 5, 6], [7, 8, 9]]> : tensor<3x3xi8>
  %s = arith.constant dense<[0.5, 0.25, 1.0]> : tensor<3xf32>
  %Wq = event.dequantize %q, %s : tensor<3x3xi8>, tensor<3xf32> -> tensor<3x3xf32>
  %zero3 = arith.constant dense<0.0> : tensor<1x3xf32>
  %f = linalg.matmul ins(%x, %Wq : tensor<1x3xf32>, tensor<3x3xf32>) outs(%zero3 : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %a, %b, %c, %d, %f : tensor<1x2xf32>, tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<1x3xf32>
}
