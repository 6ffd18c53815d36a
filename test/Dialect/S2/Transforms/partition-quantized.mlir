// RUN: spnc-opt %s -split-input-file --s2-build-populations --s2-partition | FileCheck %s

// The memory model reads quantised weights (event.dequantize) as 1-byte
// values plus a 4-byte scale per row, stored densely or per source row,
// whichever is smaller; their non-zero pattern (the fan-outs) is that of
// the integers, less the rows scaled by zero. Each population holds a
// threshold's 8 event sources feeding an accumulate of 64 units.

// f32, dense: 64 x 8 x 4 B (CSR would take 512 x 6 + 9 x 2 B).
// CHECK-LABEL: s2.machine @machine step @dense
// CHECK: s2.projection @threshold_0 -> @accumulate_0 port "input" fan_out 6.400000e+01
// CHECK: s2.slice @accumulate_0 units [0, 64) memory <weights = 2048,
func.func @dense(%x: tensor<1x8xf32> {onnx.name = "x"}) -> (tensor<1x64xf32> {onnx.name = "y"}) {
  %theta = arith.constant dense<0.5> : tensor<8xf32>
  %e, %v = event.threshold %x, %theta : tensor<1x8xf32>, tensor<8xf32>
  %W = arith.constant dense<0.5> : tensor<64x8xf32>
  %y = event.accumulate %W, %e : tensor<64x8xf32>, !event.events<1x8xf32>
  return %y : tensor<1x64xf32>
}

// -----

// int8, dense: 64 x 8 x 1 B + 64 x 4 B of scales.
// CHECK-LABEL: s2.machine @machine step @int8
// CHECK: s2.projection @threshold_0 -> @accumulate_0 port "input" fan_out 6.400000e+01
// CHECK: s2.slice @accumulate_0 units [0, 64) memory <weights = 768,
func.func @int8(%x: tensor<1x8xf32> {onnx.name = "x"}) -> (tensor<1x64xf32> {onnx.name = "y"}) {
  %theta = arith.constant dense<0.5> : tensor<8xf32>
  %e, %v = event.threshold %x, %theta : tensor<1x8xf32>, tensor<8xf32>
  %q = arith.constant dense<1> : tensor<64x8xi8>
  %s = arith.constant dense<[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]> : tensor<64xf32>
  %W = event.dequantize %q, %s : tensor<64x8xi8>, tensor<64xf32> -> tensor<64x8xf32>
  %y = event.accumulate %W, %e : tensor<64x8xf32>, !event.events<1x8xf32>
  return %y : tensor<1x64xf32>
}

// -----

// int8, 3 non-zeros stored per source row: 3 x (1 + 2) B + 9 x 2 B of
// 16-bit row starts, + 64 x 4 B of scales (f32 CSR: 3 x (4 + 2) + 18 B). Seen through
// a reshape of the dequantized matrix.
// CHECK-LABEL: s2.machine @machine step @int8_sparse
// CHECK: s2.projection @threshold_0 -> @accumulate_0 port "input" fan_out 3.750000e-01
// CHECK: s2.slice @accumulate_0 units [0, 64) memory <weights = 283,
func.func @int8_sparse(%x: tensor<1x8xf32> {onnx.name = "x"}) -> (tensor<1x64xf32> {onnx.name = "y"}) {
  %theta = arith.constant dense<0.5> : tensor<8xf32>
  %e, %v = event.threshold %x, %theta : tensor<1x8xf32>, tensor<8xf32>
  %q = arith.constant sparse<[[0, 0], [5, 3], [63, 7]], [1, -2, 3]> : tensor<64x8xi8>
  %s = arith.constant dense<[0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]> : tensor<64xf32>
  %W = event.dequantize %q, %s : tensor<64x8xi8>, tensor<64xf32> -> tensor<64x8xf32>
  %flat = tensor.collapse_shape %W [[0, 1]] : tensor<64x8xf32> into tensor<512xf32>
  %W2 = tensor.expand_shape %flat [[0, 1]] output_shape [64, 8] : tensor<512xf32> into tensor<64x8xf32>
  %y = event.accumulate %W2, %e : tensor<64x8xf32>, !event.events<1x8xf32>
  return %y : tensor<1x64xf32>
}

// -----

// Rows whose scale is zero hold no weights: 2 rows of 8 non-zeros, so
// every input reaches 2 units; 16 x 3 + 18 + 256 B.
// CHECK-LABEL: s2.machine @machine step @zero_scales
// CHECK: s2.projection @threshold_0 -> @accumulate_0 port "input" fan_out 2.000000e+00
// CHECK: s2.slice @accumulate_0 units [0, 64) memory <weights = 322,
func.func @zero_scales(%x: tensor<1x8xf32> {onnx.name = "x"}) -> (tensor<1x64xf32> {onnx.name = "y"}) {
  %theta = arith.constant dense<0.5> : tensor<8xf32>
  %e, %v = event.threshold %x, %theta : tensor<1x8xf32>, tensor<8xf32>
  %q = arith.constant dense<1> : tensor<64x8xi8>
  %s = arith.constant dense<[1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 2.0]> : tensor<64xf32>
  %W = event.dequantize %q, %s : tensor<64x8xi8>, tensor<64xf32> -> tensor<64x8xf32>
  %y = event.accumulate %W, %e : tensor<64x8xf32>, !event.events<1x8xf32>
  return %y : tensor<1x64xf32>
}
