"""Writes small ONNX GRU models that take their weights as graph inputs,
and the tensors to bind them to, into the directory given:

  gru_<direction>.onnx   X [T=4, B=2, I=3], W, R, B -> Y, Y_h
  gru_lens.onnx          ... and sequence_lens [B] as a graph input
  W.npy, R.npy, B.npy, lens_full.npy ([4, 4]), lens_short.npy ([4, 2])
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper

T, BATCH, INPUT, HIDDEN = 4, 2, 3, 5


def gru(path, direction, with_lengths=False):
    dirs = 2 if direction == "bidirectional" else 1
    inputs = [
        helper.make_tensor_value_info("X", TensorProto.FLOAT, [T, BATCH, INPUT]),
        helper.make_tensor_value_info("W", TensorProto.FLOAT, [dirs, 3 * HIDDEN, INPUT]),
        helper.make_tensor_value_info("R", TensorProto.FLOAT, [dirs, 3 * HIDDEN, HIDDEN]),
        helper.make_tensor_value_info("B", TensorProto.FLOAT, [dirs, 6 * HIDDEN]),
    ]
    node_inputs = ["X", "W", "R", "B"]
    if with_lengths:
        inputs.append(helper.make_tensor_value_info(
            "sequence_lens", TensorProto.INT32, [BATCH]))
        node_inputs.append("sequence_lens")
    node = helper.make_node("GRU", node_inputs, ["Y", "Y_h"],
                            hidden_size=HIDDEN, direction=direction)
    outputs = [
        helper.make_tensor_value_info("Y", TensorProto.FLOAT, [T, dirs, BATCH, HIDDEN]),
        helper.make_tensor_value_info("Y_h", TensorProto.FLOAT, [dirs, BATCH, HIDDEN]),
    ]
    graph = helper.make_graph([node], "gru", inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 14)])
    onnx.save(model, path)


def main(out):
    for direction in ("forward", "reverse", "bidirectional"):
        gru(os.path.join(out, "gru_%s.onnx" % direction), direction)
    gru(os.path.join(out, "gru_lens.onnx"), "forward", with_lengths=True)
    rng = np.random.default_rng(5)
    for dirs, suffix in ((1, ""), (2, "2")):
        np.save(os.path.join(out, "W%s.npy" % suffix),
                rng.standard_normal((dirs, 3 * HIDDEN, INPUT)).astype(np.float32))
        np.save(os.path.join(out, "R%s.npy" % suffix),
                rng.standard_normal((dirs, 3 * HIDDEN, HIDDEN)).astype(np.float32))
        np.save(os.path.join(out, "B%s.npy" % suffix),
                rng.standard_normal((dirs, 6 * HIDDEN)).astype(np.float32))
    np.save(os.path.join(out, "lens_full.npy"), np.array([T, T], np.int32))
    np.save(os.path.join(out, "lens_short.npy"), np.array([T, 2], np.int32))
    np.save(os.path.join(out, "x.npy"),
            rng.standard_normal((T, BATCH, INPUT)).astype(np.float32))


if __name__ == "__main__":
    main(sys.argv[1])
