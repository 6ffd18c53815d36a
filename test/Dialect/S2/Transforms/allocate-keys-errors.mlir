// RUN: spnc-opt %s -split-input-file -verify-diagnostics --s2-allocate-keys

func.func private @f()
// expected-error @+1 {{s2-allocate-keys needs slices; run s2-partition first}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
}

// -----

func.func private @f()
// expected-error @+1 {{the slices already have keys}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @a cell units 8 rate 0.5 op "event.egru_step"
  s2.slice @a units [0, 8) memory <weights = 1, state = 1, buffers = 1, code = 1> source 0 key 0 mask 0xfff80000
}
