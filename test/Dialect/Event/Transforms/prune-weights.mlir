// RUN: spnc-opt %s -split-input-file --event-prune-weights=density=0.5 | FileCheck %s
// RUN: spnc-opt %s -split-input-file --event-prune-weights="density=0.5 min-elements=16" | FileCheck %s --check-prefix=MIN

// Magnitude pruning keeps round(0.5 x 8) = 4 weights: 4, 3 and, of the
// three 2s, the two earliest (row-major); -0.0 already counts as zero and
// stays.
// CHECK-LABEL: func.func @accumulate
// CHECK: %[[W:.*]] = arith.constant dense<{{\[}}[0.000000e+00, -4.000000e+00, 2.000000e+00, 0.000000e+00], [-3.000000e+00, 2.000000e+00, -0.000000e+00, 0.000000e+00]]> : tensor<2x4xf32>
// CHECK-NOT: arith.constant
// CHECK: event.accumulate %[[W]], %arg0
// Matrices under min-elements stay dense.
// MIN-LABEL: func.func @accumulate
// MIN: arith.constant dense<{{\[}}[1.000000e+00, -4.000000e+00, 2.000000e+00, 5.000000e-01], [-3.000000e+00, 2.000000e+00, -0.000000e+00, -2.000000e+00]]>
func.func @accumulate(%x: !event.events<4xf32>) -> tensor<2xf32> {
  %W = arith.constant dense<[[1.0, -4.0, 2.0, 0.5], [-3.0, 2.0, -0.0, -2.0]]> : tensor<2x4xf32>
  %y = event.accumulate %W, %x : tensor<2x4xf32>, !event.events<4xf32>
  return %y : tensor<2xf32>
}

// -----

// W and R of a cell are pruned separately: W [6, 2] keeps its 6 largest
// magnitudes (NaN counting as the largest), R has 5 non-zeros of 12 and is
// already sparser than asked. Biases are not weight matrices.
// CHECK-LABEL: func.func @egru
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 0.000000e+00], [0.000000e+00, 0.000000e+00], [0.000000e+00, 0x7FC00000], [7.000000e+00, -8.000000e+00], [9.000000e+00, 1.000000e+01], [-1.100000e+01, 0.000000e+00]]> : tensor<6x2xf32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 0.000000e+00], [0.000000e+00, 2.000000e+00], [0.000000e+00, 3.000000e+00], [0.000000e+00, 0.000000e+00], [4.000000e+00, 0.000000e+00], [0.000000e+00, 5.000000e+00]]> : tensor<6x2xf32>
// CHECK-DAG: %[[B:.*]] = arith.constant dense<1.000000e+00> : tensor<6xf32>
// CHECK: event.egru_step %arg0, %arg1, %arg2 weights(%[[W]], %[[R]]) bias(%[[B]], %[[B]])
func.func @egru(%x: tensor<1x2xf32>, %y: !event.events<1x2xf32>, %c: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %W = arith.constant dense<[[1.0, -2.0], [3.0, -4.0], [5.0, 0x7FC00000], [7.0, -8.0], [9.0, 10.0], [-11.0, 0.0]]> : tensor<6x2xf32>
  %R = arith.constant dense<[[1.0, 0.0], [0.0, 2.0], [0.0, 3.0], [0.0, 0.0], [4.0, 0.0], [0.0, 5.0]]> : tensor<6x2xf32>
  %b = arith.constant dense<1.0> : tensor<6xf32>
  %t = arith.constant dense<0.5> : tensor<2xf32>
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%b, %b) threshold(%t) : tensor<1x2xf32>, !event.events<1x2xf32>, tensor<1x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
  return %c1 : tensor<1x2xf32>
}

// -----

// A splat: every magnitude ties, so the first half is kept.
// CHECK-LABEL: func.func @splat_matvec
// CHECK: %[[A:.*]] = arith.constant dense<{{\[}}[2.500000e-01, 2.500000e-01, 2.500000e-01], [0.000000e+00, 0.000000e+00, 0.000000e+00]]> : tensor<2x3xf32>
// CHECK: linalg.matvec ins(%[[A]], %arg0 : tensor<2x3xf32>, tensor<3xf32>)
func.func @splat_matvec(%x: tensor<3xf32>) -> tensor<2xf32> {
  %A = arith.constant dense<0.25> : tensor<2x3xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %y = linalg.matvec ins(%A, %x : tensor<2x3xf32>, tensor<3xf32>) outs(%zero : tensor<2xf32>) -> tensor<2xf32>
  return %y : tensor<2xf32>
}

