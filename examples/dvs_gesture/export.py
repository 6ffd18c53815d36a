#!/usr/bin/python3
"""Exports the trained gesture classifier (dvs_gesture_weights.npz):

  dvs_gesture.onnx      one step: x [1, 512] (event counts of this bin) +
                        states -> logits [1, 6] + states
  test_data/dvs_gesture/  one test gesture, all 60 steps (layout:
                        examples/common/zoo_export.py, README.md)
  metrics.json          test accuracy, activity sparsity

    /usr/bin/python3 examples/dvs_gesture/export.py
"""

import argparse
import json
import math
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as M  # noqa: E402
import zoo_export  # noqa: E402  (examples/common)
from export_step import state_input_names, state_output_names  # noqa: E402

HERE = M.HERE
SAMPLE = 0  # index of the test gesture written as test data


class StepGraph(torch.nn.Module):
    """(x, y_prev_0, c_prev_0, ...) -> (logits, y_0, c_0, ...)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x, *flat):
        states = list(zip(flat[0::2], flat[1::2]))
        logits, states = self.model.step(x, states)
        return (logits,) + tuple(t for s in states for t in s)


@torch.no_grad()
def run_steps(model, xs):
    states = model.egru.initial_state(1)
    L = len(model.egru.cells)
    outs = {n: [] for n in ["logits"] + state_output_names(L)}
    margin = math.inf
    for x in xs:
        logits, states = model.step(torch.from_numpy(x), states)
        outs["logits"].append(logits.numpy())
        for l, ((y, c), cell) in enumerate(zip(states, model.egru.cells)):
            outs[f"y_{l}"].append(y.numpy())
            outs[f"c_{l}"].append(c.numpy())
            c_new = torch.where(y != 0, y, c)
            margin = min(margin, (c_new - cell.threshold.clamp(0, 1)).abs().min().item())
    return {k: np.stack(v) for k, v in outs.items()}, margin


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default=M.WEIGHTS)
    parser.add_argument("--out-dir", default=HERE)
    parser.add_argument("--work-dir", default="/tmp/dvs_gesture",
                        help="cache of the generated data sets")
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = M.load_weights(args.weights)
    x_test, y_test = M.dataset("test", args.work_dir)
    metrics = {"hidden_sizes": M.HIDDEN, "classes": M.events.CLASSES,
               "test": M.evaluate(model, x_test, y_test)}
    print(json.dumps(metrics, indent=1))

    L = len(M.HIDDEN)
    in_names = ["x"] + state_input_names(L)
    out_names = ["logits"] + state_output_names(L)
    init = model.egru.initial_state(1)
    example = (torch.zeros(1, M.events.INPUT_SIZE),) + tuple(t for s in init for t in s)
    onnx_model = zoo_export.onnx_export(StepGraph(model).eval(), example,
                                        in_names, out_names)

    xs = x_test[SAMPLE][:, None, :]  # [T, 1, 512]
    outputs, margin = run_steps(model, xs)
    initial = {n: t.numpy() for n, t in zip(state_input_names(L),
                                            (t for s in init for t in s))}
    check = zoo_export.check_onnx(
        onnx_model, xs.shape[0], {"x": xs},
        list(zip(state_input_names(L), state_output_names(L))), outputs, initial)
    print("ONNX vs PyTorch:", check)
    if check["max_abs_err"] > 1e-4:
        raise SystemExit("exported graph disagrees with PyTorch")
    os.makedirs(args.out_dir, exist_ok=True)
    size = zoo_export.save_model(onnx_model, os.path.join(args.out_dir, "dvs_gesture.onnx"))
    print(f"wrote dvs_gesture.onnx ({size} bytes)")
    pred = int(outputs["logits"].sum(0).argmax())
    meta = {"model": "dvs_gesture.onnx", "steps": int(xs.shape[0]),
            "inputs": in_names, "outputs": out_names,
            "data_inputs": {"x": "x.npy"},
            "state": [[i, o] for i, o in zip(state_input_names(L),
                                              state_output_names(L))],
            "initial_state": "all zeros",
            "label": int(y_test[SAMPLE]), "label_name": M.events.CLASSES[int(y_test[SAMPLE])],
            "predicted": pred, "classes": M.events.CLASSES,
            "classification": "argmax over classes of logits summed over all steps",
            "min_abs_c_new_minus_theta": margin, "onnx_check": check}
    nbytes = zoo_export.write_test_data(
        os.path.join(args.out_dir, "test_data", "dvs_gesture"),
        {"x": xs, **outputs}, meta)
    print(f"wrote test_data/dvs_gesture ({nbytes} bytes of .npy)")
    metrics["onnx_ops"] = sorted({n.op_type for n in onnx_model.graph.node})
    with open(os.path.join(args.out_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
