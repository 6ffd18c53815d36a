// RUN: spnc-opt %s -split-input-file -verify-diagnostics --s2-route

func.func private @f()
// expected-error @+1 {{s2-route needs placed slices with keys; run s2-place and s2-allocate-keys first}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.slice @a units [0, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0"
}

// -----

func.func private @f()
// expected-error @+1 {{the machine already has routing tables}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.slice @a units [0, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> chip 0 pe "2.1.0" source 0 key 0 mask 0xfff80000
  s2.routing_table chip 0 {
  }
}
