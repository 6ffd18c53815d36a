#!/usr/bin/env bash
# Sets everything up, builds spnc, and runs the main job on the bundled
# default model: import it and print its event-dialect IR.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
./scripts/build.sh spnc spnc-opt

BUILD_DIR="${SPNC_BUILD_DIR:-build}"
MODEL="${1:-examples/egru/egru_lm_step.onnxtxt}"
echo "== spnc $MODEL --emit=event"
"$BUILD_DIR/bin/spnc" "$MODEL" --emit=event
