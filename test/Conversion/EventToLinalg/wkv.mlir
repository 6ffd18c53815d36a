// RUN: spnc-opt %s --convert-event-to-linalg | FileCheck %s

// One generic with four results; w and u are per channel.
// CHECK-DAG: #[[ID:.*]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[CH:.*]] = affine_map<(d0, d1) -> (d1)>
// CHECK-LABEL: func.func @wkv
// CHECK: %[[RES:.*]]:4 = linalg.generic {indexing_maps = [#[[ID]], #[[ID]], #[[CH]], #[[CH]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]], #[[ID]]]
// CHECK-NEXT: ^bb0(%[[k:[^:]*]]: f32, %[[v:[^:]*]]: f32, %[[w:[^:]*]]: f32, %[[u:[^:]*]]: f32, %[[aa:[^:]*]]: f32, %[[bb:[^:]*]]: f32, %[[pp:[^:]*]]: f32,
// q = max(pp, u + k); e1 = exp(pp - q); e2 = exp((u + k) - q)
// CHECK-NEXT: %[[UK:.*]] = arith.addf %[[u]], %[[k]]
// CHECK-NEXT: %[[Q:.*]] = arith.maximumf %[[pp]], %[[UK]]
// CHECK-NEXT: %[[D1:.*]] = arith.subf %[[pp]], %[[Q]]
// CHECK-NEXT: %[[E1:.*]] = math.exp %[[D1]]
// CHECK-NEXT: %[[D2:.*]] = arith.subf %[[UK]], %[[Q]]
// CHECK-NEXT: %[[E2:.*]] = math.exp %[[D2]]
// wkv = (e1 * aa + e2 * v) / (e1 * bb + e2)
// CHECK-NEXT: %[[A1:.*]] = arith.mulf %[[E1]], %[[aa]]
// CHECK-NEXT: %[[A2:.*]] = arith.mulf %[[E2]], %[[v]]
// CHECK-NEXT: %[[NUM:.*]] = arith.addf %[[A1]], %[[A2]]
// CHECK-NEXT: %[[B1:.*]] = arith.mulf %[[E1]], %[[bb]]
// CHECK-NEXT: %[[DEN:.*]] = arith.addf %[[B1]], %[[E2]]
// CHECK-NEXT: %[[WKV:.*]] = arith.divf %[[NUM]], %[[DEN]]
// q' = max(pp + w, k); aa' = e1' * aa + e2' * v; bb' = e1' * bb + e2'
// CHECK-NEXT: %[[PPW:.*]] = arith.addf %[[pp]], %[[w]]
// CHECK-NEXT: %[[Q2:.*]] = arith.maximumf %[[PPW]], %[[k]]
// CHECK-NEXT: %[[D3:.*]] = arith.subf %[[PPW]], %[[Q2]]
// CHECK-NEXT: %[[F1:.*]] = math.exp %[[D3]]
// CHECK-NEXT: %[[D4:.*]] = arith.subf %[[k]], %[[Q2]]
// CHECK-NEXT: %[[F2:.*]] = math.exp %[[D4]]
// CHECK-NEXT: %[[C1:.*]] = arith.mulf %[[F1]], %[[aa]]
// CHECK-NEXT: %[[C2:.*]] = arith.mulf %[[F2]], %[[v]]
// CHECK-NEXT: %[[AAN:.*]] = arith.addf %[[C1]], %[[C2]]
// CHECK-NEXT: %[[C3:.*]] = arith.mulf %[[F1]], %[[bb]]
// CHECK-NEXT: %[[BBN:.*]] = arith.addf %[[C3]], %[[F2]]
// CHECK-NEXT: linalg.yield %[[WKV]], %[[AAN]], %[[BBN]], %[[Q2]] : f32, f32, f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1, %[[RES]]#2, %[[RES]]#3
func.func @wkv(%k: tensor<2x4xf32>, %v: tensor<2x4xf32>, %w: tensor<4xf32>, %u: tensor<4xf32>, %aa: tensor<2x4xf32>, %bb: tensor<2x4xf32>, %pp: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>) {
  %a, %b, %c, %d = event.wkv_step %k, %v, %w, %u, %aa, %bb, %pp : tensor<2x4xf32>, tensor<4xf32>
  return %a, %b, %c, %d : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x4xf32>
}
