#!/usr/bin/env python3
"""Writes the published EGRU language-model configuration as event-dialect IR.

The configuration of the EGRU language model (Subramoney et al., "Efficient
recurrent architectures through activity sparsity and sparse
back-propagation through time", ICLR 2023): a 750-wide embedding feeding
three EGRU layers of 1350, 1350 and 750 units, with 95 % of every weight
matrix pruned. The weights here are random (seeded): only their shapes and
sparsity matter for mapping. The embedding lookup runs on the host, which
writes the 750-value embedding row as the graph input `x`; every layer
carries its state through `y_prev_<l>`/`c_prev_<l>` -> `y_<l>`/`c_<l>`
(docs/StateConvention.md).

Pruned matrices are written as MLIR `sparse<indices, values>` constants, so
the file is about 25 MB instead of 100 MB of dense floats; the lit test
generates it and maps it (test/Dialect/S2/Transforms/egru-published.test).

    /usr/bin/python3 examples/egru_published/generate.py > published.mlir
    build/bin/spnc published.mlir --emit=mapped --report=map.json -o mapped.mlir

Options: --density (default 0.05), --seed (default 0), --hidden 1350,1350,750,
--inputs 750, --theta-max (default 0.5; thresholds uniform below it, which
sets the activity: bench/simulator picks it for about 15 %).
"""
import argparse
import sys

import numpy as np


def sparse_constant(name, rows, cols, density, rng, out):
    """A rows x cols matrix with round(density * rows * cols) non-zeros at
    uniformly random positions (what magnitude pruning leaves of i.i.d.
    weights), values uniform in +-1/sqrt(cols) as PyTorch initialises RNNs."""
    total = rows * cols
    nnz = int(round(density * total))
    flat = np.sort(rng.choice(total, size=nnz, replace=False))
    bound = 1.0 / np.sqrt(cols)
    values = rng.uniform(-bound, bound, size=nnz).astype(np.float32)
    values[values == 0] = bound  # a pruned weight is the only zero
    r, c = np.divmod(flat, cols)
    out.write(f"  %{name} = arith.constant sparse<[")
    out.write(", ".join(f"[{a}, {b}]" for a, b in zip(r.tolist(), c.tolist())))
    out.write("], [")
    out.write(", ".join(f"{v:.6e}" for v in values.tolist()))
    out.write(f"]> : tensor<{rows}x{cols}xf32>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--density", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--inputs", type=int, default=750)
    parser.add_argument("--hidden", default="1350,1350,750")
    parser.add_argument("--theta-max", type=float, default=0.5,
                        help="thresholds are uniform in [0, theta-max); "
                        "lower thresholds make more units fire")
    args = parser.parse_args()
    hidden = [int(h) for h in args.hidden.split(",")]
    rng = np.random.default_rng(args.seed)
    out = sys.stdout

    inputs = [f'%x: tensor<1x{args.inputs}xf32> {{onnx.name = "x"}}']
    results = []
    for l, h in enumerate(hidden):
        inputs.append(f'%y_prev_{l}: tensor<1x{h}xf32> {{onnx.name = "y_prev_{l}"}}')
        inputs.append(f'%c_prev_{l}: tensor<1x{h}xf32> {{onnx.name = "c_prev_{l}"}}')
        results.append(f'tensor<1x{h}xf32> {{onnx.name = "y_{l}"}}')
        results.append(f'tensor<1x{h}xf32> {{onnx.name = "c_{l}"}}')
    out.write(f"// EGRU LM: inputs {args.inputs}, layers {args.hidden}, "
              f"density {args.density}, seed {args.seed} "
              "(examples/egru_published/generate.py)\n")
    out.write("func.func @main_graph(" + ", ".join(inputs) + ")\n    -> (" +
              ", ".join(results) + ") {\n")
    previous, previous_type = "%x", f"tensor<1x{args.inputs}xf32>"
    returned = []
    for l, h in enumerate(hidden):
        i = args.inputs if l == 0 else hidden[l - 1]
        sparse_constant(f"W{l}", 3 * h, i, args.density, rng, out)
        sparse_constant(f"R{l}", 3 * h, h, args.density, rng, out)
        bound = 1.0 / np.sqrt(h)
        for b in ("bx", "br"):
            values = rng.uniform(-bound, bound, size=3 * h).astype(np.float32)
            out.write(f"  %{b}{l} = arith.constant dense<[" +
                      ", ".join(f"{v:.6e}" for v in values.tolist()) +
                      f"]> : tensor<{3 * h}xf32>\n")
        theta = rng.uniform(0.0, args.theta_max, size=h).astype(np.float32)
        out.write(f"  %theta{l} = arith.constant dense<[" +
                  ", ".join(f"{v:.6e}" for v in theta.tolist()) +
                  f"]> : tensor<{h}xf32>\n")
        events = f"!event.events<1x{h}xf32>"
        out.write(f"  %e{l} = event.from_dense %y_prev_{l} : tensor<1x{h}xf32> -> {events}\n")
        out.write(f"  %y{l}, %c{l} = event.egru_step {previous}, %e{l}, %c_prev_{l} "
                  f"weights(%W{l}, %R{l}) bias(%bx{l}, %br{l}) threshold(%theta{l}) : "
                  f"{previous_type}, {events}, tensor<1x{h}xf32>, "
                  f"tensor<{3 * h}x{i}xf32>, tensor<{3 * h}x{h}xf32>, "
                  f"tensor<{3 * h}xf32>, tensor<{3 * h}xf32>, tensor<{h}xf32>\n")
        out.write(f"  %d{l} = event.to_dense %y{l} : {events}\n")
        previous, previous_type = f"%y{l}", events
        returned.append((f"%d{l}", f"%c{l}", h))
    out.write("  return " + ", ".join(f"{d}, {c}" for d, c, _ in returned) +
              " : " + ", ".join(f"tensor<1x{h}xf32>, tensor<1x{h}xf32>"
                                for _, _, h in returned) + "\n}\n")


if __name__ == "__main__":
    main()
