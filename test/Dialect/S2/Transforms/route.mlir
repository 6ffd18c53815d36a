// RUN: spnc-opt %s -split-input-file --s2-route | FileCheck %s
// RUN: spnc-opt %s -split-input-file --s2-route --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK

// One chip: every slice of @a feeds every slice of @a (recurrence) and of
// @b; @b feeds nothing, so it needs no entry.
// REMARK: remark: routing: 2 entries in 1 table(s); multicast trees have 4 edges (lower bound 4)
// CHECK: s2.routing_table chip 0 {
// CHECK-NEXT: s2.route key 0x00000000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
// CHECK-NEXT: s2.route key 0x00080000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
// CHECK-NEXT: }
func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.projection @a -> @a port "y_prev" fan_out 8.0 packets 4.0 delay 1
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.1.0" source 1 key 0x80000 mask 0xfff80000
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.0" source 2 key 0x100000 mask 0xfff80000
}

// -----

// Two chips of a board: chip 1 (1,0) is east of chip 0 (0,0). Packets of
// @a's first slice leave chip 0 through link E and enter chip 1 through its
// link W; those of the second slice come back through chip 0's link E.
// REMARK: remark: routing: 4 entries in 2 table(s)
// CHECK: s2.routing_table chip 0 {
// CHECK-NEXT: s2.route key 0x00000000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.2.0"] links ["E"]
// CHECK-NEXT: s2.route key 0x00080000 mask 0xfff80000 from ["E"] to pes ["2.1.0", "3.2.0"] links []
// CHECK-NEXT: }
// CHECK-NEXT: s2.routing_table chip 1 {
// CHECK-NEXT: s2.route key 0x00000000 mask 0xfff80000 from ["W"] to pes ["3.1.0"] links []
// CHECK-NEXT: s2.route key 0x00080000 mask 0xfff80000 from ["local"] to pes ["3.1.0"] links ["W"]
// CHECK-NEXT: }
func.func private @f()
s2.machine @m step @f system "board48" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.projection @a -> @a port "y_prev" fan_out 8.0 packets 4.0 delay 1
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 1 pe "3.1.0" source 1 key 0x80000 mask 0xfff80000
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.0" source 2 key 0x100000 mask 0xfff80000
}
