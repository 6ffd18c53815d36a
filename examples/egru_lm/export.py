#!/usr/bin/python3
"""Exports the trained EGRU LM (egru_lm_weights.npz) and its companions:

  egru_lm.onnx          one step: token int64 [1] + states -> logits [1, V] + states
  vocab.json            id -> character
  heldout_sample.txt    ~4 KB of the test split (whole fortunes), for bpc
  test_data/            64 steps of PyTorch's run on the held-out sample
                        (layout: examples/common/zoo_export.py, README.md)
  metrics.json          validation / test / sample bpc and activity sparsity

    /usr/bin/python3 examples/egru_lm/export.py

The exported graph is run with a numpy ONNX interpreter over the test-data
steps and compared with PyTorch before anything is written.
"""

import json
import math
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm  # noqa: E402
from lm import fortunes  # noqa: E402
import zoo_export  # noqa: E402  (examples/common, on the path via lm)
from export_step import LMStepGraph, state_input_names, state_output_names  # noqa: E402

HERE = lm.HERE
STEPS = 64
SAMPLE_CHARS = 4000


def heldout_sample(test_text):
    """Whole fortunes from the start of the test split, >= SAMPLE_CHARS."""
    end = 0
    while end < SAMPLE_CHARS:
        end = test_text.index(fortunes.SEPARATOR, end) + len(fortunes.SEPARATOR)
    return test_text[:end]


@torch.no_grad()
def run_steps(model, tokens):
    """PyTorch's step-by-step run from the zero state: per-step outputs
    named like the graph outputs, and the smallest |c' - theta| seen."""
    H = [c.hidden_size for c in model.egru.cells]
    states = model.egru.initial_state(1)
    outs = {n: [] for n in ["logits"] + state_output_names(len(H))}
    margin = math.inf
    for tok in tokens:
        logits, states = model.step(torch.tensor([tok]), states)
        outs["logits"].append(logits.numpy())
        for l, ((y, c), cell) in enumerate(zip(states, model.egru.cells)):
            outs[f"y_{l}"].append(y.numpy())
            outs[f"c_{l}"].append(c.numpy())
            c_new = torch.where(y != 0, y, c)
            theta = cell.threshold.clamp(0, 1)
            margin = min(margin, (c_new - theta).abs().min().item())
    return {k: np.stack(v) for k, v in outs.items()}, margin


def main():
    import argparse
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--weights", default=lm.WEIGHTS)
    parser.add_argument("--out-dir", default=HERE)
    args = parser.parse_args()
    out_dir = args.out_dir
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    model = lm.load_weights(args.weights)
    data = fortunes.splits()
    sample = heldout_sample(data["test"])
    metrics = {"config": lm.CONFIG,
               "weight_sparsity_W_R": lm.weight_sparsity(model),
               "valid": lm.evaluate(model, fortunes.encode(data["valid"])),
               "test": lm.evaluate(model, fortunes.encode(data["test"])),
               "heldout_sample": lm.evaluate(model, fortunes.encode(sample),
                                             streams=1)}
    print(json.dumps(metrics, indent=1))

    L = len(lm.CONFIG["hidden_sizes"])
    in_names = ["token"] + state_input_names(L)
    out_names = ["logits"] + state_output_names(L)
    graph = LMStepGraph(model).eval()
    example = (torch.tensor([1]),) + tuple(
        t for s in model.egru.initial_state(1) for t in s)
    onnx_model = zoo_export.onnx_export(graph, example, in_names, out_names)

    tokens = fortunes.encode(sample[:STEPS])
    outputs, margin = run_steps(model, tokens)
    token_arr = tokens.reshape(STEPS, 1)
    initial = {n: np.zeros((1, h), np.float32) for n, h in
               zip(state_input_names(L),
                   [h for h in lm.CONFIG["hidden_sizes"] for _ in (0, 1)])}
    check = zoo_export.check_onnx(
        onnx_model, STEPS, {"token": token_arr},
        list(zip(state_input_names(L), state_output_names(L))), outputs, initial)
    print("ONNX vs PyTorch:", check)
    if check["max_abs_err"] > 1e-4:
        raise SystemExit("exported graph disagrees with PyTorch")

    size = zoo_export.save_model(onnx_model, os.path.join(out_dir, "egru_lm.onnx"))
    print(f"wrote egru_lm.onnx ({size} bytes)")
    with open(os.path.join(out_dir, "vocab.json"), "w") as f:
        json.dump(fortunes.vocab_json(), f, indent=1)
        f.write("\n")
    with open(os.path.join(out_dir, "heldout_sample.txt"), "w") as f:
        f.write(sample)
    meta = {"model": "egru_lm.onnx", "steps": STEPS,
            "inputs": in_names, "outputs": out_names,
            "data_inputs": {"token": "token.npy"},
            "state": [[i, o] for i, o in zip(state_input_names(L),
                                              state_output_names(L))],
            "initial_state": "all zeros",
            "text": sample[:STEPS],
            "min_abs_c_new_minus_theta": margin,
            "onnx_check": check}
    arrays = {"token": token_arr, **outputs}
    nbytes = zoo_export.write_test_data(os.path.join(out_dir, "test_data", "egru_lm"), arrays, meta)
    print(f"wrote test_data ({nbytes} bytes of .npy)")
    metrics["onnx_ops"] = sorted({n.op_type for n in onnx_model.graph.node})
    with open(os.path.join(out_dir, "metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