// -----

// A constant shared with another user is pruned for the layer op only; a
// matrix seen through a reshape is pruned in the operand's shape, and the
// reshape and its literal go once unused.
// CHECK-LABEL: func.func @shared
// CHECK: %[[OLD:.*]] = arith.constant dense<{{\[}}[1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: %[[NEW:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 0.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: event.accumulate %[[NEW]], %arg0
// CHECK-NOT: tensor.expand_shape
// CHECK: %[[FLAT:.*]] = arith.constant dense<{{\[}}[0.000000e+00, 6.000000e+00], [0.000000e+00, 8.000000e+00]]> : tensor<2x2xf32>
// CHECK: event.accumulate %[[FLAT]], %arg0
// CHECK: return %[[OLD]],
func.func @shared(%x: !event.events<2xf32>) -> (tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>) {
  %W = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %y = event.accumulate %W, %x : tensor<2x2xf32>, !event.events<2xf32>
  %flat = arith.constant dense<[5.0, 6.0, 5.5, 8.0]> : tensor<4xf32>
  %V = tensor.expand_shape %flat [[0, 1]] output_shape [2, 2] : tensor<4xf32> into tensor<2x2xf32>
  %z = event.accumulate %V, %x : tensor<2x2xf32>, !event.events<2xf32>
  return %W, %y, %z : tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
}

// -----

// A matmul's constant operand; a product of two run-time values has no
// weights.
// CHECK-LABEL: func.func @matmul
// CHECK: %[[B:.*]] = arith.constant dense<{{\[}}[0.000000e+00, -2.000000e+00], [0.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: linalg.matmul ins(%arg0, %[[B]] :
// CHECK: linalg.matmul ins(%arg0, %arg1 :
func.func @matmul(%x: tensor<1x2xf32>, %v: tensor<2x2xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %B = arith.constant dense<[[1.0, -2.0], [-1.0, 4.0]]> : tensor<2x2xf32>
  %zero = arith.constant dense<0.0> : tensor<1x2xf32>
  %y = linalg.matmul ins(%x, %B : tensor<1x2xf32>, tensor<2x2xf32>) outs(%zero : tensor<1x2xf32>) -> tensor<1x2xf32>
  %z = linalg.matmul ins(%x, %v : tensor<1x2xf32>, tensor<2x2xf32>) outs(%zero : tensor<1x2xf32>) -> tensor<1x2xf32>
  return %y, %z : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// A sparse literal is read as the matrix it stands for (5 non-zeros, 4
// kept) and written as a resource blob.
// CHECK-LABEL: func.func @sparse
// CHECK: %[[W:.*]] = arith.constant dense_resource<sparse_weights_pruned> : tensor<2x4xf32>
// CHECK: event.accumulate %[[W]], %arg0
// [[0, 0, -3, 0], [1.5, 0, 1.25, 2.5]]
// CHECK: sparse_weights_pruned: "0x040000000000000000000000000040C0000000000000C03F000000000000A03F00002040"
func.func @sparse(%x: !event.events<4xf32>) -> tensor<2xf32> {
  %W = arith.constant sparse<[[0, 2], [1, 0], [1, 2], [1, 3], [0, 1]], [-3.0, 1.5, 1.25, 2.5, 0.5]> : tensor<2x4xf32>
  %y = event.accumulate %W, %x : tensor<2x4xf32>, !event.events<4xf32>
  return %y : tensor<2xf32>
}

// -----

// Resource blobs stay resource blobs (a new one for the pruned matrix).
// CHECK-LABEL: func.func @resource
// CHECK: %[[W:.*]] = arith.constant dense_resource<blob_pruned> : tensor<2x2xf32>
// CHECK: event.accumulate %[[W]], %arg0
// [[0.0, 0.0], [3.0, -4.0]]
// CHECK: blob_pruned: "0x04000000000000000000000000004040000080C0"
func.func @resource(%x: !event.events<2xf32>) -> tensor<2xf32> {
  %W = arith.constant dense_resource<blob> : tensor<2x2xf32>
  %y = event.accumulate %W, %x : tensor<2x2xf32>, !event.events<2xf32>
  return %y : tensor<2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      // [[1.0, -2.0], [3.0, -4.0]]
      blob: "0x040000000000803F000000C000004040000080C0"
    }
  }
#-}
