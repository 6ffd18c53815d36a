#!/usr/bin/python3
"""Steps per second of the zoo EGRU LM in PyTorch on the CPU, batch 1: the
same greedy generation spnc-lm times (prompt fed token by token, then
argmax). Prints one line: `pytorch (<threads> threads): <steps> steps in
<s> s (<rate> tokens/s)`.

Usage: pytorch_lm.py PROMPT TOKENS THREADS
"""
import os
import sys
import time

import torch

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "examples", "egru_lm"))
import lm  # noqa: E402
from lm import fortunes  # noqa: E402

prompt, count, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
torch.set_num_threads(threads)
model = lm.load_weights()
tokens = list(fortunes.encode(prompt))

with torch.no_grad():
    # Warm up the allocator and kernels outside the timed region, as the
    # JIT's compile time is outside spnc-lm's.
    states = model.egru.initial_state(1)
    for tok in tokens:
        logits, states = model.step(torch.tensor([tok]), states)

    start = time.perf_counter()
    steps = 0
    states = model.egru.initial_state(1)
    for tok in tokens:
        logits, states = model.step(torch.tensor([tok]), states)
        steps += 1
    for _ in range(count - 1):
        tok = int(torch.argmax(logits[0]))
        logits, states = model.step(torch.tensor([tok]), states)
        steps += 1
    seconds = time.perf_counter() - start
print(f"pytorch ({threads} threads): {steps} steps in {seconds:.3f} s "
      f"({steps / seconds:.0f} tokens/s)")
