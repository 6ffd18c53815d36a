#!/usr/bin/env bash
# Sets everything up, builds spnc, and runs the main job on the bundled
# default model, the EGRU character-level language model of examples/egru_lm:
# compile it for one SpiNNaker 2 chip (ONNX -> event dialect -> placed and
# routed machine -> one Cortex-M4F image per PE -> deployment package), run
# it on the simulated chip to generate text from a prompt with the per-token
# latency, energy, events and packets, and check that the host reference
# generates the same text. Usage: scripts/demo.sh [PROMPT] [CHARACTERS]
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
./scripts/build.sh spnc spnc-lm

BUILD_DIR="${SPNC_BUILD_DIR:-build}"
LM=examples/egru_lm
PROMPT="${1:-The meaning of life is }"
CHARACTERS="${2:-120}"
OUT="$BUILD_DIR/demo"
mkdir -p "$OUT"

echo "== spnc $LM/egru_lm.onnx -o $OUT/egru_lm.s2pkg"
"$BUILD_DIR/bin/spnc" "$LM/egru_lm.onnx" --report="$OUT/egru_lm.mapping.json" \
  -o "$OUT/egru_lm.s2pkg"
/usr/bin/python3 - "$OUT/egru_lm.mapping.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
print(f"package: {r['pes']['used']} PEs of {r['pes']['available']}, "
      f"routing entries {r['routing']['before']} -> {r['routing']['after']}, "
      f"largest PE data {r['sram']['max_data']} B of {r['sram']['data_limit']} B")
PY

echo "== spnc-lm on the simulated SpiNNaker 2 chip"
"$BUILD_DIR/bin/spnc-lm" "$OUT/egru_lm.s2pkg" --vocab="$LM/vocab.json" \
  --prompt="$PROMPT" --generate="$CHARACTERS" | tee "$OUT/chip.txt"

echo "== spnc-lm on the host reference (same text expected)"
"$BUILD_DIR/bin/spnc-lm" "$LM/egru_lm.onnx" --vocab="$LM/vocab.json" \
  --prompt="$PROMPT" --generate="$CHARACTERS" --eval="$LM/heldout_sample.txt" \
  | tee "$OUT/host.txt"

if diff <(grep -v '^chip:\|^simulator:' "$OUT/chip.txt") \
        <(grep -v '^host:\|^held-out:' "$OUT/host.txt") > /dev/null; then
  echo "== the simulated chip and the host reference generated the same text"
else
  echo "== MISMATCH: the simulated chip's text differs from the host's" >&2
  exit 1
fi
