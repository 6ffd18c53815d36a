// RUN: spnc-opt %s --spnc-expand-strided-copies | FileCheck %s

// A copy from or into a non-contiguous view would call the runtime's
// memrefCopy; it becomes a linalg.copy. Copies between contiguous buffers,
// including contiguous subviews, stay memref.copy (lowered to memcpy).
// CHECK-LABEL: func.func @copies
// CHECK-SAME: (%[[SRC:.*]]: memref<2x3xf32>, %[[DST:.*]]: memref<4x3xf32>, %[[SMALL:.*]]: memref<2x2xf32>)
// CHECK: %[[ROWS:.*]] = memref.subview %[[DST]][1, 0] [2, 3] [1, 1]
// CHECK-NEXT: memref.copy %[[SRC]], %[[ROWS]]
// CHECK-NEXT: %[[BLOCK:.*]] = memref.subview %[[DST]][0, 1] [2, 2] [1, 1]
// CHECK-NEXT: linalg.copy ins(%[[SMALL]] : memref<2x2xf32>) outs(%[[BLOCK]] : memref<2x2xf32, strided<[3, 1], offset: 1>>)
// CHECK-NEXT: %[[COL:.*]] = memref.subview %[[DST]][0, 1] [4, 1] [1, 1]
// CHECK-NEXT: %[[TMP:.*]] = memref.alloc() : memref<4x1xf32>
// CHECK-NEXT: linalg.copy ins(%[[COL]] : memref<4x1xf32, strided<[3, 1], offset: 1>>) outs(%[[TMP]] : memref<4x1xf32>)
// CHECK-NOT: memref.copy
func.func @copies(%src: memref<2x3xf32>, %dst: memref<4x3xf32>, %small: memref<2x2xf32>) {
  %rows = memref.subview %dst[1, 0] [2, 3] [1, 1] : memref<4x3xf32> to memref<2x3xf32, strided<[3, 1], offset: 3>>
  memref.copy %src, %rows : memref<2x3xf32> to memref<2x3xf32, strided<[3, 1], offset: 3>>
  %block = memref.subview %dst[0, 1] [2, 2] [1, 1] : memref<4x3xf32> to memref<2x2xf32, strided<[3, 1], offset: 1>>
  memref.copy %small, %block : memref<2x2xf32> to memref<2x2xf32, strided<[3, 1], offset: 1>>
  %col = memref.subview %dst[0, 1] [4, 1] [1, 1] : memref<4x3xf32> to memref<4x1xf32, strided<[3, 1], offset: 1>>
  %tmp = memref.alloc() : memref<4x1xf32>
  memref.copy %col, %tmp : memref<4x1xf32, strided<[3, 1], offset: 1>> to memref<4x1xf32>
  memref.dealloc %tmp : memref<4x1xf32>
  return
}
