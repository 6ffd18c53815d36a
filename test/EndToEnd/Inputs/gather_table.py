"""Writes a step function that looks up row `token` of a 40 x 1024 table
(too large for one PE, so the gather is cut into column slices)."""
import numpy as np

rows, cols = 40, 1024
table = (np.arange(rows * cols, dtype=np.float32).reshape(rows, cols) * 0.001
         + 1).astype(np.float32)
print(f"""#map = affine_map<(d0, d1) -> (d0)>
#map1 = affine_map<(d0, d1) -> (d0, d1)>
func.func @main_graph(%tok: tensor<1xi64> {{onnx.name = "token"}}) -> (tensor<1x{cols}xf32> {{onnx.name = "row"}}) {{
  %c0 = arith.constant 0 : index
  %cmax = arith.constant {rows - 1} : index
  %table = arith.constant dense<"0x{table.tobytes().hex()}"> : tensor<{rows}x{cols}xf32>
  %e = tensor.empty() : tensor<1x{cols}xf32>
  %r = linalg.generic {{indexing_maps = [#map, #map1], iterator_types = ["parallel", "parallel"]}} ins(%tok : tensor<1xi64>) outs(%e : tensor<1x{cols}xf32>) {{
  ^bb0(%in: i64, %out: f32):
    %i = arith.index_cast %in : i64 to index
    %lo = arith.maxsi %i, %c0 : index
    %row = arith.minsi %lo, %cmax : index
    %col = linalg.index 1 : index
    %v = tensor.extract %table[%row, %col] : tensor<{rows}x{cols}xf32>
    linalg.yield %v : f32
  }} -> tensor<1x{cols}xf32>
  return %r : tensor<1x{cols}xf32>
}}""")
