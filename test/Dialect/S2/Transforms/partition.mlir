// RUN: spnc-opt %s --s2-build-populations --s2-partition --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s

// Layer 0: dense weights (0.5 everywhere). Per unit: 3 gates x (128 + 128)
// inputs x 4 B = 3072 B of weights + 28 B of biases and threshold, 36 B of
// state (c, y, six accumulators, the previous c) and a 2-byte fired-unit
// entry. Every PE also holds 4096 + 1024 B of stack and guard, a 256 B
// descriptor, the
// 512 B host input x, the 512 B y_prev it rebuilds from the layer's events,
// a producer table of 8 x 20 B (128 producer units / 16) and an event
// buffer of 87 x 14 B: 19.2 expected recurrent events per step plus 6
// standard deviations (sqrt(16.32)), for 1 step in flight + 1 step of
// delay. That leaves room for 26 units: 5 balanced slices.
// Layer 1: 2 non-zero input weights and 1 recurrent one, stored per source
// row (CSR) and gate: 6 B per non-zero + 3 x 129 x 2 B of 16-bit row starts
// per matrix (786 + 780 B); it rebuilds x and y_prev (2 x 512 B), has 16
// producer entries and its event buffer holds 2 x (38.4 + 6 x sqrt(32.64))
// = 146 events.

// CHECK: remark: partition: 6 slices on 6 PEs of 148 usable; lower bound 5 PEs
// CHECK: s2.projection @egru_0 -> @egru_1 port "x" fan_out 1.562500e-02
// CHECK: s2.projection @egru_1 -> @egru_1 port "y_prev" fan_out 7.812500e-03
// CHECK: s2.slice @egru_0 units [0, 26) memory <weights = 80600, state = 936, buffers = 7830, code = 12288>
// CHECK-NEXT: s2.slice @egru_0 units [26, 52) memory <weights = 80600, state = 936, buffers = 7830, code = 12288>
// CHECK-NEXT: s2.slice @egru_0 units [52, 78) memory <weights = 80600, state = 936, buffers = 7830, code = 12288>
// CHECK-NEXT: s2.slice @egru_0 units [78, 103) memory <weights = 77500, state = 900, buffers = 7828, code = 12288>
// CHECK-NEXT: s2.slice @egru_0 units [103, 128) memory <weights = 77500, state = 900, buffers = 7828, code = 12288>
// CHECK-NEXT: s2.slice @egru_1 units [0, 128) memory <weights = 5150, state = 4608, buffers = 9020, code = 12288>
// CHECK-NEXT: }

func.func @step(%x: tensor<1x128xf32> {onnx.name = "x"},
                %y0: tensor<1x128xf32> {onnx.name = "y_prev_0"},
                %c0: tensor<1x128xf32> {onnx.name = "c_prev_0"},
                %y1: tensor<1x128xf32> {onnx.name = "y_prev_1"},
                %c1: tensor<1x128xf32> {onnx.name = "c_prev_1"})
    -> (tensor<1x128xf32> {onnx.name = "y_0"}, tensor<1x128xf32> {onnx.name = "c_0"},
        tensor<1x128xf32> {onnx.name = "y_1"}, tensor<1x128xf32> {onnx.name = "c_1"}) {
  %W = arith.constant dense<0.5> : tensor<384x128xf32>
  %W1 = arith.constant sparse<[[0, 0], [5, 3]], [1.0, -2.0]> : tensor<384x128xf32>
  %R1 = arith.constant sparse<[[130, 7]], [1.0]> : tensor<384x128xf32>
  %b = arith.constant dense<0.0> : tensor<384xf32>
  %theta = arith.constant dense<0.5> : tensor<128xf32>
  %e0 = event.from_dense %y0 : tensor<1x128xf32> -> !event.events<1x128xf32>
  %ya, %ca = event.egru_step %x, %e0, %c0 weights(%W, %W) bias(%b, %b) threshold(%theta) : tensor<1x128xf32>, !event.events<1x128xf32>, tensor<1x128xf32>, tensor<384x128xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>, tensor<128xf32>
  %e1 = event.from_dense %y1 : tensor<1x128xf32> -> !event.events<1x128xf32>
  %yb, %cb = event.egru_step %ya, %e1, %c1 weights(%W1, %R1) bias(%b, %b) threshold(%theta) : !event.events<1x128xf32>, !event.events<1x128xf32>, tensor<1x128xf32>, tensor<384x128xf32>, tensor<384x128xf32>, tensor<384xf32>, tensor<384xf32>, tensor<128xf32>
  %da = event.to_dense %ya : !event.events<1x128xf32>
  %db = event.to_dense %yb : !event.events<1x128xf32>
  return %da, %ca, %db, %cb : tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>, tensor<1x128xf32>
}
