// RUN: spnc-opt %s --spnc-emit-c-interface | FileCheck %s

// CHECK-LABEL: func.func @entry
// CHECK-SAME: attributes {llvm.emit_c_interface}
func.func @entry(%a: memref<2xf32>) {
  return
}

// Private functions and declarations keep their plain ABI.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: llvm.emit_c_interface
// CHECK-LABEL: func.func private @declared
// CHECK-NOT: llvm.emit_c_interface
func.func private @helper() {
  return
}
func.func private @declared()
