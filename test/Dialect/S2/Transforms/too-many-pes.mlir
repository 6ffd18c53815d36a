// A dense 3 x 1024 EGRU fits a PE per few units but needs more PEs than a
// chip has: the error lists every population's memory per PE and the PEs
// over.
// RUN: not spnc %s --emit=mapped -o %t.mlir 2>&1 | FileCheck %s

// CHECK: error: the model does not fit system 'chip': the model needs {{[0-9]+}} PEs but only 148 usable PEs are available on 'chip' (over by {{[0-9]+}} PEs)
// CHECK-NEXT: population PEs units/PE weights state buffers data code over the limit
// CHECK-NEXT: egru_0 {{[0-9]+}} {{[0-9]+}}
// CHECK-NEXT: egru_1 {{[0-9]+}} {{[0-9]+}}
// CHECK-NEXT: egru_2 {{[0-9]+}} {{[0-9]+}}
func.func @step(%x: tensor<1x256xf32> {onnx.name = "x"}, %y0: tensor<1x1024xf32> {onnx.name = "y_prev_0"}, %c0: tensor<1x1024xf32> {onnx.name = "c_prev_0"}, %y1: tensor<1x1024xf32> {onnx.name = "y_prev_1"}, %c1: tensor<1x1024xf32> {onnx.name = "c_prev_1"}, %y2: tensor<1x1024xf32> {onnx.name = "y_prev_2"}, %c2: tensor<1x1024xf32> {onnx.name = "c_prev_2"})
    -> (tensor<1x1024xf32> {onnx.name = "y_0"}, tensor<1x1024xf32> {onnx.name = "c_0"}, tensor<1x1024xf32> {onnx.name = "y_1"}, tensor<1x1024xf32> {onnx.name = "c_1"}, tensor<1x1024xf32> {onnx.name = "y_2"}, tensor<1x1024xf32> {onnx.name = "c_2"}) {
  %W0 = arith.constant dense<0.01> : tensor<3072x256xf32>
  %W = arith.constant dense<0.01> : tensor<3072x1024xf32>
  %b = arith.constant dense<0.0> : tensor<3072xf32>
  %t = arith.constant dense<0.5> : tensor<1024xf32>
  %e0 = event.from_dense %y0 : tensor<1x1024xf32> -> !event.events<1x1024xf32>
  %o0, %s0 = event.egru_step %x, %e0, %c0 weights(%W0, %W) bias(%b, %b) threshold(%t) : tensor<1x256xf32>, !event.events<1x1024xf32>, tensor<1x1024xf32>, tensor<3072x256xf32>, tensor<3072x1024xf32>, tensor<3072xf32>, tensor<3072xf32>, tensor<1024xf32>
  %d0 = event.to_dense %o0 : !event.events<1x1024xf32>
  %e1 = event.from_dense %y1 : tensor<1x1024xf32> -> !event.events<1x1024xf32>
  %o1, %s1 = event.egru_step %o0, %e1, %c1 weights(%W, %W) bias(%b, %b) threshold(%t) : !event.events<1x1024xf32>, !event.events<1x1024xf32>, tensor<1x1024xf32>, tensor<3072x1024xf32>, tensor<3072x1024xf32>, tensor<3072xf32>, tensor<3072xf32>, tensor<1024xf32>
  %d1 = event.to_dense %o1 : !event.events<1x1024xf32>
  %e2 = event.from_dense %y2 : tensor<1x1024xf32> -> !event.events<1x1024xf32>
  %o2, %s2 = event.egru_step %o1, %e2, %c2 weights(%W, %W) bias(%b, %b) threshold(%t) : !event.events<1x1024xf32>, !event.events<1x1024xf32>, tensor<1x1024xf32>, tensor<3072x1024xf32>, tensor<3072x1024xf32>, tensor<3072xf32>, tensor<3072xf32>, tensor<1024xf32>
  %d2 = event.to_dense %o2 : !event.events<1x1024xf32>
  return %d0, %s0, %d1, %s1, %d2, %s2 : tensor<1x1024xf32>, tensor<1x1024xf32>, tensor<1x1024xf32>, tensor<1x1024xf32>, tensor<1x1024xf32>, tensor<1x1024xf32>
}
