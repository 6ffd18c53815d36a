// RUN: spnc-opt %s --convert-event-to-linalg -split-input-file | FileCheck %s

// linear_before_reset: one matmul for W x and one for R h over all 3H gates,
// sliced into z, r, h blocks; one generic computes
//   z = f(((Wz x + bxz) + Rz h) + brz), r likewise,
//   h~ = g((Wh x + bxh) + r * (Rh h + brh)), h' = (1 - z) * h~ + z * h.
// CHECK-LABEL: func.func @gru_linear_before_reset
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x3xf32>, %[[H:[^:]*]]: tensor<2x4xf32>, %[[W:[^:]*]]: tensor<12x3xf32>, %[[R:[^:]*]]: tensor<12x4xf32>, %[[BX:[^:]*]]: tensor<12xf32>, %[[BR:[^:]*]]: tensor<12xf32>)
// CHECK: %[[WX:.*]] = linalg.matmul {{.*}} ins(%[[X]], %[[W]] : tensor<2x3xf32>, tensor<12x3xf32>) outs(%{{.*}} : tensor<2x12xf32>)
// CHECK-DAG: %[[AZ:.*]] = tensor.extract_slice %[[WX]][0, 0] [2, 4] [1, 1]
// CHECK-DAG: %[[AR:.*]] = tensor.extract_slice %[[WX]][0, 4] [2, 4] [1, 1]
// CHECK-DAG: %[[AH:.*]] = tensor.extract_slice %[[WX]][0, 8] [2, 4] [1, 1]
// CHECK-DAG: %[[BXZ:.*]] = tensor.extract_slice %[[BX]][0] [4] [1]
// CHECK-DAG: %[[BXR:.*]] = tensor.extract_slice %[[BX]][4] [4] [1]
// CHECK-DAG: %[[BXH:.*]] = tensor.extract_slice %[[BX]][8] [4] [1]
// CHECK-DAG: %[[BRZ:.*]] = tensor.extract_slice %[[BR]][0] [4] [1]
// CHECK-DAG: %[[BRR:.*]] = tensor.extract_slice %[[BR]][4] [4] [1]
// CHECK-DAG: %[[BRH:.*]] = tensor.extract_slice %[[BR]][8] [4] [1]
// CHECK: %[[RH:.*]] = linalg.matmul {{.*}} ins(%[[H]], %[[R]] : tensor<2x4xf32>, tensor<12x4xf32>)
// CHECK-DAG: %[[CZ:.*]] = tensor.extract_slice %[[RH]][0, 0] [2, 4] [1, 1]
// CHECK-DAG: %[[CR:.*]] = tensor.extract_slice %[[RH]][0, 4] [2, 4] [1, 1]
// CHECK-DAG: %[[CH:.*]] = tensor.extract_slice %[[RH]][0, 8] [2, 4] [1, 1]
// CHECK: %[[NEXT:.*]] = linalg.generic {{.*}} ins(%[[AZ]], %[[BXZ]], %[[CZ]], %[[BRZ]], %[[AR]], %[[BXR]], %[[CR]], %[[BRR]], %[[AH]], %[[BXH]], %[[CH]], %[[BRH]], %[[H]] :
// CHECK-NEXT: ^bb0(%[[az:[^:]*]]: f32, %[[bxz:[^:]*]]: f32, %[[cz:[^:]*]]: f32, %[[brz:[^:]*]]: f32, %[[ar:[^:]*]]: f32, %[[bxr:[^:]*]]: f32, %[[cr:[^:]*]]: f32, %[[brr:[^:]*]]: f32, %[[ah:[^:]*]]: f32, %[[bxh:[^:]*]]: f32, %[[ch:[^:]*]]: f32, %[[brh:[^:]*]]: f32, %[[h:[^:]*]]: f32, %{{.*}}: f32):
// CHECK-NEXT: %[[Z1:.*]] = arith.addf %[[az]], %[[bxz]]
// CHECK-NEXT: %[[Z2:.*]] = arith.addf %[[Z1]], %[[cz]]
// CHECK-NEXT: %[[Z3:.*]] = arith.addf %[[Z2]], %[[brz]]
// CHECK-NEXT: %[[ONE_Z:.*]] = arith.constant 1.000000e+00
// CHECK-NEXT: %[[NZ:.*]] = arith.negf %[[Z3]]
// CHECK-NEXT: %[[EZ:.*]] = math.exp %[[NZ]]
// CHECK-NEXT: %[[DZ:.*]] = arith.addf %[[ONE_Z]], %[[EZ]]
// CHECK-NEXT: %[[Z:.*]] = arith.divf %[[ONE_Z]], %[[DZ]]
// CHECK-NEXT: %[[R1:.*]] = arith.addf %[[ar]], %[[bxr]]
// CHECK-NEXT: %[[R2:.*]] = arith.addf %[[R1]], %[[cr]]
// CHECK-NEXT: %[[R3:.*]] = arith.addf %[[R2]], %[[brr]]
// CHECK: %[[RGATE:.*]] = arith.divf
// CHECK-NEXT: %[[IN:.*]] = arith.addf %[[ah]], %[[bxh]]
// CHECK-NEXT: %[[REC:.*]] = arith.addf %[[ch]], %[[brh]]
// CHECK-NEXT: %[[RESET:.*]] = arith.mulf %[[RGATE]], %[[REC]]
// CHECK-NEXT: %[[PRE:.*]] = arith.addf %[[IN]], %[[RESET]]
// CHECK-NEXT: %[[CAND:.*]] = math.tanh %[[PRE]]
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00
// CHECK-NEXT: %[[KEEP:.*]] = arith.subf %[[ONE]], %[[Z]]
// CHECK-NEXT: %[[FRESH:.*]] = arith.mulf %[[KEEP]], %[[CAND]]
// CHECK-NEXT: %[[OLD:.*]] = arith.mulf %[[Z]], %[[h]]
// CHECK-NEXT: %[[SUM:.*]] = arith.addf %[[FRESH]], %[[OLD]]
// CHECK-NEXT: linalg.yield %[[SUM]]
// CHECK: return %[[NEXT]]
func.func @gru_linear_before_reset(%x: tensor<2x3xf32>, %h: tensor<2x4xf32>, %W: tensor<12x3xf32>, %R: tensor<12x4xf32>, %bx: tensor<12xf32>, %br: tensor<12xf32>) -> tensor<2x4xf32> {
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%bx, %br) {linear_before_reset = true} : tensor<2x3xf32>, tensor<2x4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>
  return %h1 : tensor<2x4xf32>
}

