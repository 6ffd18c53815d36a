// A dense 3 x 4096 EGRU (input 256) cannot be mapped: one unit of layer 0
// needs 3 gates x (256 + 4096) inputs x 4 B = 51 KiB of weights, and every
// PE of the layer also rebuilds the 16 KiB y_prev from the layer's events,
// keeps a producer table for its 256 producer slices and buffers 2 steps of
// 614 expected events (+ 6 sigma); layer 1 would need 96 KiB of weights per
// unit alone. spnc stops at partitioning with the per-core memory table
// and the amount over, and exits non-zero.
// RUN: not spnc %s --emit=mapped -o %t.mlir 2>&1 | FileCheck %s
// RUN: not spnc %s --emit=mapped --target-system=board48 -o %t.mlir 2>&1 | FileCheck %s --check-prefix=BOARD

// CHECK: error: the model does not fit system 'chip': population 'egru_0' does not fit a PE even with one unit per PE: its data needs 101250 B of 98304 B (over by 2946 B)
// CHECK-NEXT: population PEs units/PE weights state buffers data code over the limit
// CHECK-NEXT: egru_0 0 1 52252 36 48962 101250 12288 data by 2946 B
// CHECK-NEXT: (per PE limits: data 98304 B, code 32768 B; bytes per PE of the largest slice)
// CHECK-NOT: remark
// BOARD: error: the model does not fit system 'board48': population 'egru_0' does not fit a PE
func.func @step(%x: tensor<1x256xf32> {onnx.name = "x"}, %y0: tensor<1x4096xf32> {onnx.name = "y_prev_0"}, %c0: tensor<1x4096xf32> {onnx.name = "c_prev_0"}, %y1: tensor<1x4096xf32> {onnx.name = "y_prev_1"}, %c1: tensor<1x4096xf32> {onnx.name = "c_prev_1"}, %y2: tensor<1x4096xf32> {onnx.name = "y_prev_2"}, %c2: tensor<1x4096xf32> {onnx.name = "c_prev_2"})
    -> (tensor<1x4096xf32> {onnx.name = "y_0"}, tensor<1x4096xf32> {onnx.name = "c_0"}, tensor<1x4096xf32> {onnx.name = "y_1"}, tensor<1x4096xf32> {onnx.name = "c_1"}, tensor<1x4096xf32> {onnx.name = "y_2"}, tensor<1x4096xf32> {onnx.name = "c_2"}) {
  %W0 = arith.constant dense<0.01> : tensor<12288x256xf32>
  %W = arith.constant dense<0.01> : tensor<12288x4096xf32>
  %b = arith.constant dense<0.0> : tensor<12288xf32>
  %t = arith.constant dense<0.5> : tensor<4096xf32>
  %e0 = event.from_dense %y0 : tensor<1x4096xf32> -> !event.events<1x4096xf32>
  %o0, %s0 = event.egru_step %x, %e0, %c0 weights(%W0, %W) bias(%b, %b) threshold(%t) : tensor<1x256xf32>, !event.events<1x4096xf32>, tensor<1x4096xf32>, tensor<12288x256xf32>, tensor<12288x4096xf32>, tensor<12288xf32>, tensor<12288xf32>, tensor<4096xf32>
  %d0 = event.to_dense %o0 : !event.events<1x4096xf32>
  %e1 = event.from_dense %y1 : tensor<1x4096xf32> -> !event.events<1x4096xf32>
  %o1, %s1 = event.egru_step %o0, %e1, %c1 weights(%W, %W) bias(%b, %b) threshold(%t) : !event.events<1x4096xf32>, !event.events<1x4096xf32>, tensor<1x4096xf32>, tensor<12288x4096xf32>, tensor<12288x4096xf32>, tensor<12288xf32>, tensor<12288xf32>, tensor<4096xf32>
  %d1 = event.to_dense %o1 : !event.events<1x4096xf32>
  %e2 = event.from_dense %y2 : tensor<1x4096xf32> -> !event.events<1x4096xf32>
  %o2, %s2 = event.egru_step %o1, %e2, %c2 weights(%W, %W) bias(%b, %b) threshold(%t) : !event.events<1x4096xf32>, !event.events<1x4096xf32>, tensor<1x4096xf32>, tensor<12288x4096xf32>, tensor<12288x4096xf32>, tensor<12288xf32>, tensor<12288xf32>, tensor<4096xf32>
  %d2 = event.to_dense %o2 : !event.events<1x4096xf32>
  return %d0, %s0, %d1, %s1, %d2, %s2 : tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>, tensor<1x4096xf32>
}
