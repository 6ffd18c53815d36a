// RUN: spnc-opt %s --convert-event-to-linalg -split-input-file | FileCheck %s

// o = v > theta (strict) as 0.0/1.0; y = v * o; v' = v - o * theta; theta
// broadcast per unit.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[UNIT:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @threshold
// CHECK-SAME: (%[[V:.*]]: tensor<2x8xf32>, %[[TH:.*]]: tensor<8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>)
// CHECK: %[[RES:.*]]:2 = linalg.generic {indexing_maps = [#[[ID]], #[[UNIT]], #[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[V]], %[[TH]] : tensor<2x8xf32>, tensor<8xf32>)
// CHECK-NEXT: ^bb0(%[[v:[^:]*]]: f32, %[[th:[^:]*]]: f32,
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %[[v]], %[[th]] : f32
// CHECK-NEXT: %[[O:.*]] = arith.uitofp %[[GT]] : i1 to f32
// CHECK-NEXT: %[[Y:.*]] = arith.mulf %[[v]], %[[O]] : f32
// CHECK-NEXT: %[[OT:.*]] = arith.mulf %[[O]], %[[th]] : f32
// CHECK-NEXT: %[[VN:.*]] = arith.subf %[[v]], %[[OT]] : f32
// CHECK-NEXT: linalg.yield %[[Y]], %[[VN]] : f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1
func.func @threshold(%v: tensor<2x8xf32>, %theta: tensor<8xf32>) -> (!event.events<2x8xf32>, tensor<2x8xf32>) {
  %y, %v1 = event.threshold %v, %theta : tensor<2x8xf32>, tensor<8xf32>
  return %y, %v1 : !event.events<2x8xf32>, tensor<2x8xf32>
}

// -----

// v1 = v + (input - v) / tau; s = v1 >= v_threshold; v' = s ? v_reset : v1.
// CHECK-LABEL: func.func @lif
// CHECK-SAME: -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: ^bb0(%[[x:[^:]*]]: f32, %[[v:[^:]*]]: f32,
// CHECK-NEXT: %[[D:.*]] = arith.subf %[[x]], %[[v]] : f32
// CHECK-NEXT: %[[TAU:.*]] = arith.constant 4.000000e+00 : f32
// CHECK-NEXT: %[[L:.*]] = arith.divf %[[D]], %[[TAU]] : f32
// CHECK-NEXT: %[[V1:.*]] = arith.addf %[[v]], %[[L]] : f32
// CHECK-NEXT: %[[TH:.*]] = arith.constant 5.000000e-01 : f32
// CHECK-NEXT: %[[S:.*]] = arith.cmpf oge, %[[V1]], %[[TH]] : f32
// CHECK-NEXT: %[[SF:.*]] = arith.uitofp %[[S]] : i1 to f32
// CHECK-NEXT: %[[RST:.*]] = arith.constant -2.500000e-01 : f32
// CHECK-NEXT: %[[VN:.*]] = arith.select %[[S]], %[[RST]], %[[V1]] : f32
// CHECK-NEXT: linalg.yield %[[SF]], %[[VN]] : f32, f32
func.func @lif(%x: tensor<4xf32>, %v: tensor<4xf32>) -> (!event.events<4xf32, binary>, tensor<4xf32>) {
  %s, %v1 = event.lif %x, %v {tau = 4.0 : f32, v_threshold = 0.5 : f32, v_reset = -0.25 : f32} : tensor<4xf32>
  return %s, %v1 : !event.events<4xf32, binary>, tensor<4xf32>
}

// -----

// strict: x > 0; otherwise x >= 0.
// CHECK-LABEL: func.func @heaviside
// CHECK-SAME: -> (tensor<3xf64>, tensor<3xf64>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %{{.*}}, %[[Z]] : f64
// CHECK-NEXT: %[[S:.*]] = arith.uitofp %[[GT]] : i1 to f64
// CHECK-NEXT: linalg.yield %[[S]] : f64
// CHECK: %[[Z2:.*]] = arith.constant 0.000000e+00 : f64
// CHECK-NEXT: %[[GE:.*]] = arith.cmpf oge, %{{.*}}, %[[Z2]] : f64
func.func @heaviside(%x: tensor<3xf64>) -> (!event.events<3xf64, binary>, !event.events<3xf64, binary>) {
  %s = event.heaviside %x : tensor<3xf64>
  %t = event.heaviside %x {strict = false} : tensor<3xf64>
  return %s, %t : !event.events<3xf64, binary>, !event.events<3xf64, binary>
}

// -----

