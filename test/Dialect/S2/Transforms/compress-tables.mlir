// RUN: spnc-opt %s -split-input-file --s2-compress-tables | FileCheck %s
// RUN: spnc-opt %s -split-input-file --s2-compress-tables --mlir-print-op-on-diagnostic=false 2>&1 >/dev/null | FileCheck %s --check-prefix=REMARK
// RUN: spnc-opt %s -split-input-file --s2-compress-tables=ordered-covering=false | FileCheck %s --check-prefix=NOMERGE
// RUN: spnc-opt %s -split-input-file --s2-compress-tables=unallocated-dont-care | FileCheck %s --check-prefix=DONTCARE
// RUN: not spnc-opt %s -split-input-file --s2-compress-tables=entry-limit=1 2>&1 | FileCheck %s --check-prefix=LIMIT

// REMARK: remark: compression: 3 -> 2 entries; every table proven equivalent to its input ({{[0-9]+}} key cubes checked); largest table 2 entries
// REMARK: remark: compression: 3 -> 3 entries

// LIMIT: error: routing tables exceed the router's capacity:
// LIMIT-NEXT: router of chip 0 (0,0) needs 2 entries after compression (3 before); it holds 1 (over by 1)

// The two slices of @a have the same destinations: one entry covers both
// (and sits below @b's more specific entry).
// CHECK: s2.routing_table chip 0 compressed from 3 entries {
// CHECK-NEXT: s2.route key 0x00100000 mask 0xfff80000 from ["local"] to pes ["3.2.0"] links []
// CHECK-NEXT: s2.route key 0x00000000 mask 0xfff00000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
// CHECK-NEXT: }
// NOMERGE: s2.routing_table chip 0 compressed from 3 entries {
// NOMERGE-NEXT: s2.route key 0x00000000
// NOMERGE-NEXT: s2.route key 0x00080000
// NOMERGE-NEXT: s2.route key 0x00100000
// NOMERGE-NEXT: }
func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.population @c matvec units 4 rate 1.0 op "linalg.matmul"
  s2.projection @a -> @a port "y_prev" fan_out 8.0 packets 4.0 delay 1
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.projection @b -> @c port "A" fan_out 4.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.1.0" source 1 key 0x80000 mask 0xfff80000
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.0" source 2 key 0x100000 mask 0xfff80000
  s2.slice @c units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.1" source 3 key 0x180000 mask 0xfff80000
  s2.routing_table chip 0 {
    s2.route key 0x00000000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
    s2.route key 0x00080000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
    s2.route key 0x00100000 mask 0xfff80000 from ["local"] to pes ["3.2.0"] links []
  }
}

// -----

// Here @a's blocks 0x00000000 and 0x00300000 differ in two bits: a covering
// entry would also take 0x00100000 and 0x00200000, which no slice sends.
// Strictly, keys that missed must keep missing, which forbids the merge;
// with unallocated keys as don't-care it is allowed.
// CHECK: s2.routing_table chip 0 compressed from 3 entries {
// CHECK-NEXT: s2.route key 0x00000000
// CHECK-NEXT: s2.route key 0x00300000
// CHECK-NEXT: s2.route key 0x00400000
// CHECK-NEXT: }
// DONTCARE: s2.routing_table chip 0 compressed from 3 entries {
// DONTCARE: s2.routing_table chip 0 compressed from 3 entries {
// DONTCARE-NEXT: s2.route key 0x00400000 mask 0xfff80000 from ["local"] to pes ["3.2.0"] links []
// DONTCARE-NEXT: s2.route key 0x00000000 mask 0xffc80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
// DONTCARE-NEXT: }
func.func private @f()
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.population @c matvec units 4 rate 1.0 op "linalg.matmul"
  s2.projection @a -> @a port "y_prev" fan_out 8.0 packets 4.0 delay 1
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.projection @b -> @c port "A" fan_out 4.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.1.0" source 6 key 0x300000 mask 0xfff80000
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.0" source 8 key 0x400000 mask 0xfff80000
  s2.slice @c units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "3.2.1" source 9 key 0x480000 mask 0xfff80000
  s2.routing_table chip 0 {
    s2.route key 0x00000000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
    s2.route key 0x00300000 mask 0xfff80000 from ["local"] to pes ["2.1.0", "3.1.0", "3.2.0"] links []
    s2.route key 0x00400000 mask 0xfff80000 from ["local"] to pes ["3.2.0"] links []
  }
}
