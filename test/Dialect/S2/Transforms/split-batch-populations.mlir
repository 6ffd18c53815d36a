// After spnc-split-batch (the first pass of spnc-map), a step over a batch
// of 2 with state maps as one cell population per row, the rows of x and of
// the state as small vector populations, and the stacked result as one
// vector population that feeds the state rows back with delay 1.
// RUN: spnc-opt %s --spnc-map="moves-per-slice=0" | FileCheck %s

// CHECK:      s2.population @vector_0 vector units 3
// CHECK-NEXT: s2.population @vector_1 vector units 3
// CHECK-NEXT: s2.population @vector_2 vector units 4
// CHECK-NEXT: s2.population @vector_3 vector units 4
// CHECK-NEXT: s2.population @rnn_0 cell units 4
// CHECK-NEXT: s2.population @rnn_1 cell units 4
// CHECK-NEXT: s2.population @vector_4 vector units 8
// CHECK-DAG:  s2.projection @vector_0 -> @rnn_0 port "x"
// CHECK-DAG:  s2.projection @vector_1 -> @rnn_1 port "x"
// CHECK-DAG:  s2.projection @vector_2 -> @rnn_0 port "h"
// CHECK-DAG:  s2.projection @vector_3 -> @rnn_1 port "h"
// CHECK-DAG:  s2.projection @rnn_0 -> @vector_4 port "input0"
// CHECK-DAG:  s2.projection @rnn_1 -> @vector_4 port "input1"
// CHECK-DAG:  s2.projection @vector_4 -> @vector_2 port "input0" fan_out {{.*}} delay 1
// CHECK-DAG:  s2.projection @vector_4 -> @vector_3 port "input0" fan_out {{.*}} delay 1
// CHECK:      s2.io input "x" [@vector_0, @vector_1]
// CHECK-NEXT: s2.io input "h_prev" [@vector_2, @vector_3] state "h"
// CHECK-NEXT: s2.io output "h" [@vector_4]
func.func @main_graph(%x: tensor<2x3xf32> {onnx.name = "x"}, %h: tensor<2x4xf32> {onnx.name = "h_prev"})
    -> (tensor<2x4xf32> {onnx.name = "h"}) {
  %W = arith.constant dense<0.5> : tensor<4x3xf32>
  %R = arith.constant dense<0.25> : tensor<4x4xf32>
  %b = arith.constant dense<0.0> : tensor<4xf32>
  %o = event.rnn_step %x, %h weights(%W, %R) bias(%b, %b) : tensor<2x3xf32>, tensor<2x4xf32>, tensor<4x3xf32>, tensor<4x4xf32>, tensor<4xf32>, tensor<4xf32>
  return %o : tensor<2x4xf32>
}
