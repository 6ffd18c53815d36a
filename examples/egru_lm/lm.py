"""Shared pieces of the EGRU character-level language model (see README.md):
the configuration, weight files, data batching, evaluation and pruning masks.
The cell itself is examples/egru/egru.py (imported, not copied)."""

import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(EXAMPLES, "egru"))
sys.path.insert(0, os.path.join(EXAMPLES, "common"))

from egru import EGRULanguageModel  # noqa: E402
import fortunes  # noqa: E402

CONFIG = {"vocab_size": len(fortunes.VOCAB), "embedding_size": 64,
          "hidden_sizes": [256, 256]}
WEIGHTS = os.path.join(HERE, "egru_lm_weights.npz")
PRUNED = ("weight_ih", "weight_hh")  # the W and R of every layer


class EGRULM(EGRULanguageModel):
    """egru.EGRULanguageModel with a bias on the decoder. Without it the
    network has to dedicate always-on units to produce the unigram
    distribution, which saturates the candidate gate and stalls training."""

    def __init__(self, vocab_size, embedding_size, hidden_sizes):
        super().__init__(vocab_size, embedding_size, hidden_sizes)
        self.decoder = torch.nn.Linear(hidden_sizes[-1], vocab_size, bias=True)


def build_model(config=CONFIG):
    """The LM with the initialisation used for training. EGRUCell's own
    thresholds (U(0.05, 0.5)) and surrogate (half-width 0.3) are kept; W and
    R are drawn from U(+-2 sqrt(3 / fan_in)) (variance 4 / fan_in) instead
    of U(+-1 / sqrt(H)), and the gate biases start at 0. With the default
    scale the events shrink layer by layer at the start (y = c' only above
    a threshold), the decoder sees almost nothing and training sits on a
    unigram plateau for hundreds of steps. The step semantics are those of
    egru.EGRUCell, unchanged."""
    model = EGRULM(config["vocab_size"], config["embedding_size"],
                   config["hidden_sizes"])
    for cell in model.egru.cells:
        for weight in (cell.weight_ih, cell.weight_hh):
            bound = 2.0 * math.sqrt(3.0 / weight.shape[1])
            torch.nn.init.uniform_(weight, -bound, bound)
        torch.nn.init.zeros_(cell.bias_ih)
        torch.nn.init.zeros_(cell.bias_hh)
    torch.nn.init.zeros_(model.decoder.bias)
    return model


def save_weights(model, path=WEIGHTS):
    """Weights as a compressed .npz (the pruned zeros compress away)."""
    arrays = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    np.savez_compressed(path, **arrays)


def load_weights(path=WEIGHTS, config=CONFIG):
    model = build_model(config)
    with np.load(path) as data:
        model.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files})
    return model.eval()


def pruned_parameters(model):
    return [(name, p) for name, p in model.named_parameters()
            if name.split(".")[-1] in PRUNED]


def stream_batches(ids, batch_size):
    """Cuts `ids` into `batch_size` contiguous streams: [L, B] int64."""
    n = len(ids) // batch_size
    return torch.from_numpy(ids[:n * batch_size].reshape(batch_size, n).T.copy())


def detach_states(states):
    return [(y.detach(), c.detach()) for y, c in states]


def run(model, tokens, states):
    """tokens [T, B] -> logits [T, B, V], per-step events [T, B, H_l] per
    layer, final states. Uses the model's `step`, i.e. exactly the
    one-step semantics that is exported."""
    emb = model.embedding(tokens)
    events = [[] for _ in model.egru.cells]
    outputs = []
    for x in emb:
        for l, cell in enumerate(model.egru.cells):
            y, c = cell(x, states[l])
            states[l] = (y, c)
            events[l].append(y)
            x = y
        outputs.append(x)
    logits = model.decoder(torch.stack(outputs))
    return logits, [torch.stack(e) for e in events], states


@torch.no_grad()
def evaluate(model, ids, streams=16, chunk=256):
    """Bits per character over `ids`, evaluated as `streams` contiguous
    segments, each starting from the zero state and carrying the state
    through the whole segment; plus activity statistics: the fraction of
    units with y == 0 per step, per layer and over all layers."""
    was_training = model.training
    model.eval()
    data = stream_batches(ids, streams)
    states = model.egru.initial_state(streams)
    total_nll, count = 0.0, 0
    silent = [0.0 for _ in model.egru.cells]
    units_steps = [0 for _ in model.egru.cells]
    for start in range(0, data.shape[0] - 1, chunk):
        inp = data[start:start + chunk]
        tgt = data[start + 1:start + chunk + 1]
        inp = inp[:tgt.shape[0]]
        logits, events, states = run(model, inp, states)
        nll = F.cross_entropy(logits.reshape(-1, logits.shape[-1]),
                              tgt.reshape(-1), reduction="sum")
        total_nll += nll.item()
        count += tgt.numel()
        for l, e in enumerate(events):
            silent[l] += (e == 0).sum().item()
            units_steps[l] += e.numel()
    model.train(was_training)
    per_layer = [s / n for s, n in zip(silent, units_steps)]
    return {"bpc": total_nll / count / math.log(2),
            "silent_per_layer": per_layer,
            "silent_all": sum(silent) / sum(units_steps),
            "chars": count}


def magnitude_masks(model, fraction):
    """Per matrix: zero the `fraction` of W/R entries smallest in magnitude."""
    masks = {}
    for name, p in pruned_parameters(model):
        flat = p.detach().abs().flatten()
        k = int(round(fraction * flat.numel()))
        mask = torch.ones_like(flat)
        if k > 0:
            mask[torch.argsort(flat)[:k]] = 0.0
        masks[name] = mask.view_as(p)
    return masks


def apply_masks(model, masks):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name in masks:
                p.mul_(masks[name])


def weight_sparsity(model):
    zeros = total = 0
    for _, p in pruned_parameters(model):
        zeros += (p == 0).sum().item()
        total += p.numel()
    return zeros / total
