"""Checks that spnc-lm's greedy continuation equals PyTorch's.

Usage: same_generated_text.py SPNC_LM_OUTPUT GENERATE_PY_OUTPUT PROMPT COUNT

spnc-lm prints `generated (N characters, greedy): TEXT` (TEXT may span lines,
a tab shown as \\t) followed by a `host:` line; generate.py prints the prompt
and its continuation.
"""
import sys

spnc_out, torch_out, prompt, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
spnc = open(spnc_out).read().split("greedy): ", 1)[1].rsplit("\nhost:", 1)[0]
torch = open(torch_out).read()[len(prompt):][:count].replace("\t", "\\t")
if spnc != torch:
    sys.exit(f"spnc:  {spnc!r}\ntorch: {torch!r}")