// accumulate is the dense product W x into +0, batched or not.
// CHECK-DAG: #[[X:.*]] = affine_map<(d0, d1, d2) -> (d0, d2)>
// CHECK-DAG: #[[W:.*]] = affine_map<(d0, d1, d2) -> (d1, d2)>
// CHECK-DAG: #[[O:.*]] = affine_map<(d0, d1, d2) -> (d0, d1)>
// CHECK-LABEL: func.func @accumulate
// CHECK-SAME: (%[[WV:.*]]: tensor<8x16xf32>, %[[S:.*]]: tensor<2x16xf32>, %[[G:.*]]: tensor<16xf32>)
// CHECK: %[[Z:.*]] = arith.constant 0.000000e+00 : f32
// CHECK-NEXT: %[[F:.*]] = linalg.fill ins(%[[Z]] : f32) outs(%{{.*}} : tensor<2x8xf32>)
// CHECK-NEXT: %[[A:.*]] = linalg.matmul indexing_maps = [#[[X]], #[[W]], #[[O]]] ins(%[[S]], %[[WV]] : tensor<2x16xf32>, tensor<8x16xf32>) outs(%[[F]] : tensor<2x8xf32>)
// CHECK: %[[B:.*]] = linalg.matvec ins(%[[WV]], %[[G]] : tensor<8x16xf32>, tensor<16xf32>)
// CHECK: return %[[A]], %[[B]]
func.func @accumulate(%W: tensor<8x16xf32>, %s: !event.events<2x16xf32, binary>, %g: !event.events<16xf32>) -> (tensor<2x8xf32>, tensor<8xf32>) {
  %a = event.accumulate %W, %s : tensor<8x16xf32>, !event.events<2x16xf32, binary>
  %b = event.accumulate %W, %g : tensor<8x16xf32>, !event.events<16xf32>
  return %a, %b : tensor<2x8xf32>, tensor<8xf32>
}

// -----

// to_dense / from_dense vanish, whatever the marker.
// CHECK-LABEL: func.func @dense
// CHECK-SAME: (%[[T:.*]]: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NEXT: return %[[T]] : tensor<4xf32>
func.func @dense(%t: tensor<4xf32>) -> tensor<4xf32> {
  %e = event.from_dense %t : tensor<4xf32> -> !event.events<4xf32, binary>
  %d = event.to_dense %e : !event.events<4xf32, binary>
  %e2 = event.from_dense %d : tensor<4xf32> -> !event.events<4xf32>
  %d2 = event.to_dense %e2 : !event.events<4xf32>
  return %d2 : tensor<4xf32>
}

// -----

// Events carried by loops, passed to calls and through branches become
// tensors too.
// CHECK-LABEL: func.func private @consume(tensor<4xf32>) -> tensor<4xf32>
// CHECK-LABEL: func.func @structural
// CHECK-SAME: (%[[V:.*]]: tensor<4xf32>, %[[TH:.*]]: tensor<4xf32>, %{{.*}}: i1) -> tensor<4xf32>
// CHECK: %[[LOOP:.*]]:2 = scf.for %{{.*}} = %{{.*}} to %{{.*}} step %{{.*}} iter_args(%[[Y:.*]] = %[[V]], %[[VV:.*]] = %[[V]]) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[T:.*]]:2 = linalg.generic
// CHECK: scf.yield %[[T]]#0, %[[T]]#1 : tensor<4xf32>, tensor<4xf32>
// CHECK: %[[C:.*]] = call @consume(%[[LOOP]]#0) : (tensor<4xf32>) -> tensor<4xf32>
// CHECK: cf.cond_br %{{.*}}, ^bb1(%[[C]] : tensor<4xf32>), ^bb1(%[[LOOP]]#0 : tensor<4xf32>)
// CHECK: ^bb1(%[[R:.*]]: tensor<4xf32>):
// CHECK-NEXT: return %[[R]] : tensor<4xf32>
func.func private @consume(!event.events<4xf32>) -> !event.events<4xf32>
func.func @structural(%v: tensor<4xf32>, %theta: tensor<4xf32>, %flag: i1) -> !event.events<4xf32> {
  %c0 = arith.constant 0 : index
  %c3 = arith.constant 3 : index
  %c1 = arith.constant 1 : index
  %e0 = event.from_dense %v : tensor<4xf32> -> !event.events<4xf32>
  %r:2 = scf.for %i = %c0 to %c3 step %c1 iter_args(%y = %e0, %vv = %v) -> (!event.events<4xf32>, tensor<4xf32>) {
    %y1, %v1 = event.threshold %vv, %theta : tensor<4xf32>, tensor<4xf32>
    scf.yield %y1, %v1 : !event.events<4xf32>, tensor<4xf32>
  }
  %c = func.call @consume(%r#0) : (!event.events<4xf32>) -> !event.events<4xf32>
  cf.cond_br %flag, ^bb1(%c : !event.events<4xf32>), ^bb1(%r#0 : !event.events<4xf32>)
^bb1(%out: !event.events<4xf32>):
  return %out : !event.events<4xf32>
}
