#!/usr/bin/python3
"""Exports a multi-layer EGRU over T time steps as one ONNX graph.

    /usr/bin/python3 examples/egru/export_sequence.py --out-dir DIR \\
        [--steps 50] [--batch 2] [--hidden 16,16]

Writes DIR/egru_seq.onnx and DIR/test_data/egru_seq{,_windows}/ (PyTorch's
runs on a seeded input and seeded initial states; layout below). The weights are
those of export_step.py's step model with the same hidden sizes (seed 0:
for 16,16 the EGRU of egru_step_2layer.onnx).

The graph (opset 14, `EGRU.forward` traced by torch.onnx.export):

  inputs   x [T, B, I], then y_prev_l, c_prev_l [B, H_l] per layer
           (the initial state)
  outputs  y_seq [T, B, H_last] (the last layer's events at every step),
           then y_l, c_l [B, H_l] per layer (the final state)

The state names follow docs/StateConvention.md (`y_prev_l` pairs with
`y_l`), so `spnc-run --steps N` can also chain N such windows of T steps.

Tracing cannot keep a Python loop: the graph is the loop unrolled, T copies
of the step (one Split of x into T slices + a Squeeze per step, the Linear
layers become Gemm on the shared weight initializers, the events of the
last layer are Unsqueezed and Concatenated into y_seq; 2709 nodes for
2 layers x 50 steps). T and B are therefore fixed in the graph. The
alternative, torch.jit.script (after adding type annotations to
EGRUCell.forward), exports an ONNX Loop whose body appends to a tensor
sequence (SequenceEmpty, Loop, ConcatFromSequence) with dynamic output
shapes; spnc imports neither Loop nor sequence types.

Test data, PyTorch's float32 results:

  test_data/egru_seq/          one window: `x.npy` [T, B, I],
                               `<state input>.npy` [B, H] (the initial
                               state: random c, graded y where a unit had
                               fired), `y_seq.npy` and the final
                               `<y_l|c_l>.npy`
  test_data/egru_seq_windows/  --windows W windows of T steps chained
                               through the state (what `spnc-run --steps W`
                               does): `x.npy` [W, T, B, I], the same initial
                               state, every output stacked per window,
                               `y_seq.npy` [W, T, B, H], `<y_l|c_l>.npy`
                               [W, B, H]

meta.json holds min |c' - theta| over the run (how much rounding the run
tolerates before an event flips) and the firing rates.
"""

import argparse
import math
import os
import sys
import warnings

import numpy as np
import torch

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "common"))
from export_step import (build_step_module, export, random_states,  # noqa: E402
                         state_input_names, state_output_names)
import zoo_export  # noqa: E402

INPUT_SIZE = 8
DATA_SEED = 77
MIN_MARGIN = 1e-5


class SequenceGraph(torch.nn.Module):
    """(x [T, B, I], y_prev_0, c_prev_0, ...) -> (y_seq, y_0, c_0, ...)."""

    def __init__(self, egru):
        super().__init__()
        self.egru = egru

    def forward(self, xs, *flat_states):
        states = list(zip(flat_states[0::2], flat_states[1::2]))
        ys, final = self.egru(xs, states)
        return (ys,) + tuple(t for state in final for t in state)


