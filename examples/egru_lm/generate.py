#!/usr/bin/python3
"""Generates text with the trained EGRU LM in PyTorch, one step at a time
(the reference for the text the compiled model generates).

    /usr/bin/python3 examples/egru_lm/generate.py "The meaning of life" -n 200
    /usr/bin/python3 examples/egru_lm/generate.py "Q: " --temperature 0.8 --seed 1

Greedy (argmax) by default, which is deterministic; with --temperature > 0
the next character is sampled with torch.multinomial from a generator
seeded with --seed. The prompt is fed token by token from the zero state;
characters outside the vocabulary are dropped.
"""

import argparse
import os
import sys

import torch

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lm  # noqa: E402
from lm import fortunes  # noqa: E402


@torch.no_grad()
def generate(model, prompt, length, temperature=0.0, seed=0):
    gen = torch.Generator().manual_seed(seed)
    states = model.egru.initial_state(1)
    ids = list(fortunes.encode(fortunes.clean(prompt))) or [fortunes.CHAR_TO_ID["\n"]]
    for tok in ids:
        logits, states = model.step(torch.tensor([tok]), states)
    out = []
    for _ in range(length):
        if temperature > 0:
            probs = torch.softmax(logits[0] / temperature, dim=-1)
            tok = int(torch.multinomial(probs, 1, generator=gen))
        else:
            tok = int(torch.argmax(logits[0]))
        out.append(tok)
        logits, states = model.step(torch.tensor([tok]), states)
    return fortunes.decode(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("prompt", nargs="?", default="The ")
    parser.add_argument("-n", "--length", type=int, default=300)
    parser.add_argument("--temperature", type=float, default=0.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weights", default=lm.WEIGHTS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    model = lm.load_weights(args.weights)
    sys.stdout.write(args.prompt + generate(model, args.prompt, args.length,
                                            args.temperature, args.seed) + "\n")


if __name__ == "__main__":
    main()
