// spnc-split-batch: a cell step over B rows becomes B one-row steps; the
// rows are selected and stacked by linalg.generic ops.
// RUN: spnc-opt %s --pass-pipeline="builtin.module(func.func(spnc-split-batch))" | FileCheck %s

// CHECK-DAG: #[[ROW0:.*]] = affine_map<(d0, d1) -> (0, d1)>
// CHECK-DAG: #[[ROW1:.*]] = affine_map<(d0, d1) -> (1, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-LABEL: func.func @lstm(
// CHECK-SAME:    %[[X:.*]]: tensor<2x3xf32>, %[[H:.*]]: tensor<2x4xf32>, %[[C:.*]]: tensor<2x4xf32>)
// Row b of every batched operand, in order.
// CHECK:       %[[X0:.*]] = linalg.generic {indexing_maps = [#[[ROW0]], #[[ID]]]{{.*}} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<1x3xf32>)
// CHECK:       %[[X1:.*]] = linalg.generic {indexing_maps = [#[[ROW1]], #[[ID]]]{{.*}} ins(%[[X]] : tensor<2x3xf32>) outs(%{{.*}} : tensor<1x3xf32>)
// CHECK:       %[[H0:.*]] = linalg.generic {{.*}} ins(%[[H]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK:       %[[H1:.*]] = linalg.generic {{.*}} ins(%[[H]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK:       %[[C0:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// CHECK:       %[[C1:.*]] = linalg.generic {{.*}} ins(%[[C]] : tensor<2x4xf32>) outs(%{{.*}} : tensor<1x4xf32>)
// One step per row, sharing the weights and attributes.
// CHECK:       %[[HN0:.*]], %[[CN0:.*]] = event.lstm_step %[[X0]], %[[H0]], %[[C0]] weights(%[[W:.*]], %[[R:.*]]) bias({{.*}}) peephole(%{{.*}}) {clip = 3.000000e+00 : f32} : tensor<1x3xf32>, tensor<1x4xf32>, tensor<1x4xf32>
// CHECK:       %[[HN1:.*]], %[[CN1:.*]] = event.lstm_step %[[X1]], %[[H1]], %[[C1]] weights(%[[W]], %[[R]])
// The rows stacked again: element (b, n) of row b.
// CHECK:       %[[HS:.*]] = linalg.generic {indexing_maps = [#[[ROW0]], #[[ROW0]], #[[ID]]]{{.*}} ins(%[[HN0]], %[[HN1]] : tensor<1x4xf32>, tensor<1x4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:         %[[I:.*]] = linalg.index 0 : index
// CHECK:         %[[IS0:.*]] = arith.cmpi eq, %[[I]], %c0
// CHECK:         arith.select %[[IS0]]
// CHECK:       %[[CS:.*]] = linalg.generic {{.*}} ins(%[[CN0]], %[[CN1]] : tensor<1x4xf32>, tensor<1x4xf32>) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK:       return %[[HS]], %[[CS]]
func.func @lstm(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %c: tensor<2x4xf32>)
    -> (tensor<2x4xf32>, tensor<2x4xf32>) {
  %W = arith.constant dense<0.5> : tensor<16x3xf32>
  %R = arith.constant dense<0.25> : tensor<16x4xf32>
  %b = arith.constant dense<0.0> : tensor<16xf32>
  %p = arith.constant dense<0.125> : tensor<12xf32>
  %hn, %cn = event.lstm_step %x, %h, %c weights(%W, %R) bias(%b, %b) peephole(%p) {clip = 3.0 : f32} : tensor<2x3xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<16x3xf32>, tensor<16x4xf32>, tensor<16xf32>, tensor<16xf32>, tensor<12xf32>
  return %hn, %cn : tensor<2x4xf32>, tensor<2x4xf32>
}

// Batch 1 and unbatched steps are left alone.
// CHECK-LABEL: func.func @single(
// CHECK-NOT:   linalg.generic
// CHECK:       event.gru_step
// CHECK-NOT:   linalg.generic
// CHECK:       event.rnn_step
// CHECK-NOT:   linalg.generic
func.func @single(%x: tensor<1x3xf32>, %h: tensor<1x4xf32>, %xu: tensor<3xf32>, %hu: tensor<4xf32>)
    -> (tensor<1x4xf32>, tensor<4xf32>) {
  %W = arith.constant dense<0.5> : tensor<12x3xf32>
  %R = arith.constant dense<0.25> : tensor<12x4xf32>
  %b = arith.constant dense<0.0> : tensor<12xf32>
  %Wr = arith.constant dense<0.5> : tensor<4x3xf32>
  %Rr = arith.constant dense<0.25> : tensor<4x4xf32>
  %br = arith.constant dense<0.0> : tensor<4xf32>
  %g = event.gru_step %x, %h weights(%W, %R) bias(%b, %b) : tensor<1x3xf32>, tensor<1x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>
  %r = event.rnn_step %xu, %hu weights(%Wr, %Rr) bias(%br, %br) : tensor<3xf32>, tensor<4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>
  return %g, %r : tensor<1x4xf32>, tensor<4xf32>
}
