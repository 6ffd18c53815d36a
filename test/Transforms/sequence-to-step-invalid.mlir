// What spnc-sequence-to-step refuses, each with a diagnostic naming the op.
// RUN: spnc-opt %s -split-input-file -verify-diagnostics --spnc-sequence-to-step

// expected-error @+1 {{--sequence-to-step: @main_graph has no loop over time (scf.for) to turn into a step; it may be a one-step function already}}
func.func @main_graph(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}

// -----

// A reversed sequence (ONNX direction = reverse) reads step T - 1 - t.
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %r = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> tensor<4xf32> {
    // expected-error @+1 {{the loop uses its time index in 'arith.subi'; only reading step t of a graph input and writing step t of an output can become a step (the sequence is read backwards: direction=reverse)}}
    %rt = arith.subi %c2, %t : index
    %x = tensor.extract_slice %X[%rt, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %s = arith.addf %acc, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// A per-row sequence_lens mask compares t with each row's length.
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}, %len: tensor<4xi32> {onnx.name = "sequence_lens"}) -> tensor<4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %r = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> tensor<4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    // expected-error @+1 {{the loop uses its time index in 'arith.index_cast'; only reading step t of a graph input and writing step t of an output can become a step (e.g. a sequence_lens mask: bind sequence_lens to lengths of at least 3)}}
    %ti = arith.index_cast %t : index to i32
    %s = arith.addf %acc, %x : tensor<4xf32>
    %m = tensor.empty() : tensor<4xf32>
    %sel = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]}
        ins(%len, %s, %acc : tensor<4xi32>, tensor<4xf32>, tensor<4xf32>) outs(%m : tensor<4xf32>) {
    ^bb0(%l: i32, %a: f32, %b: f32, %o: f32):
      %in = arith.cmpi slt, %ti, %l : i32
      %v = arith.select %in, %a, %b : f32
      linalg.yield %v : f32
    } -> tensor<4xf32>
    scf.yield %sel : tensor<4xf32>
  }
  return %r : tensor<4xf32>
}

// -----

// Two loops: a bidirectional layer, or two stacked layers.
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}) -> (tensor<4xf32>, tensor<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %a = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> tensor<4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %s = arith.addf %acc, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  // expected-error @+1 {{--sequence-to-step: @main_graph has 2 loops over time (a bidirectional or stacked recurrent layer, or several recurrent nodes); one is supported}}
  %b = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> tensor<4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %s = arith.mulf %acc, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  return %a, %b : tensor<4xf32>, tensor<4xf32>
}

// -----

// Each step writes one of two directions of Y's step.
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}) -> tensor<3x2x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %y0 = tensor.empty() : tensor<3x2x4xf32>
  %r = scf.for %t = %c0 to %c3 step %c1 iter_args(%y = %y0) -> tensor<3x2x4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    // expected-error @+1 {{each step writes only part of the step's output (e.g. one direction of a bidirectional layer)}}
    %yn = tensor.insert_slice %x into %y[%t, 0, 0] [1, 1, 4] [1, 1, 1] : tensor<4xf32> into tensor<3x2x4xf32>
    scf.yield %yn : tensor<3x2x4xf32>
  }
  return %r : tensor<3x2x4xf32>
}

// -----

// The sequence output feeds another op (e.g. a second layer).
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}) -> tensor<3x4xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %y0 = tensor.empty() : tensor<3x4xf32>
  %r = scf.for %t = %c0 to %c3 step %c1 iter_args(%y = %y0) -> tensor<3x4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %yn = tensor.insert_slice %x into %y[%t, 0] [1, 4] [1, 1] : tensor<4xf32> into tensor<3x4xf32>
    scf.yield %yn : tensor<3x4xf32>
  }
  // expected-error @+1 {{the sequence output of the loop is used by 'arith.addf'; it can only be returned}}
  %twice = arith.addf %r, %r : tensor<3x4xf32>
  return %twice : tensor<3x4xf32>
}

// -----

// X is also read whole, outside the loop.
func.func @main_graph(%X: tensor<3x4xf32> {onnx.name = "X"}) -> (tensor<4xf32>, tensor<3x4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %r = scf.for %t = %c0 to %c3 step %c1 iter_args(%acc = %zero) -> tensor<4xf32> {
    %x = tensor.extract_slice %X[%t, 0] [1, 4] [1, 1] : tensor<3x4xf32> to tensor<4xf32>
    %s = arith.addf %acc, %x : tensor<4xf32>
    scf.yield %s : tensor<4xf32>
  }
  // expected-error @+1 {{graph input 'X' is also used other than as step t of the loop}}
  return %r, %X : tensor<4xf32>, tensor<3x4xf32>
}
