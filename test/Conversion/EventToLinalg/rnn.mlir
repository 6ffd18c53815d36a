// RUN: spnc-opt %s --convert-event-to-linalg -split-input-file | FileCheck %s

// Batched: W x and R h are linalg.matmuls that read W/R transposed and
// accumulate into +0; the rest is one elementwise generic evaluating
// act(clip(((Wx + bx) + Rh) + br)) left to right, biases broadcast per unit.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[OUT:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[UNIT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @rnn_batched
// CHECK-SAME: (%[[XV:.*]]: tensor<2x3xf32>, %[[H:.*]]: tensor<2x4xf32>, %[[WV:.*]]: tensor<4x3xf32>, %[[R:.*]]: tensor<4x4xf32>, %[[BX:.*]]: tensor<4xf32>, %[[BR:.*]]: tensor<4xf32>)
// CHECK-NOT: event.
// CHECK: %[[Z0:.*]] = arith.constant 0.000000e+00 : f32
// CHECK: %[[F0:.*]] = linalg.fill ins(%[[Z0]] : f32) outs(%{{.*}} : tensor<2x4xf32>)
// CHECK: %[[WX:.*]] = linalg.matmul indexing_maps = [#[[X]], #[[W]], #[[OUT]]] ins(%[[XV]], %[[WV]] : tensor<2x3xf32>, tensor<4x3xf32>) outs(%[[F0]] : tensor<2x4xf32>)
// CHECK: %[[F1:.*]] = linalg.fill
// CHECK: %[[RH:.*]] = linalg.matmul indexing_maps = [#[[X]], #[[W]], #[[OUT]]] ins(%[[H]], %[[R]] : tensor<2x4xf32>, tensor<4x4xf32>) outs(%[[F1]] : tensor<2x4xf32>)
// CHECK: %[[RES:.*]] = linalg.generic {indexing_maps = [#[[ID]], #[[UNIT]], #[[ID]], #[[UNIT]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[WX]], %[[BX]], %[[RH]], %[[BR]] :
// CHECK-NEXT: ^bb0(%[[A:.*]]: f32, %[[B:.*]]: f32, %[[C:.*]]: f32, %[[D:.*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[S1:.*]] = arith.addf %[[A]], %[[B]] : f32
// CHECK-NEXT: %[[S2:.*]] = arith.addf %[[S1]], %[[C]] : f32
// CHECK-NEXT: %[[S3:.*]] = arith.addf %[[S2]], %[[D]] : f32
// CHECK-NEXT: %[[LO:.*]] = arith.constant -3.000000e+00 : f32
// CHECK-NEXT: %[[M1:.*]] = arith.maximumf %[[S3]], %[[LO]] : f32
// CHECK-NEXT: %[[HI:.*]] = arith.constant 3.000000e+00 : f32
// CHECK-NEXT: %[[CL:.*]] = arith.minimumf %[[M1]], %[[HI]] : f32
// CHECK-NEXT: %[[ALPHA:.*]] = arith.constant 1.000000e-01 : f32
// CHECK-NEXT: %[[NEG:.*]] = arith.mulf %[[ALPHA]], %[[CL]] : f32
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[GE:.*]] = arith.cmpf oge, %[[CL]], %[[ZERO]] : f32
// CHECK-NEXT: %[[SEL:.*]] = arith.select %[[GE]], %[[CL]], %[[NEG]] : f32
// CHECK-NEXT: linalg.yield %[[SEL]] : f32
// CHECK: return %[[RES]] : tensor<2x4xf32>
func.func @rnn_batched(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %W: tensor<4x3xf32>, %R: tensor<4x4xf32>, %bx: tensor<4xf32>, %br: tensor<4xf32>) -> tensor<2x4xf32> {
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%bx, %br) {activation = #event.activation<leaky_relu, alpha = 0.1>, clip = 3.0 : f32} : tensor<2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>
  return %h1 : tensor<2x4xf32>
}

// -----

// Unbatched f64: linalg.matvec, default tanh, no clamp without clip.
// CHECK-LABEL: func.func @rnn_unbatched
// CHECK-SAME: (%[[X:.*]]: tensor<3xf64>, %[[H:.*]]: tensor<4xf64>, %[[W:.*]]: tensor<4x3xf64>, %[[R:.*]]: tensor<4x4xf64>
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK: %[[F0:.*]] = linalg.fill ins(%[[Z]] : f64) outs(%{{.*}} : tensor<4xf64>)
// CHECK: linalg.matvec ins(%[[W]], %[[X]] : tensor<4x3xf64>, tensor<3xf64>) outs(%[[F0]] : tensor<4xf64>)
// CHECK: linalg.matvec ins(%[[R]], %[[H]] : tensor<4x4xf64>, tensor<4xf64>)
// CHECK: linalg.generic
// CHECK-NOT: arith.maximumf
// CHECK: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[PRE:.*]] = arith.addf
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[PRE]] : f64
// CHECK-NEXT: linalg.yield %[[T]] : f64
func.func @rnn_unbatched(%x: tensor<3xf64>, %h: tensor<4xf64>, %W: tensor<4x3xf64>, %R: tensor<4x4xf64>, %bx: tensor<4xf64>, %br: tensor<4xf64>) -> tensor<4xf64> {
  %h1 = event.rnn_step %x, %h weights(%W, %R) bias(%bx, %br) : tensor<3xf64>, tensor<4xf64>, tensor<4x3xf64>, tensor<4x4xf64>, tensor<4xf64>, tensor<4xf64>
  return %h1 : tensor<4xf64>
}
