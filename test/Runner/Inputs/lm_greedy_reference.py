"""PyTorch's greedy continuation and bits per character for the demo LM step
(examples/egru/egru_lm_step.onnxtxt), printed in spnc-lm's format.

Usage: lm_greedy_reference.py EXAMPLES_DIR PROMPT N EVAL_TEXT
"""
import math
import os
import sys

import torch

sys.path.insert(0, os.path.join(sys.argv[1], "egru"))
from export_step import build_lm_step_module  # noqa: E402

examples, prompt, count, eval_text = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
symbols = [chr(c) for c in range(ord("a"), ord("q"))]
lm = build_lm_step_module()


def fresh_states():
    return lm.egru.initial_state(1)


def feed(token, states):
    with torch.no_grad():
        logits, states = lm.step(torch.tensor([token]), states)
    return logits[0], states


states = fresh_states()
for ch in prompt:
    logits, states = feed(symbols.index(ch), states)
generated = ""
for i in range(count):
    token = int(torch.argmax(logits))  # first maximum, like spnc-lm
    generated += symbols[token]
    if i + 1 < count:
        logits, states = feed(token, states)
print(f"generated ({count} characters, greedy): {generated}")

states = fresh_states()
bits = 0.0
tokens = [symbols.index(ch) for ch in eval_text]
for current, following in zip(tokens, tokens[1:]):
    logits, states = feed(current, states)
    log_probs = torch.log_softmax(logits.double(), dim=0)
    bits -= float(log_probs[following]) / math.log(2.0)
print(f"held-out: {bits / (len(tokens) - 1):.4f} bits per character over "
      f"{len(tokens) - 1} characters")
