#!/usr/bin/python3
"""Trains the EGRU character-level LM on the fortunes corpus (see README.md).

    /usr/bin/python3 examples/egru_lm/train.py dense    # ~9 min: train from scratch
    /usr/bin/python3 examples/egru_lm/train.py prune    # ~8 min: gradual pruning
    /usr/bin/python3 examples/egru_lm/train.py finetune # ~9 min: more fine-tuning

`dense` writes <work-dir>/dense.npz; `prune` reads it, prunes W and R of both
layers gradually by magnitude to 90 % (cubic schedule over 800 iterations,
re-pruning every 20) while training on, fine-tunes 400 more iterations at
90 %, and writes egru_lm_weights.npz next to this script; `finetune`
trains egru_lm_weights.npz on with its zeros fixed (1500 iterations, 1e-3
cosine to 5e-5) and overwrites it (the committed weights went through
dense, prune, finetune).
All phases log validation bpc and activity sparsity; metrics go to
<work-dir>/<phase>_metrics.json. Fixed iteration counts and seeds make runs
repeatable (up to BLAS rounding).
"""

import argparse
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm  # noqa: E402
from lm import fortunes  # noqa: E402

BATCH, BPTT = 64, 64


def train_loop(model, train_ids, iters, lr_max, lr_min, seed, masks=None,
               warmup=20, log_every=100, valid_ids=None, tag=""):
    torch.manual_seed(seed)
    data = lm.stream_batches(train_ids, BATCH)
    opt = torch.optim.Adam(model.parameters(), lr=lr_max)
    model.train()
    states = model.egru.initial_state(BATCH)
    pos = 0
    t0 = time.time()
    for it in range(iters):
        lr = lr_min + 0.5 * (lr_max - lr_min) * (1 + math.cos(math.pi * it / iters))
        if it < warmup:
            lr = lr_max * (it + 1) / warmup
        for g in opt.param_groups:
            g["lr"] = lr
        if pos + BPTT + 1 > data.shape[0]:
            pos = 0
            states = model.egru.initial_state(BATCH)
        inp, tgt = data[pos:pos + BPTT], data[pos + 1:pos + BPTT + 1]
        pos += BPTT
        states = lm.detach_states(states)
        logits, events, states = lm.run(model, inp, states)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        if masks is not None:
            lm.apply_masks(model, masks)
        if (it + 1) % log_every == 0 or it == 0:
            silent = np.mean([(e == 0).float().mean().item() for e in events])
            print(f"{tag} it {it + 1}/{iters} loss {loss.item() / math.log(2):.3f} bpc "
                  f"silent {silent:.3f} lr {lr:.2e} {time.time() - t0:.0f}s",
                  flush=True)
    return time.time() - t0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("phase", choices=["dense", "prune", "finetune"])
    parser.add_argument("--work-dir", default="/tmp/egru_lm")
    parser.add_argument("--iters", type=int, default=None)
    args = parser.parse_args()
    torch.set_num_threads(1)
    os.makedirs(args.work_dir, exist_ok=True)
    data = fortunes.splits()
    train_ids = fortunes.encode(data["train"])
    valid_ids = fortunes.encode(data["valid"])
    metrics = {"config": lm.CONFIG, "batch": BATCH, "bptt": BPTT}

    if args.phase == "dense":
        torch.manual_seed(0)
        model = lm.build_model()
        iters = args.iters or 1600
        secs = train_loop(model, train_ids, iters, 4e-3, 2e-4, seed=1, tag="dense")
        ev = lm.evaluate(model, valid_ids)
        print("dense valid", ev, flush=True)
        metrics.update(dense_iters=iters, dense_seconds=secs, dense_valid=ev)
        arrays = {k: v.detach().numpy() for k, v in model.state_dict().items()}
        np.savez(os.path.join(args.work_dir, "dense.npz"), **arrays)
    elif args.phase == "finetune":
        model = lm.load_weights(lm.WEIGHTS)
        masks = {name: (p != 0).to(p.dtype) for name, p in lm.pruned_parameters(model)}
        metrics["pruned_valid"] = lm.evaluate(model, valid_ids)
        print("pruned valid", metrics["pruned_valid"], flush=True)
        iters = args.iters or 1500
        secs = train_loop(model, train_ids, iters, 1e-3, 5e-5, seed=20, masks=masks,
                          warmup=20, log_every=100, tag="finetune")
        ev = lm.evaluate(model, valid_ids)
        print("fine-tuned valid", ev, flush=True)
        metrics.update(finetune_iters=iters, finetune_seconds=secs, finetuned_valid=ev,
                       weight_sparsity=lm.weight_sparsity(model))
        lm.save_weights(model)
        print("wrote", lm.WEIGHTS, os.path.getsize(lm.WEIGHTS), "bytes")
    else:
        model = lm.load_weights(os.path.join(args.work_dir, "dense.npz"))
        ev = lm.evaluate(model, valid_ids)
        print("dense valid", ev, flush=True)
        metrics["dense_valid"] = ev
        # Gradual magnitude pruning (Zhu & Gupta's cubic schedule): every
        # PRUNE_EVERY iterations the W and R matrices are re-pruned to
        # s(t) = 0.9 (1 - (1 - t / ramp)^3) by magnitude, then fine-tuned at
        # 90 % for the remaining iterations.
        ramp = args.iters or 800
        total = ramp + ramp // 2
        final, prune_every = 0.9, 20
        torch.manual_seed(10)
        data_t = lm.stream_batches(train_ids, BATCH)
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)
        model.train()
        states = model.egru.initial_state(BATCH)
        masks, pos, t0 = None, 0, time.time()
        for it in range(total):
            if it % prune_every == 0 and it <= ramp:
                frac = final * (1 - (1 - it / ramp) ** 3)
                masks = lm.magnitude_masks(model, frac)
                lm.apply_masks(model, masks)
            lr = 5e-4 if it < ramp else 5e-5 + 0.5 * (5e-4 - 5e-5) * (
                1 + math.cos(math.pi * (it - ramp) / (total - ramp)))
            for g in opt.param_groups:
                g["lr"] = lr
            if pos + BPTT + 1 > data_t.shape[0]:
                pos, states = 0, model.egru.initial_state(BATCH)
            inp, tgt = data_t[pos:pos + BPTT], data_t[pos + 1:pos + BPTT + 1]
            pos += BPTT
            states = lm.detach_states(states)
            logits, events, states = lm.run(model, inp, states)
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), tgt.reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            lm.apply_masks(model, masks)
            if (it + 1) % 100 == 0:
                print(f"prune it {it + 1}/{total} loss {loss.item() / math.log(2):.3f} bpc "
                      f"weights zero {lm.weight_sparsity(model):.3f} lr {lr:.1e} "
                      f"{time.time() - t0:.0f}s", flush=True)
        metrics["prune_seconds"] = time.time() - t0
        metrics["prune_schedule"] = {"ramp_iters": ramp, "total_iters": total,
                                     "final": final, "every": prune_every}
        ev = lm.evaluate(model, valid_ids)
        print("pruned valid", ev, flush=True)
        metrics["pruned_valid"] = ev
        metrics["weight_sparsity"] = lm.weight_sparsity(model)
        lm.save_weights(model)
        print("wrote", lm.WEIGHTS, os.path.getsize(lm.WEIGHTS), "bytes")
    with open(os.path.join(args.work_dir, f"{args.phase}_metrics.json"), "w") as f:
        json.dump(metrics, f, indent=1)


if __name__ == "__main__":
    main()
