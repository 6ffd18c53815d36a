// RUN: spnc-opt %s -split-input-file --s2-place=moves-per-slice=0 --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=NAIVE
// RUN: spnc-opt %s -split-input-file --s2-place --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=ANNEAL
// RUN: spnc-opt %s -split-input-file --s2-place="seed=7 max-chips=1" --mlir-print-op-on-diagnostic=false 2>&1 | FileCheck %s --check-prefix=SEED

// Without annealing moves the placement is row-major over the usable PEs
// (QPE 1,1 is reserved): 2.1.0, 2.1.1, ...
// NAIVE: remark: placement: [[NAIVE:[0-9.]+]] packet-hops per step, row-major placement [[NAIVE]], lower bound {{[0-9.]+}}
// NAIVE: s2.slice @a units [0, 4) {{.*}} chip 0 pe "2.1.0"
// NAIVE-NEXT: s2.slice @a units [4, 8) {{.*}} chip 0 pe "2.1.1"
// NAIVE-NEXT: s2.slice @b units [0, 4) {{.*}} chip 0 pe "2.1.2"
// NAIVE-NEXT: s2.slice @c units [0, 4) {{.*}} chip 0 pe "2.1.3"
// NAIVE-NEXT: s2.slice @c units [4, 8) {{.*}} chip 0 pe "3.1.0"

// Annealing never does worse than row-major.
// ANNEAL: remark: placement: {{[0-9.]+}} packet-hops per step, row-major placement {{[0-9.]+}}, lower bound {{[0-9.]+}}
// ANNEAL-COUNT-5: s2.slice {{.*}} chip 0 pe "{{[1-7]\.[1-6]\.[0-3]}}"

// On a board, max-chips=1 keeps everything on chip 0.
// SEED: remark: placement:
// SEED-COUNT-5: s2.slice {{.*}} chip 0 pe
func.func private @f()
s2.machine @m step @f system "board48" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.population @b matvec units 4 rate 1.0 op "linalg.matmul"
  s2.population @c cell units 8 rate 0.5 op "event.egru_step"
  s2.projection @a -> @a port "y_prev" fan_out 8.0 packets 4.0 delay 1
  s2.projection @a -> @b port "A" fan_out 4.0 packets 4.0 delay 0
  s2.projection @b -> @c port "x" fan_out 8.0 packets 4.0 delay 0
  s2.slice @a units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @a units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @b units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @c units [0, 4) memory <weights = 1, state = 1, buffers = 1, code = 1>
  s2.slice @c units [4, 8) memory <weights = 1, state = 1, buffers = 1, code = 1>
}
