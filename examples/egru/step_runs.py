#!/usr/bin/python3
"""PyTorch's multi-step runs of the EGRU step models, as test data.

    /usr/bin/python3 examples/egru/step_runs.py --out-dir DIR [--steps 64]

Rebuilds the seeded step models of export_step.py (the same weights as the
committed egru_step.onnx / egru_step_2layer.onnx), exports them into DIR and
runs each with PyTorch (float32, eval mode, one thread) for --steps steps
from the zero state on a seeded input sequence. Writes, per model:

  DIR/<model>.onnx
  DIR/test_data/<model>/x.npy          [T, 1, 8] the input of every step
  DIR/test_data/<model>/<y_l|c_l>.npy  [T, 1, H] every state output of
                                       every step (layout:
                                       examples/common/zoo_export.py)
  DIR/test_data/<model>/meta.json      incl. min |c' - theta| and activity

Used by test/Zoo/egru-step.test, which runs the exported step with
`spnc-run --steps T` (state fed back by name) and compares every step.

The input scale makes the units fire on a fraction of the steps; the run
is refused if some c' comes closer than MIN_MARGIN to its threshold (float32
rounding could then flip an event and the comparison would test nothing but
that coincidence) or if a layer never or always fires.
"""

import argparse
import math
import os
import sys

import numpy as np
import torch

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "common"))
from export_step import (StepGraph, build_step, build_step_module,  # noqa: E402
                         state_input_names, state_output_names)
import zoo_export  # noqa: E402

MODELS = {"egru_step": [16], "egru_step_2layer": [16, 16]}
MIN_MARGIN = 1e-5
INPUT_SEED = 1234


@torch.no_grad()
def run_steps(graph, xs, hidden_sizes):
    """Free-running PyTorch steps from the zero state: the stacked outputs
    (named like the graph outputs), min |c' - theta| and the firing rate
    per layer."""
    flat = [torch.zeros(1, h) for h in hidden_sizes for _ in (0, 1)]
    names = state_output_names(len(hidden_sizes))
    outs = {n: [] for n in names}
    margin = math.inf
    fired = np.zeros(len(hidden_sizes))
    for x in xs:
        flat = list(graph(torch.from_numpy(x), *flat))
        for l, cell in enumerate(graph.egru.cells):
            y, c = flat[2 * l], flat[2 * l + 1]
            # c' is y where the unit fired, c where it did not.
            c_new = torch.where(y != 0, y, c)
            theta = cell.threshold.clamp(0, 1)
            margin = min(margin, (c_new - theta).abs().min().item())
            fired[l] += (y != 0).sum().item()
        for n, t in zip(names, flat):
            outs[n].append(t.numpy().copy())
    rates = fired / (len(xs) * np.array(hidden_sizes))
    return {k: np.stack(v) for k, v in outs.items()}, margin, rates.tolist()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--steps", type=int, default=64)
    parser.add_argument("--input-scale", type=float, default=2.0,
                        help="standard deviation of the random inputs")
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.out_dir, exist_ok=True)
    for stem, hidden_sizes in MODELS.items():
        model, _ = build_step(hidden_sizes)
        zoo_export.save_model(model, os.path.join(args.out_dir, stem + ".onnx"))
        graph = StepGraph(build_step_module(hidden_sizes)).eval()
        rng = np.random.default_rng(INPUT_SEED)
        xs = (args.input_scale
              * rng.standard_normal((args.steps, 1, 8))).astype(np.float32)
        outputs, margin, rates = run_steps(graph, xs, hidden_sizes)
        if margin < MIN_MARGIN:
            raise SystemExit(f"{stem}: some c' comes within {margin:.2g} of "
                             "its threshold; choose another input seed")
        if not all(0 < r < 1 for r in rates):
            raise SystemExit(f"{stem}: firing rates per layer {rates}; the run "
                             "would not exercise the threshold")
        L = len(hidden_sizes)
        meta = {"model": stem + ".onnx", "steps": args.steps,
                "inputs": ["x"] + state_input_names(L),
                "outputs": state_output_names(L),
                "data_inputs": {"x": "x.npy"},
                "state": [[i, o] for i, o in zip(state_input_names(L),
                                                  state_output_names(L))],
                "initial_state": "all zeros",
                "input": f"N(0, {args.input_scale}^2), numpy seed {INPUT_SEED}",
                "firing_rate_per_layer": rates,
                "min_abs_c_new_minus_theta": margin}
        zoo_export.write_test_data(os.path.join(args.out_dir, "test_data", stem),
                                   {"x": xs, **outputs}, meta)
        print(f"{stem}: {args.steps} steps, firing rates "
              f"{', '.join(f'{r:.2f}' for r in rates)}, min |c' - theta| "
              f"{margin:.2g}")


if __name__ == "__main__":
    main()
