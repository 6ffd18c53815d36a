// RUN: spnc-opt %s --spnc-approximate-math -split-input-file -verify-diagnostics

// A transcendental without a shared approximation would be left to each
// target's libm: an error rather than a silent host/chip mismatch.
func.func @log10(%x: f32) -> f32 {
  // expected-error @below {{'math.log10' has no approximation shared by spnc's targets}}
  %l = math.log10 %x : f32
  return %l : f32
}

// -----

// f64 may stay a library call.
func.func @log10_f64(%x: f64) -> f64 {
  %l = math.log10 %x : f64
  return %l : f64
}
