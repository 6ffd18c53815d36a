// RUN: spnc-opt %s --convert-event-to-linalg | FileCheck %s

// States become private mutable ml_program globals (zeros unless an initial
// value is given; events states hold their dense tensor); reads and writes
// their loads and stores.
// CHECK-DAG: ml_program.global private mutable @h(dense<0.000000e+00> : tensor<1x4xf32>) : tensor<1x4xf32>
// CHECK-DAG: ml_program.global private mutable @pp(dense<-1.000000e+30> : tensor<4xf32>) : tensor<4xf32>
// CHECK-DAG: ml_program.global private mutable @y(dense<0.000000e+00> : tensor<4xf32>) : tensor<4xf32>
// CHECK-NOT: event.
// CHECK-LABEL: func.func @step
// CHECK-NEXT: %[[H:.*]] = ml_program.global_load @h : tensor<1x4xf32>
// CHECK-NEXT: %[[Y:.*]] = ml_program.global_load @y : tensor<4xf32>
// CHECK-NEXT: ml_program.global_store @y = %[[Y]] : tensor<4xf32>
// CHECK-NEXT: ml_program.global_store @h = %[[H]] : tensor<1x4xf32>
// CHECK-NEXT: return %[[H]] : tensor<1x4xf32>
event.state @h : tensor<1x4xf32>
event.state @pp : tensor<4xf32> = dense<-1.0e+30>
event.state @y : !event.events<4xf32, binary>
func.func @step() -> tensor<1x4xf32> {
  %h = event.state_read @h : tensor<1x4xf32>
  %y = event.state_read @y : !event.events<4xf32, binary>
  event.state_write %y, @y : !event.events<4xf32, binary>
  event.state_write %h, @h : tensor<1x4xf32>
  return %h : tensor<1x4xf32>
}