// -----

// linear_before_reset = false (the default): R h only over the z and r rows,
// a first generic yields z and r * h, a matvec of the h rows of R reads r * h,
// and a second generic forms h~ = g(((Wh x + bxh) + Rh (r * h)) + brh) and
// h'. Every activation input is clipped first.
// CHECK-LABEL: func.func @gru_reset_before_linear
// CHECK-SAME: (%[[X:[^:]*]]: tensor<3xf32>, %[[H:[^:]*]]: tensor<4xf32>, %[[W:[^:]*]]: tensor<12x3xf32>, %[[R:[^:]*]]: tensor<12x4xf32>
// CHECK: linalg.matvec ins(%[[W]], %[[X]] : tensor<12x3xf32>, tensor<3xf32>)
// CHECK: %[[RZR:.*]] = tensor.extract_slice %[[R]][0, 0] [8, 4] [1, 1] : tensor<12x4xf32> to tensor<8x4xf32>
// CHECK: linalg.matvec ins(%[[RZR]], %[[H]] : tensor<8x4xf32>, tensor<4xf32>) outs(%{{.*}} : tensor<8xf32>)
// CHECK: %[[ZRH:.*]]:2 = linalg.generic
// CHECK-NEXT: ^bb0(%[[az:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[ar:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[h:[^:]*]]: f32,
// CHECK-NEXT: arith.addf %[[az]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.constant -2.000000e+00
// CHECK-NEXT: arith.maximumf
// CHECK-NEXT: arith.constant 2.000000e+00
// CHECK-NEXT: arith.minimumf
// CHECK-NEXT: arith.constant 2.000000e-01
// CHECK: arith.addf %[[ar]]
// CHECK: %[[ONE:.*]] = arith.constant 1.000000e+00 : f32
// CHECK-NEXT: %[[RG:.*]] = arith.minimumf %{{.*}}, %[[ONE]] : f32
// CHECK-NEXT: %[[RESETH:.*]] = arith.mulf %[[RG]], %[[h]] : f32
// CHECK-NEXT: linalg.yield %{{.*}}, %[[RESETH]] : f32, f32
// CHECK: %[[RHH:.*]] = tensor.extract_slice %[[R]][8, 0] [4, 4] [1, 1] : tensor<12x4xf32> to tensor<4x4xf32>
// CHECK: %[[REC:.*]] = linalg.matvec ins(%[[RHH]], %[[ZRH]]#1 : tensor<4x4xf32>, tensor<4xf32>)
// CHECK: %[[NEXT:.*]] = linalg.generic {{.*}} ins(%{{.*}}, %{{.*}}, %[[REC]], %{{.*}}, %[[ZRH]]#0, %[[H]] :
// CHECK: arith.minimumf
// CHECK-NEXT: %[[ZERO:.*]] = arith.constant 0.000000e+00
// CHECK-NEXT: %[[CAND:.*]] = arith.maximumf %{{.*}}, %[[ZERO]]
// CHECK-NEXT: arith.constant 1.000000e+00
// CHECK-NEXT: arith.subf
// CHECK-NEXT: arith.mulf %{{.*}}, %[[CAND]]
// CHECK: return %[[NEXT]]
func.func @gru_reset_before_linear(%x: tensor<3xf32>, %h: tensor<4xf32>, %W: tensor<12x3xf32>, %R: tensor<12x4xf32>, %bx: tensor<12xf32>, %br: tensor<12xf32>) -> tensor<4xf32> {
  %h1 = event.gru_step %x, %h weights(%W, %R) bias(%bx, %br) {clip = 2.0 : f32, activations = [#event.activation<hard_sigmoid, alpha = 0.2, beta = 0.5>, #event.activation<relu>]} : tensor<3xf32>, tensor<4xf32>, tensor<12x3xf32>, tensor<12x4xf32>, tensor<12xf32>, tensor<12xf32>
  return %h1 : tensor<4xf32>
}
