// RUN: spnc-opt %s -split-input-file -verify-diagnostics --s2-partition

// expected-error @+1 {{s2-partition needs an s2.machine; run s2-build-populations first}}
module {
}

// -----

func.func private @f()
// expected-error @+1 {{the machine is already partitioned}}
s2.machine @m step @f system "chip" dvfs "PL4" {
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
  s2.slice @p units [0, 1) memory <weights = 0, state = 0, buffers = 0, code = 0>
}

// -----

func.func @f() {
  return
}
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{no op of @f carries s2.population = @m::@p}}
  s2.population @p cell units 1 rate 1.0 op "event.rnn_step"
}

// -----

// The ops of a population must still describe it.
func.func @f(%v: tensor<4xf32>) -> tensor<4xf32> {
  %t = arith.constant dense<0.5> : tensor<4xf32>
  %y, %v1 = event.threshold %v, %t {s2.population = @m::@p} : tensor<4xf32>, tensor<4xf32>
  %d = event.to_dense %y : !event.events<4xf32>
  return %d : tensor<4xf32>
}
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error @+1 {{its ops describe a generator population of 4 units}}
  s2.population @p generator units 8 rate 0.15 op "event.threshold"
}

// -----

// A vector population (a broadcast and a reduction) whose intermediate
// does not fit one PE.
func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<30000x4xf32>
  %b = linalg.broadcast ins(%x : tensor<4xf32>) outs(%e : tensor<30000x4xf32>) dimensions = [0] {s2.population = @m::@vector_0}
  %e1 = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e1 : tensor<4xf32>) -> tensor<4xf32>
  %s = linalg.reduce ins(%b : tensor<30000x4xf32>) outs(%init : tensor<4xf32>) dimensions = [0] {s2.population = @m::@vector_0}
    (%in: f32, %acc: f32) {
      %a = arith.addf %in, %acc : f32
      linalg.yield %a : f32
    }
  return %s : tensor<4xf32>
}
s2.machine @m step @f system "chip" dvfs "PL4" {
  // expected-error-re @+1 {{the vector population 'vector_0' must run on one PE but needs 485{{[0-9]*}} B of data (over by {{[0-9]+}} B) and 8192 B of code (over by 0 B){{.*}}vector_0{{.*}}data by}}
  s2.population @vector_0 vector units 4 rate 1.0 op "linalg.broadcast"
  s2.io input "arg0" [@vector_0]
}
