#!/usr/bin/env bash
# Tokens per second of spnc's host execution versus PyTorch on the CPU
# (batch 1) on the zoo EGRU language model, side by side, and their ratio.
# Not a test: it prints figures. Usage: bench/host_vs_pytorch/run.sh [TOKENS]
set -euo pipefail
cd "$(dirname "$0")/../.."

TOKENS="${1:-2000}"
PROMPT="The "
BUILD_DIR="${SPNC_BUILD_DIR:-build}"
MODEL=examples/egru_lm/egru_lm.onnx
VOCAB=examples/egru_lm/vocab.json

./scripts/build.sh spnc-lm > /dev/null

spnc_line=$("$BUILD_DIR/bin/spnc-lm" "$MODEL" --vocab="$VOCAB" \
  --prompt="$PROMPT" --generate="$TOKENS" | grep '^host:')
echo "spnc $spnc_line"
spnc_rate=$(sed -E 's/.*\(([0-9.]+) tokens\/s\).*/\1/' <<< "$spnc_line")

for threads in 1 "$(nproc)"; do
  torch_line=$(/usr/bin/python3 bench/host_vs_pytorch/pytorch_lm.py \
    "$PROMPT" "$TOKENS" "$threads")
  echo "$torch_line"
  torch_rate=$(sed -E 's/.*\(([0-9.]+) tokens\/s\).*/\1/' <<< "$torch_line")
  awk -v a="$spnc_rate" -v b="$torch_rate" -v t="$threads" \
    'BEGIN { printf "ratio spnc/pytorch (%s threads): %.2fx\n", t, a / b }'
done
