#!/usr/bin/python3
"""Exports a one-step SpikeGPT graph (RNN mode, all state explicit) plus
test data (see README.md).

    # the trained tiny character model (weights: spikegpt_tiny_weights.npz)
    /usr/bin/python3 examples/spikegpt/export.py
    # the randomly initialised 12 x 512 byte model (deterministic, seeded;
    # ~165 MB, not committed: regenerate it where you need it)
    /usr/bin/python3 examples/spikegpt/export.py \\
        --config examples/spikegpt/spikegpt_12x512.json --out-dir build/zoo

Writes <out-dir>/<name>.onnx and <out-dir>/test_data/<name>/ (layout:
examples/common/zoo_export.py). Graph inputs: `token` int64 [1], then per
layer l the 7 states `<s>_prev_<l>` [1, C] for s in att_xx, aa, bb, pp,
ffn_xx, v_att, v_ffn; outputs: `logits` [1, V], then `<s>_<l>`.
Before writing, the graph is run with a numpy ONNX interpreter over the
test-data steps and compared with PyTorch, and PyTorch's step is compared
with an independent transcription of the formulas (`reference_step`).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import spikegpt  # noqa: E402
import zoo_export  # noqa: E402  (examples/common)
from common import fortunes  # noqa: E402

HERE = common.HERE
STEPS = 50
# Fixed text for the byte-vocabulary model's test tokens (no corpus needed).
BYTE_TEXT = (b"It is a truth universally acknowledged, that a single man in "
             b"possession of a good fortune, must be in want of a wife.\n%\n")


def state_input_names(n_layer):
    return [f"{s}_prev_{l}" for l in range(n_layer) for s in spikegpt.STATE_NAMES]


def state_output_names(n_layer):
    return [f"{s}_{l}" for l in range(n_layer) for s in spikegpt.STATE_NAMES]


class StepGraph(torch.nn.Module):
    """(token, 7 states per layer) -> (logits, 7 new states per layer)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, token, *flat):
        states = [tuple(flat[7 * l:7 * l + 7]) for l in range(self.model.n_layer)]
        logits, states, _ = self.model.step(token, states)
        return (logits,) + tuple(t for s in states for t in s)


def build_model(config, config_path):
    if config.get("init") == "random":
        torch.manual_seed(config["seed"])
        return common.build(config).eval()
    weights = os.path.join(os.path.dirname(os.path.abspath(config_path)),
                           config["name"] + "_weights.npz")
    return common.load_weights(config, weights)


def test_tokens(config):
    if config["vocab_size"] == 256:
        return np.frombuffer(BYTE_TEXT, dtype=np.uint8)[:STEPS].astype(np.int64)
    # the start of the test split (= examples/egru_lm/heldout_sample.txt)
    return fortunes.encode(fortunes.splits()["test"][:STEPS])


@torch.no_grad()
def run_steps(model, tokens):
    """PyTorch's run from the initial state, with the LIF margins
    (min |v - 1| before the reset) and the spike counts."""
    margins = []
    original = spikegpt.lif_step

    def recording_lif(v, inp, training):
        pre = v + (inp - v) / spikegpt.LIF_TAU
        margins.append((pre - spikegpt.LIF_THRESHOLD).abs().min().item())
        return original(v, inp, training)

    spikegpt.lif_step = recording_lif
    try:
        states = model.initial_state(1)
        names = ["logits"] + state_output_names(model.n_layer)
        outs = {n: [] for n in names}
        spikes = 0.0
        ref_states = model.initial_state(1)
        ref_err = 0.0
        for tok in tokens:
            token = torch.tensor([int(tok)])
            logits, states, s = model.step(token, states)
            ref_logits, ref_states = spikegpt.reference_step(
                model.state_dict(), model.n_layer, token, ref_states)
            ref_err = max(ref_err, (ref_logits - logits).abs().max().item())
            spikes += sum(a.sum().item() + b.sum().item() for a, b in s)
            flat = [logits] + [t for st in states for t in st]
            for n, t in zip(names, flat):
                outs[n].append(t.numpy().copy())
    finally:
        spikegpt.lif_step = original
    rate = spikes / (len(tokens) * model.n_layer * 2 * model.n_embd)
    return {k: np.stack(v) for k, v in outs.items()}, min(margins), rate, ref_err


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--config", default=common.TINY_CONFIG)
    parser.add_argument("--out-dir", default=None,
                        help="default: next to this script for the tiny "
                             "model; required for the others")
    parser.add_argument("--no-check", action="store_true",
                        help="skip the numpy evaluation of the ONNX graph")
    args = parser.parse_args()
    torch.set_num_threads(1)
    config = common.load_config(args.config)
    out_dir = args.out_dir
    if out_dir is None:
        if config.get("init") == "random":
            parser.error("--out-dir is required for the random configurations "
                         "(keep their large files out of the source tree)")
        out_dir = HERE
    os.makedirs(out_dir, exist_ok=True)
    name = config["name"]
    model = build_model(config, args.config)

    L = model.n_layer
    in_names = ["token"] + state_input_names(L)
    out_names = ["logits"] + state_output_names(L)
    t0 = time.time()
    init = model.initial_state(1)
    example = (torch.tensor([1]),) + tuple(t for s in init for t in s)
    onnx_model = zoo_export.onnx_export(StepGraph(model).eval(), example,
                                        in_names, out_names)
    print(f"exported in {time.time() - t0:.0f}s")

    tokens = test_tokens(config)
    outputs, margin, rate, ref_err = run_steps(model, tokens)
    print(f"PyTorch vs reference_step: max |logits diff| {ref_err:.3g}; "
          f"spike rate {rate:.3f}; min |v - 1| {margin:.3g}")
    if ref_err > 1e-4:
        raise SystemExit("SpikeGPT.step disagrees with reference_step")
    initial = {n: t.numpy() for n, t in zip(state_input_names(L),
                                            (t for s in init for t in s))}
    token_arr = tokens.reshape(-1, 1)
    check = None
    if not args.no_check:
        check = zoo_export.check_onnx(
            onnx_model, len(tokens), {"token": token_arr},
            list(zip(state_input_names(L), state_output_names(L))), outputs,
            initial)
        print("ONNX vs PyTorch:", check)
        if check["max_abs_err"] > 1e-3:
            raise SystemExit("exported graph disagrees with PyTorch")

    size = zoo_export.save_model(onnx_model, os.path.join(out_dir, name + ".onnx"))
    print(f"wrote {name}.onnx ({size} bytes)")
    meta = {"model": name + ".onnx", "config": config, "steps": len(tokens),
            "inputs": in_names, "outputs": out_names,
            "data_inputs": {"token": "token.npy"},
            "state": [[i, o] for i, o in zip(state_input_names(L),
                                              state_output_names(L))],
            "initial_state": {"pp_prev_<l>": spikegpt.PP_INIT, "others": 0.0},
            "spike_rate": rate,
            "min_abs_v_minus_threshold": margin,
            "onnx_check": check}
    nbytes = zoo_export.write_test_data(
        os.path.join(out_dir, "test_data", name),
        {"token": token_arr, **outputs}, meta)
    print(f"wrote test_data/{name} ({nbytes} bytes of .npy)")


if __name__ == "__main__":
    main()
