"""Inputs and NumPy reference outputs for event_ops.mlir (event-ops.test).

usage: event_ops_reference.py OUT_DIR

Writes OUT_DIR/<op>/<input>.npy and OUT_DIR/<op>/expected/<output>.npy.
wkv and accumulate are computed in float64 (the host uses float32 and
polynomial exp); lif and heaviside in float32 with the same operations as
the op equations, so their outputs must match exactly.
"""
import os
import sys

import numpy as np


def save(out, op, inputs, expected):
    os.makedirs(os.path.join(out, op, "expected"), exist_ok=True)
    for name, value in inputs.items():
        np.save(os.path.join(out, op, name + ".npy"), value.astype(np.float32))
    for name, value in expected.items():
        np.save(os.path.join(out, op, "expected", name + ".npy"),
                value.astype(np.float32))


def main():
    out = sys.argv[1]
    rng = np.random.default_rng(7)
    f32 = lambda *shape: rng.standard_normal(shape).astype(np.float32)

    # WKV: q = max(pp, u + k) ... (EventOps.td), in float64.
    k, v, aa, bb = f32(2, 8), f32(2, 8), f32(2, 8), np.abs(f32(2, 8)) + 0.5
    w = -np.exp(f32(8)).astype(np.float32)
    u, pp = f32(8), f32(2, 8)
    d = lambda a: a.astype(np.float64)
    K, V, W, U, AA, BB, PP = map(d, (k, v, w, u, aa, bb, pp))
    q = np.maximum(PP, U + K)
    e1, e2 = np.exp(PP - q), np.exp(U + K - q)
    wkv = (e1 * AA + e2 * V) / (e1 * BB + e2)
    q2 = np.maximum(PP + W, K)
    f1, f2 = np.exp(PP + W - q2), np.exp(K - q2)
    save(out, "wkv", dict(k=k, v=v, w=w, u=u, aa=aa, bb=bb, pp=pp),
         dict(wkv=wkv, aa_next=f1 * AA + f2 * V, bb_next=f1 * BB + f2,
              pp_next=q2))

    # LIF in float32: v1 = v + (x - v) / tau; s = v1 >= 0.5; v' = s ? -0.125 : v1.
    x, vv = f32(64), f32(64)
    x[:4] = [0.5, 1.0, 0.25, 0.0]   # v1 exactly at the threshold: fires
    vv[:4] = [0.5, 0.0, 0.75, 1.0]
    v1 = vv + (x - vv) / np.float32(2.0)
    s = v1 >= np.float32(0.5)
    if not 0 < s.sum() < s.size:
        sys.exit("lif: the sample does not exercise both sides of the threshold")
    save(out, "lif", dict(x=x, v=vv),
         dict(spikes=s.astype(np.float32),
              v_next=np.where(s, np.float32(-0.125), v1)))

    # Heaviside: strict x > 0, non-strict x >= 0; zeros of both signs included.
    hx = f32(4, 8)
    hx[0, :4] = [0.0, -0.0, 1e-45, -1e-45]
    save(out, "heaviside", dict(x=hx),
         dict(strict=(hx > 0).astype(np.float32),
              non_strict=(hx >= 0).astype(np.float32)))

    # accumulate = W x over the fired (non-zero) entries, float64.
    Wm = f32(6, 10)
    xa = np.where(rng.random((3, 10)) < 0.3, f32(3, 10), 0).astype(np.float32)
    x1 = (rng.random(10) < 0.4).astype(np.float32)
    save(out, "accumulate", dict(W=Wm, x=xa, x1=x1),
         dict(batched=d(xa) @ d(Wm).T, single=d(Wm) @ d(x1)))


if __name__ == "__main__":
    main()
