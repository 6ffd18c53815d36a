// RUN: spnc-opt %s -split-input-file --event-quantize-weights | FileCheck %s
// RUN: spnc-opt %s -split-input-file --event-quantize-weights=bits=4 | FileCheck %s --check-prefix=FOUR
// RUN: spnc-opt %s -split-input-file --event-quantize-weights --event-quantize-weights | FileCheck %s

// Per row, scale = max|row| / 127 and q = round(w / scale), ties to even:
// row 0 has scale 1, so 2.5 -> 2, -3.5 -> -4, 0.5 -> 0, -0.5 -> 0,
// 1.5 -> 2; row 1 (0.3, -0.7, 0.1, 0, 0, 0) has scale 0.7 / 127.
// CHECK-LABEL: func.func @accumulate
// CHECK-DAG: %[[Q:.*]] = arith.constant dense<{{\[}}[127, 2, -4, 0, 0, 2], [54, -127, 18, 0, 0, 0]]> : tensor<2x6xi8>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<[1.000000e+00, 0.005511811]> : tensor<2xf32>
// CHECK: %[[W:.*]] = event.dequantize %[[Q]], %[[S]] : tensor<2x6xi8>, tensor<2xf32> -> tensor<2x6xf32>
// CHECK: event.accumulate %[[W]], %arg0 : tensor<2x6xf32>
// With 4 bits, 7 levels: 127 -> 7, 2.5 -> 0.
// FOUR-LABEL: func.func @accumulate
// FOUR: arith.constant dense<{{\[}}[7, 0, 0, 0, 0, 0], [3, -7, 1, 0, 0, 0]]> : tensor<2x6xi8>
func.func @accumulate(%x: !event.events<6xf32>) -> tensor<2xf32> {
  %W = arith.constant dense<[[127.0, 2.5, -3.5, 0.5, -0.5, 1.5], [0.3, -0.7, 0.1, 0.0, 0.0, 0.0]]> : tensor<2x6xf32>
  %y = event.accumulate %W, %x : tensor<2x6xf32>, !event.events<6xf32>
  return %y : tensor<2xf32>
}

// -----

// A row of zeros gets scale 0; 127 / 2 = 63.5 rounds to the even 64.
// Biases and thresholds stay f32.
// CHECK-LABEL: func.func @egru
// CHECK-DAG: %[[QW:.*]] = arith.constant dense<{{\[}}[127, 64], [0, 0], [-127, 0], [0, 127], [127, 127], [127, -127]]> : tensor<6x2xi8>
// CHECK-DAG: %[[SW:.*]] = arith.constant dense<[2.000000e+00, 0.000000e+00, 1.000000e+00, 3.000000e+00, 4.000000e+00, 5.000000e+00]> : tensor<6xf32>
// CHECK-DAG: %[[W:.*]] = event.dequantize %[[QW]], %[[SW]]
// CHECK-DAG: %[[R:.*]] = event.dequantize
// CHECK: event.egru_step %arg0, %arg1, %arg2 weights(%[[W]], %[[R]]) bias(%{{.*}}, %{{.*}}) threshold(%{{.*}}) : tensor<1x2xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>
// The next chunk's maps: B is read as (n, k).
// CHECK: #[[NK:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
func.func @egru(%x: tensor<1x2xf32>, %y: !event.events<1x2xf32>, %c: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %W = arith.constant dense<[[254.0, 127.0], [0.0, 0.0], [-127.0, 0.0], [0.0, 381.0], [508.0, 508.0], [635.0, -635.0]]> : tensor<6x2xf32>
  %R = arith.constant dense<[[1.0, 0.0], [0.0, 2.0], [0.0, 3.0], [0.0, 0.0], [4.0, 0.0], [0.0, 5.0]]> : tensor<6x2xf32>
  %b = arith.constant dense<1.0> : tensor<6xf32>
  %t = arith.constant dense<0.5> : tensor<2xf32>
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t) : tensor<1x2xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
  return %c1 : tensor<1x2xf32>
}

// -----

// Rows are output units. A matmul reading its constant k-major ([K, N])
// reads the transposed integers ([N, K]) instead, with one scale per
// output; a vecmat becomes the matvec of the transposed weights.
// CHECK-LABEL: func.func @transposed
// CHECK: %[[Q:.*]] = arith.constant dense<{{\[}}[127, 64], [-127, 32]]> : tensor<2x2xi8>
// CHECK: %[[S:.*]] = arith.constant dense<[2.000000e+00, 4.000000e+00]> : tensor<2xf32>
// CHECK: %[[B:.*]] = event.dequantize %[[Q]], %[[S]] : tensor<2x2xi8>, tensor<2xf32> -> tensor<2x2xf32>
// CHECK: linalg.matmul indexing_maps = [#{{.*}}, #[[NK]], #{{.*}}] ins(%arg0, %[[B]] : tensor<1x2xf32>, tensor<2x2xf32>)
// CHECK: %[[A:.*]] = event.dequantize
// CHECK: linalg.matvec ins(%[[A]], %arg1 : tensor<2x2xf32>, tensor<2xf32>)
func.func @transposed(%x: tensor<1x2xf32>, %v: tensor<2xf32>) -> (tensor<1x2xf32>, tensor<2xf32>) {
  // Column n of B holds output n's weights: (254, 127) and (-508, 128).
  %B = arith.constant dense<[[254.0, -508.0], [127.0, 128.0]]> : tensor<2x2xf32>
  %zero = arith.constant dense<0.0> : tensor<1x2xf32>
  %y = linalg.matmul ins(%x, %B : tensor<1x2xf32>, tensor<2x2xf32>) outs(%zero : tensor<1x2xf32>) -> tensor<1x2xf32>
  %zero1 = arith.constant dense<0.0> : tensor<2xf32>
  %z = linalg.vecmat ins(%v, %B : tensor<2xf32>, tensor<2x2xf32>) outs(%zero1 : tensor<2xf32>) -> tensor<2xf32>
  return %y, %z : tensor<1x2xf32>, tensor<2xf32>
}
