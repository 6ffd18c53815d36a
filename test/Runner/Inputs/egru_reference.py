"""Reference EGRU steps in float64 NumPy for spnc-run's stepping tests.

usage: egru_reference.py MODEL.onnx OUT_DIR STEPS SEED

Reads the weights of an exported EGRU step model (examples/egru), draws a
seeded input sequence x [STEPS, 1, I] and writes OUT_DIR/x.npy plus the
expected stacked outputs OUT_DIR/expected/<y_l|c_l>.npy ([STEPS, 1, H]) of
the reference step (docs: /work/shared/reference/egru.md, examples/egru):

    a = W x + bx;  b = R y_prev + br
    z = sigmoid(a_z + b_z);  r = sigmoid(a_r + b_r)
    g = tanh(a_g + r * b_g);  c' = z * c_prev + (1 - z) * g
    o = c' > clamp(theta, 0, 1);  y = c' * o;  c = c' - o * clamp(theta, 0, 1)

starting from zero state. It refuses seeds for which some c' lies within
1e-4 of its threshold, where float32 rounding could flip an event.
"""
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def main():
    model_path, out_dir, steps, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    weights = {t.name: numpy_helper.to_array(t).astype(np.float64)
               for t in onnx.load(model_path).graph.initializer}
    layers = []
    while f"egru.cells.{len(layers)}.weight_ih" in weights:
        p = f"egru.cells.{len(layers)}."
        layers.append(tuple(weights[p + n] for n in
                            ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "threshold")))
    rng = np.random.default_rng(seed)
    inputs = layers[0][0].shape[1]
    xs = rng.standard_normal((steps, 1, inputs)).astype(np.float32)
    state = [(np.zeros((1, W.shape[0] // 3)), np.zeros((1, W.shape[0] // 3)))
             for W, *_ in layers]
    outputs = {f"{kind}_{l}": [] for l in range(len(layers)) for kind in ("y", "c")}
    margin = np.inf
    for t in range(steps):
        x = xs[t].astype(np.float64)
        for l, (W, R, bx, br, theta) in enumerate(layers):
            y_prev, c_prev = state[l]
            H = c_prev.shape[-1]
            a = x @ W.T + bx
            b = y_prev @ R.T + br
            sig = lambda v: 1.0 / (1.0 + np.exp(-v))
            z = sig(a[:, :H] + b[:, :H])
            r = sig(a[:, H:2 * H] + b[:, H:2 * H])
            g = np.tanh(a[:, 2 * H:] + r * b[:, 2 * H:])
            c_new = z * c_prev + (1 - z) * g
            th = np.clip(theta, 0.0, 1.0)
            margin = min(margin, np.abs(c_new - th).min())
            o = (c_new > th).astype(np.float64)
            y, c = c_new * o, c_new - o * th
            state[l] = (y, c)
            outputs[f"y_{l}"].append(y)
            outputs[f"c_{l}"].append(c)
            x = y
    if margin < 1e-4:
        sys.exit(f"seed {seed}: a state comes within {margin:g} of its threshold")
    fired = sum(int((np.stack(v) != 0).sum()) for k, v in outputs.items() if k.startswith("y"))
    total = sum(np.stack(v).size for k, v in outputs.items() if k.startswith("y"))
    if not 0 < fired < total:
        sys.exit(f"seed {seed}: {fired} of {total} events fired; the test would not "
                 "exercise the threshold")
    os.makedirs(os.path.join(out_dir, "expected"), exist_ok=True)
    np.save(os.path.join(out_dir, "x.npy"), xs)
    for name, values in outputs.items():
        np.save(os.path.join(out_dir, "expected", name + ".npy"),
                np.stack(values).astype(np.float32))
    print(f"{steps} steps, {len(layers)} layer(s), {fired} of {total} events, "
          f"threshold margin {margin:.2g}")


if __name__ == "__main__":
    main()
