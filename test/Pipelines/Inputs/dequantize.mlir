// event.dequantize on run-time operands, for the host runner.
func.func @dequantize(%q: tensor<5x7xi8> {onnx.name = "q"}, %s: tensor<5xf32> {onnx.name = "s"}) -> (tensor<5x7xf32> {onnx.name = "w"}) {
  %w = event.dequantize %q, %s : tensor<5x7xi8>, tensor<5xf32> -> tensor<5x7xf32>
  return %w : tensor<5x7xf32>
}