@torch.no_grad()
def margin_and_rates(egru, xs, flat_states):
    """Steps the module (the same computation as the traced loop) and
    returns min |c' - theta| and the firing rate of every layer."""
    states = list(zip(flat_states[0::2], flat_states[1::2]))
    margin = math.inf
    fired = [0.0] * len(egru.cells)
    for x in xs:
        _, states = egru.step(x, states)
        for l, ((y, c), cell) in enumerate(zip(states, egru.cells)):
            c_new = torch.where(y != 0, y, c)
            margin = min(margin, (c_new - cell.threshold.clamp(0, 1)).abs().min().item())
            fired[l] += (y != 0).float().mean().item() / len(xs)
    return margin, fired


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--batch", type=int, default=2)
    parser.add_argument("--hidden", default="16,16",
                        help="comma-separated hidden sizes, one per layer")
    parser.add_argument("--input-scale", type=float, default=2.0)
    parser.add_argument("--windows", type=int, default=2,
                        help="windows of T steps in the chained test data")
    args = parser.parse_args()
    torch.set_num_threads(1)
    hidden = [int(h) for h in args.hidden.split(",")]
    L = len(hidden)
    egru = build_step_module(hidden, INPUT_SIZE)

    gen = torch.Generator().manual_seed(DATA_SEED)
    xs = args.input_scale * torch.randn(args.steps, args.batch, INPUT_SIZE,
                                        generator=gen)
    # random_states draws batch 1; one draw per batch row.
    rows = [random_states(hidden, gen) for _ in range(args.batch)]
    flat_states = [torch.cat([r[i] for r in rows]) for i in range(2 * L)]

    graph = SequenceGraph(egru).eval()
    with torch.no_grad():
        outputs = graph(xs, *flat_states)
    margin, rates = margin_and_rates(egru, xs, flat_states)
    if margin < MIN_MARGIN:
        raise SystemExit(f"some c' comes within {margin:.2g} of its "
                         "threshold; choose another data seed")
    if not all(0 < r < 1 for r in rates):
        raise SystemExit(f"firing rates per layer {rates}: the run would not "
                         "exercise the threshold")

    in_names = ["x"] + state_input_names(L)
    out_names = ["y_seq"] + state_output_names(L)
    with warnings.catch_warnings():
        # "Iterating over a tensor might cause the trace to be incorrect":
        # the unrolling is intended (T is fixed, see the docstring).
        warnings.filterwarnings("ignore", "Iterating over a tensor")
        model = export(graph, (xs, *flat_states), in_names, out_names)
    os.makedirs(args.out_dir, exist_ok=True)
    size = zoo_export.save_model(model, os.path.join(args.out_dir, "egru_seq.onnx"))
    meta = {"model": "egru_seq.onnx", "steps": args.steps, "batch": args.batch,
            "hidden_sizes": hidden, "inputs": in_names, "outputs": out_names,
            "input": f"{args.input_scale} * N(0, 1), torch seed {DATA_SEED}",
            "firing_rate_per_layer": rates,
            "min_abs_c_new_minus_theta": margin,
            "onnx_nodes": len(model.graph.node)}
    arrays = {"x": xs.numpy()}
    arrays.update({n: t.numpy() for n, t in zip(in_names[1:], flat_states)})
    arrays.update({n: t.numpy() for n, t in zip(out_names, outputs)})
    zoo_export.write_test_data(os.path.join(args.out_dir, "test_data", "egru_seq"),
                               arrays, meta)

    # W windows chained by the state convention: window w starts from the
    # final state of window w - 1 (`spnc-run --steps W`).
    more = args.input_scale * torch.randn((args.windows - 1) * args.steps,
                                          args.batch, INPUT_SIZE, generator=gen)
    all_xs = torch.cat([xs, more])
    margin_w, rates_w = margin_and_rates(egru, all_xs, flat_states)
    if margin_w < MIN_MARGIN:
        raise SystemExit(f"windows: some c' comes within {margin_w:.2g} of "
                         "its threshold; choose another data seed")
    windows = {n: [] for n in out_names}
    state = flat_states
    with torch.no_grad():
        for w in range(args.windows):
            outs = graph(all_xs[w * args.steps:(w + 1) * args.steps], *state)
            for n, t in zip(out_names, outs):
                windows[n].append(t.numpy())
            state = list(outs[1:])
    arrays = {"x": all_xs.numpy().reshape(args.windows, *xs.shape)}
    arrays.update({n: t.numpy() for n, t in zip(in_names[1:], flat_states)})
    arrays.update({n: np.stack(v) for n, v in windows.items()})
    meta_w = dict(meta, windows=args.windows, firing_rate_per_layer=rates_w,
                  min_abs_c_new_minus_theta=margin_w)
    zoo_export.write_test_data(
        os.path.join(args.out_dir, "test_data", "egru_seq_windows"), arrays, meta_w)
    print(f"egru_seq.onnx: {L} layers {hidden}, T {args.steps}, B {args.batch}, "
          f"{len(model.graph.node)} nodes, {size} bytes; firing rates "
          f"{', '.join(f'{r:.2f}' for r in rates)}, min |c' - theta| {margin:.2g}")


if __name__ == "__main__":
    main()
