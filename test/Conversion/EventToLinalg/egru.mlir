// RUN: spnc-opt %s --convert-event-to-linalg | FileCheck %s

// Events become tensors in the signature; W x and R y_prev are dense
// matmuls (silent inputs contribute +-0); one generic evaluates
//   z = sigmoid((Wz x + bxz) + (Rz y + brz)), r likewise,
//   g = tanh((Wg x + bxg) + r * (Rg y + brg)),
//   c' = z * c + (1 - z) * g, o = c' > theta, y = c' * o, c = c' - o * theta.
// CHECK-LABEL: func.func @egru
// CHECK-SAME: (%[[X:[^:]*]]: tensor<2x4xf32>, %[[Y:[^:]*]]: tensor<2x3xf32>, %[[C:[^:]*]]: tensor<2x3xf32>, %[[W:[^:]*]]: tensor<9x4xf32>, %[[R:[^:]*]]: tensor<9x3xf32>, %[[BX:[^:]*]]: tensor<9xf32>, %[[BR:[^:]*]]: tensor<9xf32>, %[[TH:[^:]*]]: tensor<3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>)
// CHECK-NOT: event.
// CHECK: %[[WX:.*]] = linalg.matmul {{.*}} ins(%[[X]], %[[W]] : tensor<2x4xf32>, tensor<9x4xf32>)
// CHECK: %[[RY:.*]] = linalg.matmul {{.*}} ins(%[[Y]], %[[R]] : tensor<2x3xf32>, tensor<9x3xf32>)
// CHECK: %[[RES:.*]]:2 = linalg.generic {{.*}} ins({{.*}}, %[[C]], %[[TH]] :
// CHECK-NEXT: ^bb0(%[[az:[^:]*]]: f32, %[[ar:[^:]*]]: f32, %[[ag:[^:]*]]: f32, %[[bxz:[^:]*]]: f32, %[[bxr:[^:]*]]: f32, %[[bxg:[^:]*]]: f32, %[[rz:[^:]*]]: f32, %[[rr:[^:]*]]: f32, %[[rg:[^:]*]]: f32, %[[brz:[^:]*]]: f32, %[[brr:[^:]*]]: f32, %[[brg:[^:]*]]: f32, %[[c:[^:]*]]: f32, %[[th:[^:]*]]: f32,
// CHECK-NEXT: %[[AZ:.*]] = arith.addf %[[az]], %[[bxz]]
// CHECK-NEXT: %[[BZ:.*]] = arith.addf %[[rz]], %[[brz]]
// CHECK-NEXT: %[[PZ:.*]] = arith.addf %[[AZ]], %[[BZ]]
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00
// CHECK-NEXT: %[[NZ:.*]] = arith.negf %[[PZ]]
// CHECK-NEXT: %[[EZ:.*]] = math.exp %[[NZ]]
// CHECK-NEXT: %[[DZ:.*]] = arith.addf %[[ONE]], %[[EZ]]
// CHECK-NEXT: %[[Z:.*]] = arith.divf %[[ONE]], %[[DZ]]
// CHECK-NEXT: %[[AR:.*]] = arith.addf %[[ar]], %[[bxr]]
// CHECK-NEXT: %[[BR2:.*]] = arith.addf %[[rr]], %[[brr]]
// CHECK-NEXT: arith.addf %[[AR]], %[[BR2]]
// CHECK: %[[RG:.*]] = arith.divf
// CHECK-NEXT: %[[AG:.*]] = arith.addf %[[ag]], %[[bxg]]
// CHECK-NEXT: %[[BG:.*]] = arith.addf %[[rg]], %[[brg]]
// CHECK-NEXT: %[[RESET:.*]] = arith.mulf %[[RG]], %[[BG]]
// CHECK-NEXT: %[[PG:.*]] = arith.addf %[[AG]], %[[RESET]]
// CHECK-NEXT: %[[G:.*]] = math.tanh %[[PG]]
// CHECK-NEXT: %[[KEPT:.*]] = arith.mulf %[[Z]], %[[c]]
// CHECK-NEXT: %[[ONE2:.*]] = arith.constant 1.000000e+00
// CHECK-NEXT: %[[KEEP:.*]] = arith.subf %[[ONE2]], %[[Z]]
// CHECK-NEXT: %[[FRESH:.*]] = arith.mulf %[[KEEP]], %[[G]]
// CHECK-NEXT: %[[CN:.*]] = arith.addf %[[KEPT]], %[[FRESH]]
// CHECK-NEXT: %[[GT:.*]] = arith.cmpf ogt, %[[CN]], %[[th]]
// CHECK-NEXT: %[[O:.*]] = arith.uitofp %[[GT]] : i1 to f32
// CHECK-NEXT: %[[YN:.*]] = arith.mulf %[[CN]], %[[O]]
// CHECK-NEXT: %[[OT:.*]] = arith.mulf %[[O]], %[[th]]
// CHECK-NEXT: %[[CR:.*]] = arith.subf %[[CN]], %[[OT]]
// CHECK-NEXT: linalg.yield %[[YN]], %[[CR]] : f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1 : tensor<2x3xf32>, tensor<2x3xf32>
func.func @egru(%x: !event.events<2x4xf32, binary>, %y: !event.events<2x3xf32>, %c: tensor<2x3xf32>, %W: tensor<9x4xf32>, %R: tensor<9x3xf32>, %bx: tensor<9xf32>, %br: tensor<9xf32>, %theta: tensor<3xf32>) -> (!event.events<2x3xf32>, tensor<2x3xf32>) {
  %y1, %c1 = event.egru_step %x, %y, %c weights(%W, %R) bias(%bx, %br) threshold(%theta) : !event.events<2x4xf32, binary>, !event.events<2x3xf32>, tensor<2x3xf32>, tensor<9x4xf32>, tensor<9x3xf32>, tensor<9xf32>, tensor<9xf32>, tensor<3xf32>
  return %y1, %c1 : !event.events<2x3xf32>, tensor<2x3xf32>
}
