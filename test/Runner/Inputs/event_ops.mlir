// Event ops with graph-like names, one entry per op, for event-ops.test.
func.func @wkv(%k: tensor<2x8xf32> {onnx.name = "k"}, %v: tensor<2x8xf32> {onnx.name = "v"},
               %w: tensor<8xf32> {onnx.name = "w"}, %u: tensor<8xf32> {onnx.name = "u"},
               %aa: tensor<2x8xf32> {onnx.name = "aa"}, %bb: tensor<2x8xf32> {onnx.name = "bb"},
               %pp: tensor<2x8xf32> {onnx.name = "pp"})
    -> (tensor<2x8xf32> {onnx.name = "wkv"}, tensor<2x8xf32> {onnx.name = "aa_next"},
        tensor<2x8xf32> {onnx.name = "bb_next"}, tensor<2x8xf32> {onnx.name = "pp_next"}) {
  %r:4 = event.wkv_step %k, %v, %w, %u, %aa, %bb, %pp : tensor<2x8xf32>, tensor<8xf32>
  return %r#0, %r#1, %r#2, %r#3 : tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>, tensor<2x8xf32>
}

func.func @lif(%x: tensor<64xf32> {onnx.name = "x"}, %v: tensor<64xf32> {onnx.name = "v"})
    -> (tensor<64xf32> {onnx.name = "spikes"}, tensor<64xf32> {onnx.name = "v_next"}) {
  %s, %v1 = event.lif %x, %v {tau = 2.0 : f32, v_threshold = 0.5 : f32, v_reset = -0.125 : f32} : tensor<64xf32>
  %d = event.to_dense %s : !event.events<64xf32, binary>
  return %d, %v1 : tensor<64xf32>, tensor<64xf32>
}

func.func @heaviside(%x: tensor<4x8xf32> {onnx.name = "x"})
    -> (tensor<4x8xf32> {onnx.name = "strict"}, tensor<4x8xf32> {onnx.name = "non_strict"}) {
  %s = event.heaviside %x : tensor<4x8xf32>
  %t = event.heaviside %x {strict = false} : tensor<4x8xf32>
  %ds = event.to_dense %s : !event.events<4x8xf32, binary>
  %dt = event.to_dense %t : !event.events<4x8xf32, binary>
  return %ds, %dt : tensor<4x8xf32>, tensor<4x8xf32>
}

func.func @accumulate(%W: tensor<6x10xf32> {onnx.name = "W"}, %x: tensor<3x10xf32> {onnx.name = "x"},
                      %x1: tensor<10xf32> {onnx.name = "x1"})
    -> (tensor<3x6xf32> {onnx.name = "batched"}, tensor<6xf32> {onnx.name = "single"}) {
  %e = event.from_dense %x : tensor<3x10xf32> -> !event.events<3x10xf32>
  %e1 = event.from_dense %x1 : tensor<10xf32> -> !event.events<10xf32, binary>
  %a = event.accumulate %W, %e : tensor<6x10xf32>, !event.events<3x10xf32>
  %b = event.accumulate %W, %e1 : tensor<6x10xf32>, !event.events<10xf32, binary>
  return %a, %b : tensor<3x6xf32>, tensor<6xf32>
}
