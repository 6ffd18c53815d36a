// RUN: spnc-opt %s --spnc-distinct-result-buffers | FileCheck %s

// A buffer returned three times: the second and third result get copies.
// CHECK-LABEL: func.func @same_alloc
// CHECK:      %[[A:.*]] = memref.alloc() {alignment = 64 : i64} : memref<0xf32>
// CHECK-NEXT: %[[B:.*]] = memref.alloc() {alignment = 64 : i64} : memref<0xf32>
// CHECK-NEXT: memref.copy %[[A]], %[[B]]
// CHECK-NEXT: %[[C:.*]] = memref.alloc() {alignment = 64 : i64} : memref<0xf32>
// CHECK-NEXT: memref.copy %[[A]], %[[C]]
// CHECK-NEXT: return %[[A]], %[[B]], %[[C]]
func.func @same_alloc() -> (memref<0xf32>, memref<0xf32>, memref<0xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<0xf32>
  return %a, %a, %a : memref<0xf32>, memref<0xf32>, memref<0xf32>
}

// Distinct buffers, non-memref results and dynamic shapes stay as they are.
// CHECK-LABEL: func.func @left_alone
// CHECK-NOT:   memref.copy
// CHECK:       return %arg0, %arg1, %arg2, %arg2, %arg3, %arg3
func.func @left_alone(%a: memref<2xf32>, %b: memref<2xf32>, %i: index,
                      %d: memref<?xf32>)
    -> (memref<2xf32>, memref<2xf32>, index, index, memref<?xf32>,
        memref<?xf32>) {
  return %a, %b, %i, %i, %d, %d
      : memref<2xf32>, memref<2xf32>, index, index, memref<?xf32>,
        memref<?xf32>
}

// An argument returned twice is copied too (the first use stays).
// CHECK-LABEL: func.func @same_argument
// CHECK:      %[[COPY:.*]] = memref.alloc() {alignment = 64 : i64} : memref<2x3xi64>
// CHECK-NEXT: memref.copy %arg0, %[[COPY]]
// CHECK-NEXT: return %arg0, %[[COPY]]
func.func @same_argument(%a: memref<2x3xi64>) -> (memref<2x3xi64>, memref<2x3xi64>) {
  return %a, %a : memref<2x3xi64>, memref<2x3xi64>
}
