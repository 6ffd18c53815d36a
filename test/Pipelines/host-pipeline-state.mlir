// RUN: spnc-opt %s --spnc-event-to-llvm-host | FileCheck %s

// Recurrent state becomes a private mutable LLVM global that the step reads
// and writes; the result is written to an out-parameter.
// CHECK: llvm.mlir.global private @c(dense<0.000000e+00> : tensor<4xf32>)
// CHECK-NOT: constant
// CHECK-SAME: : !llvm.array<4 x f32>
// CHECK: llvm.func @step(
// CHECK: llvm.mlir.addressof @c
// CHECK: llvm.func @_mlir_ciface_step(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: event.
// CHECK-NOT: memref.
// CHECK-NOT: linalg.
event.state @c : tensor<4xf32>
func.func @step(%x: tensor<4xf32>, %theta: tensor<4xf32>) -> tensor<4xf32> {
  %c = event.state_read @c : tensor<4xf32>
  %v = arith.addf %c, %x : tensor<4xf32>
  %y, %v1 = event.threshold %v, %theta : tensor<4xf32>, tensor<4xf32>
  event.state_write %v1, @c : tensor<4xf32>
  %d = event.to_dense %y : !event.events<4xf32>
  return %d : tensor<4xf32>
}
