"""Shared helpers of the SpikeGPT example: configs, weights, evaluation."""

import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(EXAMPLES, "common"))

from spikegpt import SpikeGPT, detach_states, STATE_NAMES  # noqa: E402,F401
import fortunes  # noqa: E402,F401

TINY_CONFIG = os.path.join(HERE, "tiny.json")
TINY_WEIGHTS = os.path.join(HERE, "spikegpt_tiny_weights.npz")


def load_config(path):
    with open(path) as f:
        return json.load(f)


def build(config):
    """The model with PyTorch's default initialisation (Linear: U(+-1/sqrt(fan_in)),
    Embedding: N(0, 1), LayerNorm: 1/0) and RWKV-4's time-mixing/decay
    vectors; `att_output_gain` / `ffn_value_gain` scale the two projections
    that feed the LIF neurons, so that they fire at initialisation (seed the
    RNG before calling for a deterministic model)."""
    model = SpikeGPT(config["vocab_size"], config["n_embd"], config["n_layer"],
                     config.get("ffn_mult", 4))
    with torch.no_grad():
        for block in model.blocks:
            block.att_output.weight.mul_(config.get("att_output_gain", 1.0))
            block.ffn_value.weight.mul_(config.get("ffn_value_gain", 1.0))
    return model


def save_weights(model, path):
    np.savez_compressed(path, **{k: v.detach().numpy()
                                 for k, v in model.state_dict().items()})


def load_weights(config, path):
    model = build(config)
    with np.load(path) as data:
        model.load_state_dict({k: torch.from_numpy(data[k]) for k in data.files})
    return model.eval()


def stream_batches(ids, batch_size):
    n = len(ids) // batch_size
    return torch.from_numpy(ids[:n * batch_size].reshape(batch_size, n).T.copy())


@torch.no_grad()
def evaluate(model, ids, streams=16, chunk=256):
    """bpc in RNN mode: `streams` contiguous segments, each from the initial
    state, state carried through the segment; spike rates (fraction of
    LIF neurons firing per step) per layer for the two LIFs."""
    was_training = model.training
    model.eval()
    data = stream_batches(ids, streams)
    states = model.initial_state(streams)
    nll, count = 0.0, 0
    fired = np.zeros((model.n_layer, 2))
    total = 0
    for start in range(0, data.shape[0] - 1, chunk):
        tgt = data[start + 1:start + chunk + 1]
        inp = data[start:start + chunk][:tgt.shape[0]]
        logits, states, spikes = model.forward_sequence(inp, states)
        nll += F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1),
                               reduction="sum").item()
        count += tgt.numel()
        for l, (sa, sf) in enumerate(spikes):
            fired[l, 0] += sa.sum().item()
            fired[l, 1] += sf.sum().item()
        total += inp.numel() * model.n_embd
    model.train(was_training)
    rates = fired / total
    return {"bpc": nll / count / math.log(2), "chars": count,
            "spike_rate_att": rates[:, 0].tolist(),
            "spike_rate_ffn": rates[:, 1].tolist(),
            "silent_all": float(1 - rates.mean())}
