// A step with internal recurrent state (event.state) and constant inputs:
// c accumulates x and fires above theta with a soft reset. Hand-computed
// (exact in binary floating point) for three steps:
//   unit 0: x 0.5,  theta 1.0: c 0.5, 1.0 (= theta: silent), 1.5 -> fires
//   unit 1: x 0.25, theta 0.5: c 0.25, 0.5 (silent), 0.75 -> fires
//   unit 2: x 1.0,  theta 0.5: fires every step: 1.0, 1.5, 2.0
//   unit 3: x -0.5, theta 0.0: never fires, y = c * 0 = -0
// `c_old` is the state read at the start of the step, returned after the
// step wrote the new state: a read is a snapshot.
event.state @c : tensor<4xf32>
func.func @step() -> (tensor<4xf32> {onnx.name = "y"}, tensor<4xf32> {onnx.name = "c"}, tensor<4xf32> {onnx.name = "c_old"}) {
  %x = arith.constant dense<[0.5, 0.25, 1.0, -0.5]> : tensor<4xf32>
  %theta = arith.constant dense<[1.0, 0.5, 0.5, 0.0]> : tensor<4xf32>
  %c = event.state_read @c : tensor<4xf32>
  %v = arith.addf %c, %x : tensor<4xf32>
  %y, %v1 = event.threshold %v, %theta : tensor<4xf32>, tensor<4xf32>
  event.state_write %v1, @c : tensor<4xf32>
  %d = event.to_dense %y : !event.events<4xf32>
  return %d, %v1, %c : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}
func.func @expected() -> (tensor<3x4xf32> {onnx.name = "y"}, tensor<3x4xf32> {onnx.name = "c"}, tensor<3x4xf32> {onnx.name = "c_old"}) {
  %y = arith.constant dense<[[0.0, 0.0, 1.0, -0.0], [0.0, 0.0, 1.5, -0.0], [1.5, 0.75, 2.0, -0.0]]> : tensor<3x4xf32>
  %c = arith.constant dense<[[0.5, 0.25, 0.5, -0.5], [1.0, 0.5, 1.0, -1.0], [0.5, 0.25, 1.5, -1.5]]> : tensor<3x4xf32>
  %old = arith.constant dense<[[0.0, 0.0, 0.0, 0.0], [0.5, 0.25, 0.5, -0.5], [1.0, 0.5, 1.0, -1.0]]> : tensor<3x4xf32>
  return %y, %c, %old : tensor<3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>
}
