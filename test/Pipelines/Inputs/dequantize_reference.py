"""Inputs and the expected result of Inputs/dequantize.mlir.

Writes q.npy (int8 [5, 7], including -128, 127 and 0), s.npy (float32 [5],
including 0, a subnormal and a negative scale) and w.npy = float32(q) * s,
each product rounded once to float32 as the host must compute it.
"""
import os
import sys

import numpy as np

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = np.random.default_rng(7)
q = rng.integers(-128, 128, size=(5, 7)).astype(np.int8)
q[0, :3] = [-128, 127, 0]
s = np.array([0.0123, 0.0, 1e-40, -0.5, 3.0e3], dtype=np.float32)
w = q.astype(np.float32) * s[:, None]
assert w.dtype == np.float32
np.save(os.path.join(out, "q.npy"), q)
np.save(os.path.join(out, "s.npy"), s)
np.save(os.path.join(out, "w.npy"), w)
