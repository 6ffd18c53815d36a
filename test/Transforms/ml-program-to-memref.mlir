// RUN: spnc-opt %s --spnc-ml-program-to-memref | FileCheck %s

// CHECK: memref.global "private" @state : memref<4xf32> = dense<0.000000e+00>
// CHECK: memref.global "private" constant @table : memref<2xf32> = dense<[1.000000e+00, 2.000000e+00]>
ml_program.global private mutable @state(dense<0.0> : tensor<4xf32>) : tensor<4xf32>
ml_program.global private @table(dense<[1.0, 2.0]> : tensor<2xf32>) : tensor<2xf32>

// A load snapshots the global into a fresh buffer; a store materializes the
// value in the global.
// CHECK-LABEL: func.func @step
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-NEXT: %[[G:.*]] = memref.get_global @state : memref<4xf32>
// CHECK-NEXT: %[[A:.*]] = memref.alloc() : memref<4xf32>
// CHECK-NEXT: memref.copy %[[G]], %[[A]] : memref<4xf32> to memref<4xf32>
// CHECK-NEXT: %[[OLD:.*]] = bufferization.to_tensor %[[A]] restrict writable : memref<4xf32> to tensor<4xf32>
// CHECK-NEXT: %[[G2:.*]] = memref.get_global @state : memref<4xf32>
// CHECK-NEXT: bufferization.materialize_in_destination %[[X]] in restrict writable %[[G2]] : (tensor<4xf32>, memref<4xf32>) -> ()
// CHECK-NEXT: return %[[OLD]]
func.func @step(%x: tensor<4xf32>) -> tensor<4xf32> {
  %old = ml_program.global_load @state : tensor<4xf32>
  ml_program.global_store @state = %x : tensor<4xf32>
  return %old : tensor<4xf32>
}
