// RUN: spnc-opt %s -cse | FileCheck %s
// State reads are not pure: CSE merges two reads of a state only when no
// write of it lies between them.

event.state @h : tensor<4xf32>

// CHECK-LABEL: func.func @reads
// CHECK-NEXT: %[[A:.*]] = event.state_read @h
// CHECK-NEXT: event.state_write %arg0, @h
// CHECK-NEXT: %[[B:.*]] = event.state_read @h
// CHECK-NEXT: return %[[A]], %[[A]], %[[B]]
func.func @reads(%v: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %a = event.state_read @h : tensor<4xf32>
  %a2 = event.state_read @h : tensor<4xf32>
  event.state_write %v, @h : tensor<4xf32>
  %b = event.state_read @h : tensor<4xf32>
  return %a, %a2, %b : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
