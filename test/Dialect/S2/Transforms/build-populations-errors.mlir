// RUN: spnc-opt %s -split-input-file -verify-diagnostics --allow-unregistered-dialect --s2-build-populations

func.func @unsupported(%x: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'arith.addf' is not supported on SpiNNaker 2 yet; run with --target=host}}
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}

// -----

// An op without results that reads the inputs.
func.func @sink(%x: tensor<4xf32>) {
  // expected-error @+1 {{'test.sink' is not supported on SpiNNaker 2 yet; run with --target=host}}
  "test.sink"(%x) : (tensor<4xf32>) -> ()
  return
}

// -----

func.func @batch(%x: tensor<2x2xf32>, %y: tensor<2x2xf32>, %c: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %W = arith.constant dense<0.5> : tensor<6x2xf32>
  %b = arith.constant dense<0.0> : tensor<6xf32>
  %t = arith.constant dense<0.5> : tensor<2xf32>
  %e = event.from_dense %y : tensor<2x2xf32> -> !event.events<2x2xf32>
  // expected-error @+1 {{'event.egru_step' cannot be mapped to SpiNNaker 2: batch of 2 (one sample per step is supported; run with --target=host)}}
  %y1, %c1 = event.egru_step %x, %e, %c weights(%W, %W) bias(%b, %b) threshold(%t) : tensor<2x2xf32>, !event.events<2x2xf32>, tensor<2x2xf32>, tensor<6x2xf32>, tensor<6x2xf32>, tensor<6xf32>, tensor<6xf32>, tensor<2xf32>
  return %c1 : tensor<2x2xf32>
}

// -----

func.func @weights(%x: tensor<1x2xf32>, %h: tensor<1x2xf32>, %W: tensor<2x2xf32>) -> tensor<1x2xf32> {
  %b = arith.constant dense<0.0> : tensor<2xf32>
  // expected-error @+1 {{'event.rnn_step' cannot be mapped to SpiNNaker 2: operand 'W' is computed at run time; the chip needs constant weights and parameters}}
  %o = event.rnn_step %x, %h weights(%W, %W) bias(%b, %b) : tensor<1x2xf32>, tensor<1x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<2xf32>, tensor<2xf32>
  return %o : tensor<1x2xf32>
}

// -----

func.func @product(%a: tensor<1x2xf32>, %b: tensor<2x3xf32>) -> tensor<1x3xf32> {
  %zero = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<1x3xf32>
  %init = linalg.fill ins(%zero : f32) outs(%e : tensor<1x3xf32>) -> tensor<1x3xf32>
  // expected-error @+1 {{'linalg.matmul' cannot be mapped to SpiNNaker 2: a matmul needs one constant operand (the weights)}}
  %p = linalg.matmul ins(%a, %b : tensor<1x2xf32>, tensor<2x3xf32>) outs(%init : tensor<1x3xf32>) -> tensor<1x3xf32>
  return %p : tensor<1x3xf32>
}

// -----

// expected-error @+1 {{expected one public function with a body (the step function), found 2; name it with function=}}
module {
  func.func @a() {
    return
  }
  func.func @b() {
    return
  }
}

// -----

// expected-error @+1 {{the module already has an s2.machine}}
module {
  func.func @a() {
    return
  }
  s2.machine @machine step @a system "chip" dvfs "PL4" {
  }
}

// -----

event.state @s : tensor<4xf32>
func.func @unwritten() -> tensor<4xf32> {
  %s = event.state_read @s : tensor<4xf32>
  %t = arith.constant dense<0.5> : tensor<4xf32>
  // expected-error @+1 {{'event.threshold' reads event.state @s, which no mapped op writes}}
  %y, %v = event.threshold %s, %t : tensor<4xf32>, tensor<4xf32>
  %d = event.to_dense %y : !event.events<4xf32>
  return %d : tensor<4xf32>
}
