"""The EGRU gesture classifier: x [B, 512] event counts per step ->
EGRU 512 -> 128 -> 64 -> linear readout (6 classes, with bias) on every
step. The class of a sequence is argmax over the per-step logits summed
over time (the readout is linear, so this is the readout of the summed
events). The cell is examples/egru/egru.py, unchanged."""

import os
import sys

import numpy as np
import torch
from torch import nn

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(EXAMPLES, "egru"))
sys.path.insert(0, os.path.join(EXAMPLES, "common"))
sys.path.insert(0, HERE)

from egru import EGRU  # noqa: E402
import events  # noqa: E402

HIDDEN = [128, 64]
WEIGHTS = os.path.join(HERE, "dvs_gesture_weights.npz")


class GestureEGRU(nn.Module):
    def __init__(self, input_size=events.INPUT_SIZE, hidden_sizes=HIDDEN,
                 classes=len(events.CLASSES)):
        super().__init__()
        self.egru = EGRU(input_size, hidden_sizes)
        self.readout = nn.Linear(hidden_sizes[-1], classes)

    def step(self, x, states):
        y, states = self.egru.step(x, states)
        return self.readout(y), states

    def forward(self, xs, states=None):
        """xs [T, B, N] -> per-step logits [T, B, K], events per layer
        ([T, B, H_l] each), final states."""
        if states is None:
            states = self.egru.initial_state(xs.shape[1])
        per_layer = [[] for _ in self.egru.cells]
        logits = []
        for x in xs:
            for l, cell in enumerate(self.egru.cells):
                y, c = cell(x, states[l])
                states[l] = (y, c)
                per_layer[l].append(y)
                x = y
            logits.append(self.readout(x))
        return torch.stack(logits), [torch.stack(e) for e in per_layer], states


def save_weights(model, path=WEIGHTS):
    np.savez_compressed(path, **{k: v.detach().numpy()
                                 for k, v in model.state_dict().items()})


def load_weights(path=WEIGHTS):
    model = GestureEGRU()
    with np.load(path) as data:
        model.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files})
    return model.eval()


def dataset(split, cache_dir=None):
    """(x [n, T, 512], labels [n]) of a split; seeds: train 1, valid 2,
    test 3; sizes 3600 / 600 / 1200. Cached as .npz in `cache_dir`."""
    n, seed = {"train": (3600, 1), "valid": (600, 2), "test": (1200, 3)}[split]
    if cache_dir:
        path = os.path.join(cache_dir, f"{split}.npz")
        if os.path.exists(path):
            with np.load(path) as d:
                return d["x"], d["labels"]
    x, labels = events.make_dataset(n, seed)
    if cache_dir:
        os.makedirs(cache_dir, exist_ok=True)
        np.savez(path, x=x, labels=labels)
    return x, labels


@torch.no_grad()
def evaluate(model, x, labels, batch=200):
    model.eval()
    correct, silent, total = 0, np.zeros(len(model.egru.cells)), 0
    for i in range(0, len(x), batch):
        xs = torch.from_numpy(x[i:i + batch]).transpose(0, 1)
        logits, ev, _ = model(xs)
        pred = logits.sum(0).argmax(-1).numpy()
        correct += (pred == labels[i:i + batch]).sum()
        silent += [(e == 0).float().sum().item() / e.shape[-1] for e in ev]
        total += xs.shape[0] * xs.shape[1]
    per_layer = silent / total
    sizes = np.array([c.hidden_size for c in model.egru.cells])
    return {"accuracy": float(correct / len(x)),
            "silent_per_layer": per_layer.tolist(),
            "silent_all": float((per_layer * sizes).sum() / sizes.sum()),
            "input_nonzero": float((x != 0).mean())}
