// RUN: spnc-opt %s --spnc-approximate-math -split-input-file | FileCheck %s

// f32 transcendentals become polynomials whose Horner steps are math.fma;
// sinh and powf are first rewritten into exp/log, which are then
// approximated too. Only IEEE-exact math ops (floor, abs, fma) remain.
// CHECK-LABEL: func.func @f32
// CHECK-NOT: math.exp
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK-NOT: math.sinh
// CHECK-NOT: math.powf
// CHECK: math.fma
// CHECK: return
func.func @f32(%x: f32) -> (f32, f32, f32, f32, f32) {
  %e = math.exp %x : f32
  %t = math.tanh %x : f32
  %l = math.log %x : f32
  %s = math.sinh %x : f32
  %p = math.powf %x, %x : f32
  return %e, %t, %l, %s, %p : f32, f32, f32, f32, f32
}

// -----

// f16 is computed in f32 and rounded back.
// CHECK-LABEL: func.func @f16
// CHECK: %[[EXT:.*]] = arith.extf %{{.*}} : f16 to f32
// CHECK-NOT: math.tanh
// CHECK: math.fma
// CHECK: %[[T:.*]] = arith.truncf %{{.*}} : f32 to f16
// CHECK: return %[[T]]
func.func @f16(%x: f16) -> f16 {
  %t = math.tanh %x : f16
  return %t : f16
}

// -----

// f64 keeps the accurate library functions.
// CHECK-LABEL: func.func @f64
// CHECK-NEXT: %[[E:.*]] = math.exp %{{.*}} : f64
// CHECK-NEXT: %[[T:.*]] = math.tanh %{{.*}} : f64
// CHECK-NEXT: return %[[E]], %[[T]]
func.func @f64(%x: f64) -> (f64, f64) {
  %e = math.exp %x : f64
  %t = math.tanh %x : f64
  return %e, %t : f64, f64
}

// -----

// Fast-math flags are cleared: nothing may be contracted or reassociated
// implicitly.
// CHECK-LABEL: func.func @flags
// CHECK-NEXT: %[[M:.*]] = arith.mulf %{{.*}}, %{{.*}} : f32
// CHECK-NEXT: %[[A:.*]] = arith.addf %[[M]], %{{.*}} : f32
// CHECK-NEXT: %[[S:.*]] = math.sqrt %[[A]] : f32
// CHECK-NEXT: return %[[S]]
func.func @flags(%x: f32, %y: f32) -> f32 {
  %m = arith.mulf %x, %y fastmath<fast> : f32
  %a = arith.addf %m, %y fastmath<contract> : f32
  %s = math.sqrt %a fastmath<afn> : f32
  return %s : f32
}
