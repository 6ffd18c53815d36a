// One value returned as several results (CSE merges equal graph outputs;
// empty splits share one tensor.empty): every result gets its own out
// parameter, filled with the value. buffer-results-to-out-params alone
// crashes on it (spnc-distinct-result-buffers).
// RUN: spnc-opt %s --spnc-event-to-llvm-host | FileCheck %s
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy; numpy.save('%t/x.npy', numpy.array([1.5, -2.0, 0.25], dtype=numpy.float32))"
// RUN: spnc-run --target=host %s --input x=%t/x.npy --output-dir %t/out
// RUN: %python -c "import numpy; numpy.save('%t/doubled.npy', numpy.array([3.0, -4.0, 0.5], dtype=numpy.float32)); numpy.save('%t/empty.npy', numpy.zeros((0,), dtype=numpy.float32))"
// RUN: spnc-compare --rtol=0 --atol=0 %t/out/a.npy %t/doubled.npy %t/out/b.npy %t/doubled.npy \
// RUN:   %t/out/e1.npy %t/empty.npy %t/out/e2.npy %t/empty.npy %t/out/e3.npy %t/empty.npy

// CHECK: llvm.func @_mlir_ciface_main_graph(%{{.*}}: !llvm.ptr {onnx.name = "x"}, %{{.*}}: !llvm.ptr {onnx.name = "a"}, %{{.*}}: !llvm.ptr {onnx.name = "b"}, %{{.*}}: !llvm.ptr {onnx.name = "e1"}, %{{.*}}: !llvm.ptr {onnx.name = "e2"}, %{{.*}}: !llvm.ptr {onnx.name = "e3"})
func.func @main_graph(%x: tensor<3xf32> {onnx.name = "x"})
    -> (tensor<3xf32> {onnx.name = "a"}, tensor<3xf32> {onnx.name = "b"},
        tensor<0xf32> {onnx.name = "e1"}, tensor<0xf32> {onnx.name = "e2"},
        tensor<0xf32> {onnx.name = "e3"}) {
  %y = arith.addf %x, %x : tensor<3xf32>
  %e = tensor.empty() : tensor<0xf32>
  return %y, %y, %e, %e, %e
      : tensor<3xf32>, tensor<3xf32>, tensor<0xf32>, tensor<0xf32>,
        tensor<0xf32>
}
