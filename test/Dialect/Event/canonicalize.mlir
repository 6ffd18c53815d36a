// RUN: spnc-opt %s -canonicalize -split-input-file | FileCheck %s

// to_dense(from_dense(t)) is t, whatever the marker.
// CHECK-LABEL: func.func @to_dense_of_from_dense
// CHECK-SAME: (%[[T:.*]]: tensor<2x8xf32>)
// CHECK-NEXT: return %[[T]], %[[T]]
func.func @to_dense_of_from_dense(%t: tensor<2x8xf32>) -> (tensor<2x8xf32>, tensor<2x8xf32>) {
  %e = event.from_dense %t : tensor<2x8xf32> -> !event.events<2x8xf32>
  %d = event.to_dense %e : !event.events<2x8xf32>
  %b = event.from_dense %t : tensor<2x8xf32> -> !event.events<2x8xf32, binary>
  %db = event.to_dense %b : !event.events<2x8xf32, binary>
  return %d, %db : tensor<2x8xf32>, tensor<2x8xf32>
}

// -----

// from_dense(to_dense(e)) is e when the marker is the same.
// CHECK-LABEL: func.func @from_dense_of_to_dense
// CHECK-SAME: (%[[E:.*]]: !event.events<8xf32, binary>)
// CHECK-NEXT: return %[[E]]
func.func @from_dense_of_to_dense(%e: !event.events<8xf32, binary>) -> !event.events<8xf32, binary> {
  %d = event.to_dense %e : !event.events<8xf32, binary>
  %e2 = event.from_dense %d : tensor<8xf32> -> !event.events<8xf32, binary>
  return %e2 : !event.events<8xf32, binary>
}

// -----

// A different marker is a real conversion: binary -> graded keeps the pair
// (it could be folded into a marker cast, which the dialect does not have),
// graded -> binary asserts 0/1 values.
// CHECK-LABEL: func.func @marker_change
// CHECK-NEXT: %[[D:.*]] = event.to_dense %arg0 : !event.events<8xf32, binary>
// CHECK-NEXT: %[[G:.*]] = event.from_dense %[[D]] : tensor<8xf32> -> !event.events<8xf32>
// CHECK-NEXT: %[[D2:.*]] = event.to_dense %arg1 : !event.events<8xf32>
// CHECK-NEXT: %[[B:.*]] = event.from_dense %[[D2]] : tensor<8xf32> -> !event.events<8xf32, binary>
// CHECK-NEXT: return %[[G]], %[[B]]
func.func @marker_change(%b: !event.events<8xf32, binary>, %g: !event.events<8xf32>)
    -> (!event.events<8xf32>, !event.events<8xf32, binary>) {
  %d = event.to_dense %b : !event.events<8xf32, binary>
  %g2 = event.from_dense %d : tensor<8xf32> -> !event.events<8xf32>
  %d2 = event.to_dense %g : !event.events<8xf32>
  %b2 = event.from_dense %d2 : tensor<8xf32> -> !event.events<8xf32, binary>
  return %g2, %b2 : !event.events<8xf32>, !event.events<8xf32, binary>
}

// -----

// Unused pure ops disappear; state reads do too, state writes stay.
// CHECK-LABEL: func.func @dead
// CHECK-NOT: event.heaviside
// CHECK-NOT: event.state_read
// CHECK: event.state_write %arg0, @s : tensor<8xf32>
// CHECK-NEXT: return
event.state @s : tensor<8xf32>
func.func @dead(%t: tensor<8xf32>) {
  %s = event.heaviside %t : tensor<8xf32>
  %r = event.state_read @s : tensor<8xf32>
  event.state_write %t, @s : tensor<8xf32>
  return
}
