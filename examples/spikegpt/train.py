#!/usr/bin/python3
"""Trains the tiny character-level SpikeGPT (tiny.json) on the fortunes
corpus, in RNN mode with truncated BPTT (see README.md).

    /usr/bin/python3 examples/spikegpt/train.py [--iters N]

Writes spikegpt_tiny_weights.npz next to this script and the metrics to
<work-dir>/metrics.json. Fixed seed and iteration count (repeatable up to
BLAS rounding); ~9 minutes on one core with OpenBLAS.
"""

import argparse
import json
import math
import os
import sys
import time

import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
from common import fortunes  # noqa: E402

BATCH, BPTT = 64, 64


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--iters", type=int, default=650)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--work-dir", default="/tmp/spikegpt")
    parser.add_argument("--out", default=common.TINY_WEIGHTS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.work_dir, exist_ok=True)
    config = common.load_config(common.TINY_CONFIG)
    data = fortunes.splits()
    train = common.stream_batches(fortunes.encode(data["train"]), BATCH)
    valid_ids = fortunes.encode(data["valid"])

    torch.manual_seed(0)
    model = common.build(config).train()
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, betas=(0.9, 0.99))
    states = model.initial_state(BATCH)
    pos, warmup = 0, 20
    t0 = time.time()
    for it in range(args.iters):
        lr = 1e-4 + 0.5 * (args.lr - 1e-4) * (1 + math.cos(math.pi * it / args.iters))
        if it < warmup:
            lr = args.lr * (it + 1) / warmup
        for g in opt.param_groups:
            g["lr"] = lr
        if pos + BPTT + 1 > train.shape[0]:
            pos, states = 0, model.initial_state(BATCH)
        inp, tgt = train[pos:pos + BPTT], train[pos + 1:pos + BPTT + 1]
        pos += BPTT
        states = common.detach_states(states)
        logits, states, spikes = model.forward_sequence(inp, states)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if (it + 1) % 50 == 0 or it == 0:
            rate = torch.stack([torch.stack([sa.mean(), sf.mean()])
                                for sa, sf in spikes]).mean().item()
            print(f"it {it + 1}/{args.iters} loss {loss.item() / math.log(2):.3f} bpc "
                  f"spike rate {rate:.3f} lr {lr:.2e} {time.time() - t0:.0f}s",
                  flush=True)
    seconds = time.time() - t0
    ev = common.evaluate(model, valid_ids)
    print("valid", ev, flush=True)
    common.save_weights(model, args.out)
    with open(os.path.join(args.work_dir, "metrics.json"), "w") as f:
        json.dump({"config": config, "iters": args.iters, "batch": BATCH,
                   "bptt": BPTT, "train_seconds": seconds, "valid": ev}, f, indent=1)
    print("wrote", args.out, os.path.getsize(args.out), "bytes")


if __name__ == "__main__":
    main()
