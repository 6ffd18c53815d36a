#!/usr/bin/env bash
# The simulator's speed and the simulated chip's latency and energy per
# token, for the zoo EGRU LM and for the EGRU LM configuration of the
# published SpiNNaker 2 work (3 layers 1350/1350/750, 95 % pruned, random
# weights, thresholds below 0.08 for about 15 % activity: 22, 5 and 7 % of
# the three layers fire), next to the published
# figures (../shared/reference/anchors.md). Not a test: it prints figures.
#
# Usage: bench/simulator/run.sh [STEPS]   (default 32 steps per model)
set -euo pipefail
cd "$(dirname "$0")/../.."

STEPS="${1:-32}"
BUILD_DIR="${SPNC_BUILD_DIR:-build}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

./scripts/build.sh spnc spnc-run > /dev/null

# Activity (fraction of non-zero y per layer and step) of a run's outputs.
activity() {
  /usr/bin/python3 - "$1" <<'PY'
import glob, sys
import numpy as np
total = fired = 0
for path in sorted(glob.glob(sys.argv[1] + "/y_*.npy")):
    y = np.load(path)
    total += y.size
    fired += np.count_nonzero(y)
print(f"{fired / total:.3f}")
PY
}

# One model: compile, run STEPS steps, print spnc-run's summary and the
# figures per step (= per token).
bench() {
  local name="$1" model="$2" input="$3" data="$4"
  local start end
  start=$(date +%s.%N)
  "$BUILD_DIR/bin/spnc" "$model" -o "$WORK/$name.s2pkg"
  end=$(date +%s.%N)
  echo "== $name"
  awk -v s="$start" -v e="$end" 'BEGIN { printf "compile time             %.1f s\n", e - s }'
  "$BUILD_DIR/bin/spnc-run" "$WORK/$name.s2pkg" --steps "$STEPS" \
    --input "$input=$data" --output-dir "$WORK/$name-out" \
    --report "$WORK/$name.json"
  echo "activity (y != 0)        $(activity "$WORK/$name-out")"
  /usr/bin/python3 - "$WORK/$name.json" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
summary = report["summary"]
seconds = summary["host_s"]
print(f"simulated ARM instructions per host second  {summary['instructions'] / seconds:.3e}")
print(f"wall-clock per simulated step               {seconds / summary['steps'] * 1e3:.1f} ms")
print(f"simulated latency per token                 {summary['step_s'] * 1e3:.3f} ms")
print(f"simulated energy per token                  {summary['energy_per_step_j'] * 1e3:.4f} mJ")
PY
}

/usr/bin/python3 - "$WORK/tokens.npy" "$STEPS" <<'PY'
import sys
import numpy as np
np.save(sys.argv[1], np.random.default_rng(0).integers(0, 97, (int(sys.argv[2]), 1)))
PY
bench zoo-lm examples/egru_lm/egru_lm.onnx token "$WORK/tokens.npy"

/usr/bin/python3 examples/egru_published/generate.py --theta-max "${THETA_MAX:-0.08}" > "$WORK/published.mlir"
/usr/bin/python3 - "$WORK/embeddings.npy" "$STEPS" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(0)
np.save(sys.argv[1], rng.standard_normal((int(sys.argv[2]), 1, 750)).astype(np.float32))
PY
bench published-3x1350 "$WORK/published.mlir" x "$WORK/embeddings.npy"

echo "== published (Subramoney et al., SpiNNaker 2, 150 PEs, FP32 on the ARM cores):"
echo "   0.39 W, 170.25 ms and 0.0653 J per batch-1 inference (token or sequence not stated)"
