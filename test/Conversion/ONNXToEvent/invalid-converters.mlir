// Diagnostics of the non-recurrent converters for nodes that ONNX's checker
// and shape inference would already reject in a model file.
// RUN: spnc-opt %s -split-input-file -convert-onnx-to-event -verify-diagnostics

func.func @softmax_bad_axis(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{node 'Softmax' (Softmax, opset 13): axis 2 is out of range for rank 2}}
  %0 = onnx.node "Softmax"(%x) {opset = 13 : i64, attrs = {axis = 2 : i64}} : (tensor<2x3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @concat_bad_axis(%x: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+1 {{axis -3 is out of range for rank 2}}
  %0 = onnx.node "Concat"(%x, %x) {opset = 13 : i64, attrs = {axis = -3 : i64}} : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @reduce_repeated_axis(%x: tensor<2x3xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{axis -1 is repeated}}
  %0 = onnx.node "ReduceMean"(%x) {opset = 13 : i64, attrs = {axes = array<i64: 1, -1>, keepdims = 0 : i64}} : (tensor<2x3xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @squeeze_not_one(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+1 {{cannot squeeze axis 0 of size 2}}
  %0 = onnx.node "Squeeze"(%x) {opset = 11 : i64, attrs = {axes = array<i64: 0>}} : (tensor<2x3xf32>) -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @transpose_bad_perm(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+1 {{perm [1, 1] is not a permutation of the 2 input dimensions}}
  %0 = onnx.node "Transpose"(%x) {opset = 13 : i64, attrs = {perm = array<i64: 1, 1>}} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @reshape_two_inferred(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %shape = arith.constant dense<[-1, -1]> : tensor<2xi64>
  // expected-error @+1 {{shape has more than one -1 entry}}
  %0 = onnx.node "Reshape"(%x, %shape) {opset = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @reshape_wrong_result(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %shape = arith.constant dense<[2, 3]> : tensor<2xi64>
  // expected-error @+1 {{computed output shape [2, 3] differs from the output type 'tensor<3x2xf32>'}}
  %0 = onnx.node "Reshape"(%x, %shape) {opset = 13 : i64} : (tensor<2x3xf32>, tensor<2xi64>) -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @split_does_not_add_up(%x: tensor<6xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // expected-error @+1 {{split [2, 2] does not divide dimension 0 of size 6 into 2 outputs}}
  %0:2 = onnx.node "Split"(%x) {opset = 11 : i64, attrs = {split = array<i64: 2, 2>}} : (tensor<6xf32>) -> (tensor<2xf32>, tensor<2xf32>)
  return %0#0, %0#1 : tensor<2xf32>, tensor<2xf32>
}

// -----

func.func @slice_zero_step(%x: tensor<6xf32>) -> tensor<6xf32> {
  %start = arith.constant dense<0> : tensor<1xi64>
  %end = arith.constant dense<6> : tensor<1xi64>
  %step = arith.constant dense<0> : tensor<1xi64>
  %none = onnx.absent
  // expected-error @+1 {{slice step must not be 0}}
  %0 = onnx.node "Slice"(%x, %start, %end, %none, %step) {opset = 13 : i64} : (tensor<6xf32>, tensor<1xi64>, tensor<1xi64>, none, tensor<1xi64>) -> tensor<6xf32>
  return %0 : tensor<6xf32>
}

// -----

func.func @gather_float_indices(%x: tensor<6xf32>, %i: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{indices must be int32 or int64, got 'tensor<2xf32>'}}
  %0 = onnx.node "Gather"(%x, %i) {opset = 13 : i64} : (tensor<6xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @no_broadcast(%x: tensor<2x3xf32>, %y: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{input #1 of type 'tensor<2xf32>' does not broadcast to the result type 'tensor<2x3xf32>'}}
  %0 = onnx.node "Add"(%x, %y) {opset = 13 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @mixed_element_types(%x: tensor<2xf32>, %y: tensor<2xf16>) -> tensor<2xf32> {
  // expected-error @+1 {{input #1 has element type 'f16' but input #0 has 'f32'}}
  %0 = onnx.node "Mul"(%x, %y) {opset = 13 : i64} : (tensor<2xf32>, tensor<2xf16>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @float_op_on_integers(%x: tensor<2xi32>) -> tensor<2xi32> {
  // expected-error @+1 {{input #0 has element type 'i32', which this converter does not support (supported: floating point)}}
  %0 = onnx.node "Sqrt"(%x) {opset = 13 : i64} : (tensor<2xi32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @arith_on_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{input #0 has element type 'i1', which this converter does not support (supported: floating point, signed integers, unsigned integers)}}
  %0 = onnx.node "Add"(%x, %x) {opset = 13 : i64} : (tensor<2xi1>, tensor<2xi1>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @where_non_bool(%c: tensor<2xf32>, %x: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{condition (input #0) must be bool, got 'tensor<2xf32>'}}
  %0 = onnx.node "Where"(%c, %x, %x) {opset = 16 : i64} : (tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @clip_non_scalar_bound(%x: tensor<4xf32>, %lo: tensor<2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{min (input #1) must be a scalar of the input's element type, got 'tensor<2xf32>'}}
  %0 = onnx.node "Clip"(%x, %lo) {opset = 13 : i64} : (tensor<4xf32>, tensor<2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @matmul_inner_mismatch(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+1 {{inner dimensions differ: 'tensor<2x3xf32>' x 'tensor<4x5xf32>'}}
  %0 = onnx.node "MatMul"(%a, %b) {opset = 13 : i64} : (tensor<2x3xf32>, tensor<4x5xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_batch_mismatch(%a: tensor<2x3x4xf32>, %b: tensor<3x4x5xf32>) -> tensor<2x3x5xf32> {
  // expected-error @+1 {{batch dimensions of 'tensor<2x3x4xf32>' and 'tensor<3x4x5xf32>' do not broadcast}}
  %0 = onnx.node "MatMul"(%a, %b) {opset = 13 : i64} : (tensor<2x3x4xf32>, tensor<3x4x5xf32>) -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

func.func @gemm_bad_bias(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<3xf32>) -> tensor<2x4xf32> {
  // expected-error @+1 {{C of type 'tensor<3xf32>' does not broadcast to 'tensor<2x4xf32>'}}
  %0 = onnx.node "Gemm"(%a, %b, %c) {opset = 13 : i64} : (tensor<2x3xf32>, tensor<3x4xf32>, tensor<3xf32>) -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @layernorm_stash_type(%x: tensor<2x3xf32>, %w: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{unsupported stash_type 7}}
  %0 = onnx.node "LayerNormalization"(%x, %w) {opset = 17 : i64, attrs = {stash_type = 7 : i64}} : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @layernorm_bad_scale(%x: tensor<2x3xf32>, %w: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{Scale of type 'tensor<2xf32>' does not match the normalized shape of 'tensor<2x3xf32>'}}
  %0 = onnx.node "LayerNormalization"(%x, %w) {opset = 17 : i64} : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
