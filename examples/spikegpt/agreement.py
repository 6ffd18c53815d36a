#!/usr/bin/python3
"""How close a float32 run of SpikeGPT is to the exact result, compared with
PyTorch's own float32 run.

    /usr/bin/python3 examples/spikegpt/agreement.py --test-data DIR \\
        [--config CONFIG] [--actual DIR [--factor F]] [--rtol R --atol A] [--layernorm]

--test-data is a directory written by export.py (`token.npy` and PyTorch's
float32 outputs `<output>.npy`, layout examples/common/README.md). The
script rebuilds the model of --config (default: the tiny model), runs the
same tokens from the initial state with every weight and state in float64
(the float32 weights are exact in float64, so this is the float32 model's
exact result up to float64 rounding) and prints, per output, the max
|error| of PyTorch float32 against it.

With --actual DIR (e.g. `spnc-run --steps` outputs, same file names) it also
prints the max |error| of those outputs against float64 and against
PyTorch, and fails (exit 1) if any output is further from float64 than F
(default 3) times PyTorch float32's own error on that output, i.e. if the
other run is not about as accurate as PyTorch. The bound has a floor of one
float32 ulp of the output's largest magnitude, for outputs PyTorch happens
to get (nearly) exact. A flipped spike would show as an error of order 1
and fail both this check and a direct comparison. The 'n out' columns
count the elements outside --atol + --rtol |expected| (default 1e-6, 1e-5:
the issue's bound), for information. --layernorm also measures the
rounding error of a single LayerNorm with PyTorch's kernel and with the
ONNX graph's decomposition summed pairwise or sequentially.
"""

import argparse
import copy
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import export  # noqa: E402
import spikegpt  # noqa: E402


@torch.no_grad()
def float64_run(model, tokens):
    """The stacked outputs (logits and states, named like the graph
    outputs) of a float64 run from the float32 model's initial state."""
    model64 = copy.deepcopy(model).double()
    names = ["logits"] + export.state_output_names(model.n_layer)
    # The float32 initial state converted exactly (pp starts at float32(-1e30)).
    states = [tuple(t.double() for t in s) for s in model.initial_state(1)]
    outs = {n: [] for n in names}
    for tok in tokens:
        logits, states, _ = model64.step(torch.tensor([int(tok)]), states)
        for n, t in zip(names, [logits] + [t for s in states for t in s]):
            outs[n].append(t.numpy().copy())
    return {k: np.stack(v) for k, v in outs.items()}


def layernorm_errors(model, tokens):
    """The rounding error of one float32 LayerNorm on its own, three ways,
    on the inputs every LayerNorm sees in the float64 run (rounded to
    float32): PyTorch's kernel, and the ONNX graph's decomposition
    (mean, x - mean, mean of squares, sqrt(var + eps), divide, scale,
    shift) with numpy's pairwise sums or with strictly sequential sums
    (spnc's order). Returns {variant: (max, mean) abs error}."""
    captured = []
    forward = torch.nn.LayerNorm.forward

    def capture(self, x):
        captured.append(tuple(t.detach().numpy().reshape(-1).astype(np.float32)
                              for t in (x, self.weight, self.bias)))
        return forward(self, x)

    torch.nn.LayerNorm.forward = capture
    try:
        float64_run(model, tokens)
    finally:
        torch.nn.LayerNorm.forward = forward

    eps = np.float32(spikegpt.LN_EPS)

    def onnx_graph(x, w, b, total):
        n = np.float32(x.size)
        d = x - np.float32(total(x) / n)
        var = np.float32(total(d * d) / n)
        return d / np.sqrt(var + eps) * w + b

    def sequential(a):
        return np.cumsum(a, dtype=np.float32)[-1]

    def pairwise(a):
        return np.sum(a, dtype=np.float32)

    def pytorch(x, w, b):
        return F.layer_norm(torch.from_numpy(x), x.shape, torch.from_numpy(w),
                            torch.from_numpy(b), spikegpt.LN_EPS).numpy()

    variants = {"PyTorch float32": pytorch,
                "ONNX graph, pairwise sums": lambda x, w, b: onnx_graph(x, w, b, pairwise),
                "ONNX graph, sequential sums": lambda x, w, b: onnx_graph(x, w, b, sequential)}
    result = {}
    for name, layernorm in variants.items():
        errors = []
        for x, w, b in captured:
            x64 = x.astype(np.float64)
            d = x64 - x64.mean()
            exact = d / np.sqrt((d * d).mean() + spikegpt.LN_EPS) * w + b
            errors.append(max_abs_error(layernorm(x, w, b), exact))
        result[name] = (max(errors), float(np.mean(errors)))
    return result, len(captured), captured[0][0].size


