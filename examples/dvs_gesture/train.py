#!/usr/bin/python3
"""Trains the EGRU gesture classifier on synthetic DVS gestures (README.md).

    /usr/bin/python3 examples/dvs_gesture/train.py [--epochs N]

Writes dvs_gesture_weights.npz next to this script and metrics to
<work-dir>/metrics.json (the generated data sets are cached there too).
Loss: cross-entropy of the per-step logits averaged over time.
"""

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model as M  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--work-dir", default="/tmp/dvs_gesture")
    parser.add_argument("--activity", type=float, default=0.2,
                        help="weight of an L1 penalty on the events y")
    args = parser.parse_args()
    torch.set_num_threads(1)
    t0 = time.time()
    x_train, y_train = M.dataset("train", args.work_dir)
    x_valid, y_valid = M.dataset("valid", args.work_dir)
    print(f"data ready in {time.time() - t0:.0f}s", flush=True)

    torch.manual_seed(0)
    model = M.GestureEGRU()
    opt = torch.optim.Adam(model.parameters(), lr=2e-3)
    batch = 64
    iters = args.epochs * (len(x_train) // batch)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, iters, eta_min=1e-4)
    gen = np.random.RandomState(0)
    t0 = time.time()
    history = []
    for epoch in range(args.epochs):
        model.train()
        order = gen.permutation(len(x_train))
        losses = []
        for i in range(0, len(order) - batch + 1, batch):
            idx = order[i:i + batch]
            xs = torch.from_numpy(x_train[idx]).transpose(0, 1)
            logits, ev, _ = model(xs)
            loss = F.cross_entropy(logits.mean(0), torch.from_numpy(y_train[idx]))
            if args.activity:
                loss = loss + args.activity * sum(e.abs().mean() for e in ev)
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            losses.append(loss.item())
        ev = M.evaluate(model, x_valid, y_valid)
        history.append({"epoch": epoch + 1, "loss": float(np.mean(losses)), **ev})
        print(f"epoch {epoch + 1}: loss {np.mean(losses):.3f} valid acc "
              f"{ev['accuracy']:.3f} silent {ev['silent_all']:.3f} "
              f"{time.time() - t0:.0f}s", flush=True)
    seconds = time.time() - t0
    M.save_weights(model)
    with open(os.path.join(args.work_dir, "metrics.json"), "w") as f:
        json.dump({"epochs": args.epochs, "train_seconds": seconds,
                   "activity": args.activity, "history": history}, f, indent=1)
    print("wrote", M.WEIGHTS, os.path.getsize(M.WEIGHTS), "bytes")


if __name__ == "__main__":
    main()
