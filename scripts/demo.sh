#!/usr/bin/env bash
# Sets everything up, builds spnc, and runs the main job on the bundled
# default model, the EGRU character-level language model of examples/egru_lm:
# compile it (ONNX -> event dialect -> native code) and run it on the host
# reference: text generated from a prompt and bits per character on held-out
# text. Later milestones run the same model on the simulated SpiNNaker 2.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
./scripts/build.sh spnc spnc-lm

BUILD_DIR="${SPNC_BUILD_DIR:-build}"
LM=examples/egru_lm
PROMPT="${1:-The meaning of life is }"
mkdir -p "$BUILD_DIR/demo"

echo "== spnc $LM/egru_lm.onnx --emit=event"
"$BUILD_DIR/bin/spnc" "$LM/egru_lm.onnx" --emit=event -o "$BUILD_DIR/demo/egru_lm.event.mlir"
echo "event IR in $BUILD_DIR/demo/egru_lm.event.mlir:" \
  "$(grep -c 'event.egru_step' "$BUILD_DIR/demo/egru_lm.event.mlir") event.egru_step op(s)"

echo "== spnc-lm (host reference)"
"$BUILD_DIR/bin/spnc-lm" "$LM/egru_lm.onnx" --vocab="$LM/vocab.json" \
  --prompt="$PROMPT" --generate=200 --eval="$LM/heldout_sample.txt"
