"""Export and test-data helpers shared by the model zoo (egru_lm, spikegpt,
dvs_gesture).

Test-data layout (every zoo model, `<model>/test_data/`):

  meta.json          the graph's input/output names in order, the number of
                     steps T, which inputs are per-step data and which are
                     state (fed back), the initial state values, and the
                     numerical margins (how close PyTorch's run came to a
                     threshold), plus the check of the ONNX graph against
                     PyTorch done at export time
  <input>.npy        per-step data inputs, stacked: [T, *input shape]
                     (e.g. token.npy int64 [T, 1], x.npy float32 [T, 1, N])
  <output>.npy       every graph output at every step, stacked:
                     [T, *output shape] float32 (logits and the new states)

Step t (0-based) of the graph is fed the data inputs [t] and, as state, the
state outputs of step t-1 (the initial state at t = 0); its outputs are
<output>.npy[t]. The final states are <state output>.npy[T-1].
"""

import json
import os
import sys

import numpy as np
import onnx

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "egru"))
sys.path.insert(0, HERE)

import onnx_numpy  # noqa: E402
from export_step import export as onnx_export  # noqa: E402,F401  (opset 14)
from export_step import OPSET  # noqa: E402,F401


def check_onnx(model, steps, data_inputs, state_pairs, outputs, initial):
    """Runs the ONNX graph with the numpy interpreter for `steps` steps,
    feeding the data inputs and, as state, the graph's own previous outputs
    (free running, like a deployed model), and compares every output with
    PyTorch's. Returns the max abs/rel error and the number of steps before
    the first disagreement in a binary quantity (spikes), if any."""
    state = dict(initial)
    max_abs = max_rel = 0.0
    for t in range(steps):
        feeds = {name: arr[t] for name, arr in data_inputs.items()}
        feeds.update(state)
        got = onnx_numpy.run(model, feeds)
        for name, ref in outputs.items():
            diff = np.abs(got[name].astype(np.float64) - ref[t])
            max_abs = max(max_abs, float(diff.max()))
            rel = diff / np.maximum(np.abs(ref[t]), 1e-3)
            max_rel = max(max_rel, float(rel.max()))
        state = {inp: got[out] for inp, out in state_pairs}
    return {"steps": steps, "max_abs_err": max_abs,
            "max_rel_err_floor_1e-3": max_rel,
            "evaluator": "examples/common/onnx_numpy.py (numpy float32), "
                         "free running"}


def write_test_data(directory, arrays, meta):
    os.makedirs(directory, exist_ok=True)
    for old in os.listdir(directory):
        if old.endswith(".npy"):
            os.remove(os.path.join(directory, old))
    total = 0
    for name, arr in arrays.items():
        path = os.path.join(directory, name + ".npy")
        np.save(path, np.ascontiguousarray(arr))
        total += os.path.getsize(path)
    with open(os.path.join(directory, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
        f.write("\n")
    return total


def save_model(model, path):
    onnx.checker.check_model(model)
    data = model.SerializeToString()
    with open(path, "wb") as f:
        f.write(data)
    return len(data)
