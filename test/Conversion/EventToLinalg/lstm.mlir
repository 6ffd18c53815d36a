// RUN: spnc-opt %s --convert-event-to-linalg -split-input-file | FileCheck %s

// Gates along 4H are i, o, f, c; peepholes P = [Pi, Po, Pf]. One generic
// yields (h', c'): i and f read Pi * c and Pf * c, o reads Po * c'.
// CHECK-LABEL: func.func @lstm_peephole
// CHECK-SAME: %[[C:[^:]*]]: tensor<1x3xf32>, %[[W:[^:]*]]: tensor<12x2xf32>, %[[R:[^:]*]]: tensor<12x3xf32>, %[[BX:[^:]*]]: tensor<12xf32>, %[[BR:[^:]*]]: tensor<12xf32>, %[[P:[^:]*]]: tensor<9xf32>)
// CHECK-DAG: %[[PI:.*]] = tensor.extract_slice %[[P]][0] [3] [1]
// CHECK-DAG: %[[PO:.*]] = tensor.extract_slice %[[P]][3] [3] [1]
// CHECK-DAG: %[[PF:.*]] = tensor.extract_slice %[[P]][6] [3] [1]
// CHECK: %[[RES:.*]]:2 = linalg.generic {{.*}} ins({{.*}}, %[[C]], %[[PI]], %[[PO]], %[[PF]] : {{.*}}) outs(%{{.*}}, %{{.*}} : tensor<1x3xf32>, tensor<1x3xf32>)
// CHECK-NEXT: ^bb0(%[[ai:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[ao:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[af:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[ac:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32, %[[c:[^:]*]]: f32, %[[pi:[^:]*]]: f32, %[[po:[^:]*]]: f32, %[[pf:[^:]*]]: f32,
// i = sigmoid(((Wi x + bxi) + Ri h) + bri + Pi * c)
// CHECK-NEXT: %[[I1:.*]] = arith.addf %[[ai]],
// CHECK-NEXT: %[[I2:.*]] = arith.addf %[[I1]],
// CHECK-NEXT: %[[I3:.*]] = arith.addf %[[I2]],
// CHECK-NEXT: %[[IP:.*]] = arith.mulf %[[pi]], %[[c]]
// CHECK-NEXT: %[[IPRE:.*]] = arith.addf %[[I3]], %[[IP]]
// CHECK-NEXT: arith.constant 1.000000e+00
// CHECK-NEXT: arith.negf %[[IPRE]]
// CHECK-NEXT: math.exp
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[I:.*]] = arith.divf
// f = sigmoid(... + Pf * c)
// CHECK-NEXT: %[[F1:.*]] = arith.addf %[[af]],
// CHECK-NEXT: arith.addf %[[F1]]
// CHECK-NEXT: %[[F3:.*]] = arith.addf
// CHECK-NEXT: %[[FP:.*]] = arith.mulf %[[pf]], %[[c]]
// CHECK-NEXT: arith.addf %[[F3]], %[[FP]]
// CHECK: %[[F:.*]] = arith.divf
// c~ = tanh(pre_c); c' = f * c + i * c~
// CHECK-NEXT: arith.addf %[[ac]],
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[CPRE:.*]] = arith.addf
// CHECK-NEXT: %[[CAND:.*]] = math.tanh %[[CPRE]]
// CHECK-NEXT: %[[KEPT:.*]] = arith.mulf %[[F]], %[[c]]
// CHECK-NEXT: %[[ADDED:.*]] = arith.mulf %[[I]], %[[CAND]]
// CHECK-NEXT: %[[CN:.*]] = arith.addf %[[KEPT]], %[[ADDED]]
// o = sigmoid(... + Po * c'); h' = o * tanh(c')
// CHECK-NEXT: arith.addf %[[ao]],
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[O3:.*]] = arith.addf
// CHECK-NEXT: %[[OP:.*]] = arith.mulf %[[po]], %[[CN]]
// CHECK-NEXT: arith.addf %[[O3]], %[[OP]]
// CHECK: %[[O:.*]] = arith.divf
// CHECK-NEXT: %[[T:.*]] = math.tanh %[[CN]]
// CHECK-NEXT: %[[HN:.*]] = arith.mulf %[[O]], %[[T]]
// CHECK-NEXT: linalg.yield %[[HN]], %[[CN]] : f32, f32
// CHECK: return %[[RES]]#0, %[[RES]]#1
func.func @lstm_peephole(%x: tensor<1x2xf32>, %h: tensor<1x3xf32>, %c: tensor<1x3xf32>, %W: tensor<12x2xf32>, %R: tensor<12x3xf32>, %bx: tensor<12xf32>, %br: tensor<12xf32>, %P: tensor<9xf32>) -> (tensor<1x3xf32>, tensor<1x3xf32>) {
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%bx, %br) peephole(%P) : tensor<1x2xf32>, tensor<1x3xf32>, tensor<1x3xf32>, tensor<12x2xf32>, tensor<12x3xf32>, tensor<12xf32>, tensor<12xf32>, tensor<9xf32>
  return %h1, %c1 : tensor<1x3xf32>, tensor<1x3xf32>
}

