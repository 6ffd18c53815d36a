// RUN: spnc-opt %s | FileCheck %s
// RUN: spnc-opt %s | spnc-opt | FileCheck %s
// RUN: spnc-opt %s --mlir-print-op-generic | spnc-opt | FileCheck %s

// The event op names its population.
// CHECK-LABEL: func.func @main_graph
// CHECK: arith.negf {{.*}} {s2.population = @machine::@egru_0}
func.func @main_graph(%x: tensor<1x8xf32>) -> tensor<1x8xf32> {
  %y = arith.negf %x {s2.population = @machine::@egru_0} : tensor<1x8xf32>
  return %y : tensor<1x8xf32>
}

// CHECK: s2.machine @machine step @main_graph system "board48" dvfs "PL2" {
s2.machine @machine step @main_graph system "board48" dvfs "PL2" {
  // CHECK-NEXT: s2.population @egru_0 cell units 16 rate 1.500000e-01 op "event.egru_step"
  s2.population @egru_0 cell units 16 rate 0.15 op "event.egru_step"
  // CHECK-NEXT: s2.population @decoder matvec units 4 rate 1.000000e+00 op "linalg.matmul"
  s2.population @decoder matvec units 4 rate 1.0 op "linalg.matmul"
  // CHECK-NEXT: s2.population @gen generator units 4 rate 0.000000e+00 op "event.lif"
  s2.population @gen generator units 4 rate 0.0 op "event.lif"
  // CHECK-NEXT: s2.population @embed gather units 4 rate 1.000000e+00 op "linalg.generic"
  s2.population @embed gather units 4 rate 1.0 op "linalg.generic"
  // CHECK-NEXT: s2.population @add elementwise units 4 rate 1.000000e+00 op "linalg.generic"
  s2.population @add elementwise units 4 rate 1.0 op "linalg.generic"
  // CHECK-NEXT: s2.population @norm vector units 4 rate 1.000000e+00 op "linalg.reduce" {note = "extra"}
  s2.population @norm vector units 4 rate 1.0 op "linalg.reduce" {note = "extra"}
  // CHECK-NEXT: s2.projection @egru_0 -> @egru_0 port "y_prev" fan_out 8.500000e+00 packets 2.400000e+00 delay 1
  s2.projection @egru_0 -> @egru_0 port "y_prev" fan_out 8.5 packets 2.4 delay 1
  // CHECK-NEXT: s2.projection @egru_0 -> @decoder port "input" fan_out 4.000000e+00 packets 2.400000e+00 delay 0
  s2.projection @egru_0 -> @decoder port "input" fan_out 4.0 packets 2.4 delay 0
  // CHECK-NEXT: s2.io input "x" [@egru_0, @decoder]
  s2.io input "x" [@egru_0, @decoder]
  // CHECK-NEXT: s2.io input "y_prev_0" [@egru_0] state "y_0"
  s2.io input "y_prev_0" [@egru_0] state "y_0"
  // CHECK-NEXT: s2.io output "logits" [@decoder]
  s2.io output "logits" [@decoder]
  // CHECK-NEXT: s2.io output "x" []
  s2.io output "x" []
  // CHECK-NEXT: s2.slice @egru_0 units [0, 8) memory <weights = 100, state = 20, buffers = 30, code = 40> chip 0 pe "2.1.0" source 0 key 0x00000000 mask 0xfff80000
  s2.slice @egru_0 units [0, 8) memory <weights = 100, state = 20, buffers = 30, code = 40> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  // CHECK-NEXT: s2.slice @egru_0 units [8, 16) memory <weights = 100, state = 20, buffers = 30, code = 40> chip 1 pe "7.6.3" source 1 key 0x00080000 mask 0xfff80000
  s2.slice @egru_0 units [8, 16) memory <weights = 100, state = 20, buffers = 30, code = 40> chip 1 pe "7.6.3" source 1 key 0x80000 mask 0xfff80000
  // CHECK-NEXT: s2.slice @decoder units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.1.0" source 2 key 0x00100000 mask 0xfffffff8
  s2.slice @decoder units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.1.0" source 2 key 0x100000 mask 0xfffffff8
  s2.slice @gen units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.1.1" source 3 key 0x100008 mask 0xfffffff8
  s2.slice @embed units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.1.2" source 4 key 0x100010 mask 0xfffffff8
  s2.slice @add units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.1.3" source 5 key 0x100018 mask 0xfffffff8
  s2.slice @norm units [0, 4) memory <weights = 0, state = 0, buffers = 0, code = 0> chip 0 pe "3.2.0" source 6 key 0x100020 mask 0xfffffff8
  // CHECK: s2.routing_table chip 0 compressed from 3 entries {
  s2.routing_table chip 0 compressed from 3 entries {
    // CHECK-NEXT: s2.route key 0x00000000 mask 0xfff00000 from ["local"] to pes ["2.1.0", "3.1.0"] links ["E"]
    s2.route key 0 mask 0xfff00000 from ["local"] to pes ["2.1.0", "3.1.0"] links ["E"]
    // CHECK-NEXT: s2.route key 0x00100000 mask 0xffffffc0 from ["local", "E"] to pes [] links ["N"]
    s2.route key 0x100000 mask 0xffffffc0 from ["local", "E"] to pes [] links ["N"]
  }
  // CHECK: s2.routing_table chip 1 {
  // CHECK-NEXT: s2.route key 0x00000000 mask 0xfff00000 from ["W"] to pes ["7.6.3"] links []
  // CHECK-NEXT: }
  s2.routing_table chip 1 {
    s2.route key 0 mask 0xfff00000 from ["W"] to pes ["7.6.3"] links []
  }
  // CHECK-NEXT: s2.routing_table chip 2 {
  // CHECK-NEXT: }
  s2.routing_table chip 2 {
  }
}

// A machine before partitioning: no slices, no tables.
// CHECK: s2.machine @bare step @main_graph system "chip" dvfs "PL4" {
// CHECK-NEXT: s2.population @p cell units 1 rate 1.000000e+00 op "event.rnn_step"
// CHECK-NEXT: }
s2.machine @bare step @main_graph system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
}
