// The options of s2-build-populations and their errors.
// RUN: spnc-opt %s --s2-build-populations="system=board48 dvfs=PL1 default-activity=0.25" | FileCheck %s
// RUN: not spnc-opt %s --s2-build-populations=system=wafer 2>&1 | FileCheck %s --check-prefix=SYSTEM
// RUN: not spnc-opt %s --s2-build-populations=dvfs=PL7 2>&1 | FileCheck %s --check-prefix=DVFS
// RUN: not spnc-opt %s --s2-build-populations=default-activity=1.5 2>&1 | FileCheck %s --check-prefix=ACTIVITY
// RUN: not spnc-opt %s --s2-build-populations=function=nope 2>&1 | FileCheck %s --check-prefix=FUNCTION
// RUN: spnc-opt %s --s2-build-populations=function=other | FileCheck %s --check-prefix=OTHER

// CHECK: s2.machine @machine_0 step @step system "board48" dvfs "PL1" {
// CHECK-NEXT: s2.population @threshold_0 generator units 4 rate 2.500000e-01 op "event.threshold"
// SYSTEM: error: target system 'wafer': {{.*}}wafer
// DVFS: error: DVFS level 'PL7' is not a level of the chip
// ACTIVITY: error: default-activity 1.5 is not a rate between 0 and 1
// FUNCTION: error: no function @nope with a body
// OTHER: s2.machine @machine_0 step @other system "chip" dvfs "PL4" {
// OTHER-NEXT: }

// A symbol named "machine" exists already: the machine is renamed.
func.func private @machine()
func.func @step(%v: tensor<4xf32>) -> tensor<4xf32> {
  %t = arith.constant dense<0.5> : tensor<4xf32>
  %y, %v1 = event.threshold %v, %t : tensor<4xf32>, tensor<4xf32>
  %d = event.to_dense %y : !event.events<4xf32>
  return %d : tensor<4xf32>
}
func.func private @other() {
  return
}