def max_abs_error(values, exact):
    return float(np.abs(values.astype(np.float64) - exact).max())


def outside(values, expected, rtol, atol):
    """How many elements are outside atol + rtol * |expected|."""
    expected = expected.astype(np.float64)
    diff = np.abs(values.astype(np.float64) - expected)
    return int((~(diff <= atol + rtol * np.abs(expected))).sum())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=common.TINY_CONFIG)
    parser.add_argument("--test-data", required=True)
    parser.add_argument("--actual", help="directory of another run's outputs")
    parser.add_argument("--factor", type=float, default=3.0)
    parser.add_argument("--rtol", type=float, default=1e-5,
                        help="for the 'n out' columns only")
    parser.add_argument("--atol", type=float, default=1e-6,
                        help="for the 'n out' columns only")
    parser.add_argument("--layernorm", action="store_true",
                        help="also measure one LayerNorm's own rounding "
                             "error, with pairwise and sequential sums")
    args = parser.parse_args()
    torch.set_num_threads(1)
    config = common.load_config(args.config)
    model = export.build_model(config, args.config)
    tokens = np.load(os.path.join(args.test_data, "token.npy")).reshape(-1)
    exact = float64_run(model, tokens)

    print(f"{len(tokens)} steps; max |error| per output; 'n out': elements "
          f"outside {args.atol:g} + {args.rtol:g} |expected|")
    header = f"{'output':10s} {'max |ref|':>9s} | {'torch-f64':>9s} {'n out':>5s}"
    if args.actual:
        header += (f" | {'actual-f64':>10s} {'n out':>5s} {'ratio':>5s}"
                   f" | {'act-torch':>9s} {'n out':>5s}")
    print(header)
    worst_ratio, failures = 0.0, []
    totals = {"torch": 0.0, "actual": 0.0, "direct": 0.0}
    counts = {"torch": 0, "actual": 0, "direct": 0, "elements": 0}
    for name, ref in exact.items():
        torch32 = np.load(os.path.join(args.test_data, name + ".npy"))
        e_torch = max_abs_error(torch32, ref)
        n_torch = outside(torch32, ref, args.rtol, args.atol)
        totals["torch"] = max(totals["torch"], e_torch)
        counts["torch"] += n_torch
        counts["elements"] += ref.size
        line = f"{name:10s} {np.abs(ref).max():9.3g} | {e_torch:9.2e} {n_torch:5d}"
        if args.actual:
            actual = np.load(os.path.join(args.actual, name + ".npy"))
            if actual.shape != ref.shape:
                sys.exit(f"{name}: actual shape {actual.shape}, "
                         f"expected {ref.shape}")
            e_actual = max_abs_error(actual, ref)
            n_actual = outside(actual, ref, args.rtol, args.atol)
            e_direct = max_abs_error(actual, torch32)
            n_direct = outside(actual, torch32, args.rtol, args.atol)
            for key, e, n in (("actual", e_actual, n_actual),
                              ("direct", e_direct, n_direct)):
                totals[key] = max(totals[key], e)
                counts[key] += n
            ulp = float(np.spacing(np.float32(np.abs(ref).max())))
            ratio = e_actual / max(e_torch, ulp)
            worst_ratio = max(worst_ratio, ratio)
            line += (f" | {e_actual:10.2e} {n_actual:5d} {ratio:5.2f}"
                     f" | {e_direct:9.2e} {n_direct:5d}")
            if not ratio <= args.factor:  # also catches NaN
                failures.append(name)
                line += "  FAIL"
        print(line)
    print(f"all outputs ({counts['elements']} elements): torch-f64 max "
          f"{totals['torch']:.2e}, {counts['torch']} out")
    if args.actual:
        print(f"  actual-f64 max {totals['actual']:.2e}, {counts['actual']} out;"
              f" actual-torch max {totals['direct']:.2e}, {counts['direct']} out;"
              f" worst ratio {worst_ratio:.2f} (allowed {args.factor:g})")
    if args.layernorm:
        errors, count, size = layernorm_errors(model, tokens)
        print(f"one LayerNorm of {size} on its own ({count} evaluations), "
              "|error| against float64:")
        for name, (worst, mean) in errors.items():
            print(f"  {name:28s} max {worst:.2e}  mean {mean:.2e}")
    if failures:
        print(f"FAIL: {len(failures)} output(s) further from float64 than "
              f"{args.factor:g} x PyTorch float32: {', '.join(failures)}")
        return 1
    if args.actual:
        print("ok: every output is within the bound")
    return 0


if __name__ == "__main__":
    sys.exit(main())
