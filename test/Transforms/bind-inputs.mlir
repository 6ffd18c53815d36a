// spnc-bind-inputs: graph inputs become constants holding a file's tensor.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; \
// RUN:   np.save('%t/w.npy', np.arange(6, dtype=np.float32).reshape(2, 3)); \
// RUN:   np.save('%t/big.npy', np.full((10, 10), 0.5, np.float32)); \
// RUN:   np.save('%t/lens.npy', np.array([3, 1], np.int32)); \
// RUN:   np.save('%t/w64.npy', np.zeros((2, 3), np.float64)); \
// RUN:   np.save('%t/w32.npy', np.zeros((3, 2), np.float32))"
// RUN: spnc-opt %s --spnc-bind-inputs="bindings=W=%t/w.npy,big=%t/big.npy,arg3=%t/lens.npy" \
// RUN:   | FileCheck %s

// The bound inputs leave the signature; the others keep their names.
// CHECK-LABEL: func.func @main_graph(
// CHECK-SAME:    %{{.*}}: tensor<2xf32> {onnx.name = "x"})
// CHECK-SAME:    -> (tensor<2x3xf32>, tensor<10x10xf32>, tensor<2xi32>, tensor<2xf32>)
// CHECK-DAG:     %[[W:.*]] = arith.constant dense<{{\[\[}}0.000000e+00, 1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00, 5.000000e+00]]> : tensor<2x3xf32>
// Large tensors are resource blobs, as the ONNX importer's initializers.
// CHECK-DAG:     %[[BIG:.*]] = arith.constant dense_resource<big> : tensor<10x10xf32>
// An input without onnx.name is argN.
// CHECK-DAG:     %[[LENS:.*]] = arith.constant dense<[3, 1]> : tensor<2xi32>
// CHECK:         return %[[W]], %[[BIG]], %[[LENS]], %{{.*}}
func.func @main_graph(%x: tensor<2xf32> {onnx.name = "x"},
                      %w: tensor<2x3xf32> {onnx.name = "W"},
                      %big: tensor<10x10xf32> {onnx.name = "big"},
                      %lens: tensor<2xi32>)
    -> (tensor<2x3xf32>, tensor<10x10xf32>, tensor<2xi32>, tensor<2xf32>) {
  return %w, %big, %lens, %x : tensor<2x3xf32>, tensor<10x10xf32>, tensor<2xi32>, tensor<2xf32>
}

// Errors name the input and what is wrong.
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=V=%t/w.npy" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: error: --bind-input: the model has no input 'V' (its inputs: 'x', 'W', 'big', 'arg3')
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=W=%t/w32.npy" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SHAPE
// SHAPE: error: --bind-input: '{{.*}}w32.npy' holds float32[3, 2] but input 'W' is float32[2, 3]
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=W=%t/w64.npy" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=DTYPE
// DTYPE: error: --bind-input: '{{.*}}w64.npy' holds float64[2, 3] but input 'W' is float32[2, 3]
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=W=%t/missing.npy" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: error: --bind-input: cannot read input 'W' from '{{.*}}missing.npy':
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=W=%t/w.npy,W=%t/w.npy" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TWICE
// TWICE: error: --bind-input: input 'W' is bound twice
// RUN: not spnc-opt %s --spnc-bind-inputs="bindings=W" 2>&1 \
// RUN:   | FileCheck %s --check-prefix=SYNTAX
// SYNTAX: error: --bind-input expects NAME=FILE, got 'W'
