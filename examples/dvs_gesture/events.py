"""Synthetic DVS-style gesture event streams (deterministic, numpy only).

A 32 x 32 sensor watches a bright or dark object on a uniform background:

  class 0 "left", 1 "right", 2 "up", 3 "down":
      a bar (an edge of random width, orthogonal to the motion) or a
      Gaussian blob translating across the field of view at a random speed,
      from a random start, with a small random drift across the motion;
  class 4 "rotate_cw", 5 "rotate_ccw":
      a bar through a point near the centre rotating at a random angular
      speed from a random start angle (clockwise in image coordinates,
      x right, y down, means increasing angle).

To make the task less trivial, the object starts moving at a random bin
in [0, 15) (before that it is still, so it emits no events), half of the
samples contain a distractor (a small blob of the same polarity moving in a
random direction), and the background noise is sizeable.

Each of the T time bins is rendered as SUB sub-frames. A DVS pixel keeps
a reference log intensity; whenever the log intensity moves more than its
contrast threshold C (per-pixel mismatch around 0.3) above / below the
reference it emits ON / OFF events (floor(|diff| / C) of them) and moves
the reference by that many thresholds. Plus background noise events
(random pixels, random polarity). Events are counted per bin, per polarity
and per 2 x 2 pixel block:

  frames [T, 2, 16, 16] float32 (event counts; channel 0 = ON, 1 = OFF),
  flattened to the input vector x [T, 512] (index = p * 256 + row * 16 + col).

`make_dataset(n, seed)` returns (x [n, T, 512], labels [n]); the same seed
gives the same data on every machine (numpy's RandomState).
"""

import numpy as np

SENSOR = 32
POOL = 2
GRID = SENSOR // POOL
T = 60
SUB = 4
CLASSES = ["left", "right", "up", "down", "rotate_cw", "rotate_ccw"]
INPUT_SIZE = 2 * GRID * GRID


def _coords():
    ys, xs = np.mgrid[0:SENSOR, 0:SENSOR].astype(np.float64)
    return xs + 0.5, ys + 0.5


def _render(label, rng):
    """Intensity frames [T * SUB, 32, 32] in (0, 1]."""
    xs, ys = _coords()
    n = T * SUB
    onset = rng.uniform(0, 15)
    t = np.maximum(np.arange(n, dtype=np.float64) / SUB - onset, 0.0)  # in bins
    bright = rng.rand() < 0.5
    bg, fg = (0.2, 0.9) if bright else (0.8, 0.15)
    bg += rng.uniform(-0.05, 0.05)
    fg += rng.uniform(-0.05, 0.05)
    frames = np.empty((n, SENSOR, SENSOR))
    if label < 4:
        speed = rng.uniform(0.4, 1.0)  # pixels per bin
        blob = rng.rand() < 0.4
        width = rng.uniform(2.0, 5.0)
        start = rng.uniform(-6.0, 6.0)
        drift = rng.uniform(-0.08, 0.08)
        cross0 = rng.uniform(8.0, 24.0)
        # position along the motion axis, from the entry side
        pos = -4.0 + start + speed * t
        cross = cross0 + drift * t
        for i in range(n):
            if label == 0:      # left: x decreases
                along, other = SENSOR - pos[i], cross[i]
                d_along, d_other = xs - along, ys - other
            elif label == 1:    # right
                along, other = pos[i], cross[i]
                d_along, d_other = xs - along, ys - other
            elif label == 2:    # up: y decreases
                along, other = SENSOR - pos[i], cross[i]
                d_along, d_other = ys - along, xs - other
            else:               # down
                along, other = pos[i], cross[i]
                d_along, d_other = ys - along, xs - other
            if blob:
                m = np.exp(-(d_along ** 2 + d_other ** 2) / (2 * (width * 1.2) ** 2))
            else:
                m = 1.0 / (1.0 + np.exp((np.abs(d_along) - width / 2) * 3.0))
            frames[i] = bg + (fg - bg) * m
    else:
        omega = rng.uniform(0.05, 0.12) * (1 if label == 4 else -1)  # rad per bin
        phi0 = rng.uniform(0, np.pi)
        cx, cy = 16 + rng.uniform(-3, 3), 16 + rng.uniform(-3, 3)
        width = rng.uniform(2.0, 4.0)
        length = rng.uniform(10.0, 16.0)
        for i in range(n):
            phi = phi0 + omega * t[i]
            ux, uy = np.cos(phi), np.sin(phi)
            dx, dy = xs - cx, ys - cy
            dist = np.abs(-uy * dx + ux * dy)          # to the bar's axis
            along = np.abs(ux * dx + uy * dy)
            m = (1.0 / (1.0 + np.exp((dist - width / 2) * 3.0))
                 / (1.0 + np.exp((along - length) * 2.0)))
            frames[i] = bg + (fg - bg) * m
    if rng.rand() < 0.5:  # distractor: a small blob on a random straight path
        p0 = rng.uniform(4, 28, size=2)
        ang = rng.uniform(0, 2 * np.pi)
        v = rng.uniform(0.2, 0.6) * np.array([np.cos(ang), np.sin(ang)])
        r = rng.uniform(1.0, 2.0)
        tt = np.arange(n, dtype=np.float64) / SUB
        for i in range(n):
            px, py = p0 + v * tt[i]
            m = np.exp(-((xs - px) ** 2 + (ys - py) ** 2) / (2 * r ** 2))
            frames[i] = frames[i] + (fg - bg) * m * (1 - np.abs(frames[i] - bg) /
                                                      max(abs(fg - bg), 1e-6))
    return frames


def _events(frames, rng):
    """Event counts [T, 2, 32, 32] from intensity frames."""
    logi = np.log(frames + 1e-3)
    C = 0.3 * np.exp(rng.normal(0, 0.1, size=(SENSOR, SENSOR)))
    ref = logi[0].copy()
    counts = np.zeros((T, 2, SENSOR, SENSOR))
    for i in range(1, frames.shape[0]):
        diff = logi[i] - ref
        k = np.floor(np.abs(diff) / C)
        on = (diff > 0) * k
        off = (diff < 0) * k
        ref += np.sign(diff) * k * C
        b = i // SUB
        counts[b, 0] += on
        counts[b, 1] += off
    noise_rate = rng.uniform(0.005, 0.02)  # per pixel, polarity and bin
    counts += rng.rand(*counts.shape) < noise_rate
    return counts


def sample(label, rng):
    """One gesture: x [T, 512] float32."""
    counts = _events(_render(label, rng), rng)
    pooled = counts.reshape(T, 2, GRID, POOL, GRID, POOL).sum(axis=(3, 5))
    return pooled.reshape(T, INPUT_SIZE).astype(np.float32)


def make_dataset(n, seed):
    rng = np.random.RandomState(seed)
    labels = np.arange(n) % len(CLASSES)
    rng.shuffle(labels)
    x = np.stack([sample(int(l), rng) for l in labels])
    return x, labels.astype(np.int64)