// -----

// input_forget: f = 1 - i, no forget-gate activation; no peephole terms;
// clip before every activation including h(c'), but c' itself unclipped.
// CHECK-LABEL: func.func @lstm_input_forget
// CHECK: linalg.generic
// CHECK-NEXT: ^bb0(%[[ai:[^:]*]]: f32, {{.*}}, %[[c:[^:]*]]: f32, %{{[^:]*}}: f32, %{{[^:]*}}: f32):
// CHECK: %[[I:.*]] = arith.divf
// CHECK-NEXT: %[[ONE:.*]] = arith.constant 1.000000e+00
// CHECK-NEXT: %[[F:.*]] = arith.subf %[[ONE]], %[[I]]
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.addf
// CHECK-NEXT: arith.constant -1.500000e+00
// CHECK-NEXT: arith.maximumf
// CHECK-NEXT: arith.constant 1.500000e+00
// CHECK-NEXT: %[[CL:.*]] = arith.minimumf
// CHECK-NEXT: math.absf %[[CL]]
// CHECK-NEXT: arith.constant 1.000000e+00
// CHECK-NEXT: arith.addf
// CHECK-NEXT: %[[CAND:.*]] = arith.divf %[[CL]]
// CHECK-NEXT: %[[KEPT:.*]] = arith.mulf %[[F]], %[[c]]
// CHECK-NEXT: %[[ADDED:.*]] = arith.mulf %[[I]], %[[CAND]]
// CHECK-NEXT: %[[CN:.*]] = arith.addf %[[KEPT]], %[[ADDED]]
// CHECK-NOT: arith.mulf %{{.*}}, %[[CN]]
// CHECK: %[[O:.*]] = arith.divf
// CHECK-NEXT: arith.constant -1.500000e+00
// CHECK-NEXT: %[[M:.*]] = arith.maximumf %[[CN]],
// CHECK-NEXT: arith.constant 1.500000e+00
// CHECK-NEXT: %[[CCL:.*]] = arith.minimumf %[[M]],
// CHECK-NEXT: arith.constant 0.000000e+00
// CHECK-NEXT: %[[RELU:.*]] = arith.maximumf %[[CCL]],
// CHECK-NEXT: %[[HN:.*]] = arith.mulf %[[O]], %[[RELU]]
// CHECK-NEXT: linalg.yield %[[HN]], %[[CN]] : f32, f32
func.func @lstm_input_forget(%x: tensor<2xf32>, %h: tensor<3xf32>, %c: tensor<3xf32>, %W: tensor<12x2xf32>, %R: tensor<12x3xf32>, %bx: tensor<12xf32>, %br: tensor<12xf32>) -> (tensor<3xf32>, tensor<3xf32>) {
  %h1, %c1 = event.lstm_step %x, %h, %c weights(%W, %R) bias(%bx, %br) {input_forget = true, clip = 1.5 : f32, activations = [#event.activation<sigmoid>, #event.activation<softsign>, #event.activation<relu>]} : tensor<2xf32>, tensor<3xf32>, tensor<3xf32>, tensor<12x2xf32>, tensor<12x3xf32>, tensor<12xf32>, tensor<12xf32>
  return %h1, %c1 : tensor<3xf32>, tensor<3xf32>
}
