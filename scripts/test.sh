#!/usr/bin/env bash
# Sets everything up, builds, and runs the whole test suite: lit + unit tests.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup-debian.sh
./scripts/build.sh spnc spnc-opt spnc-run spnc-compare spnc-lm \
  spnc-onnx-conformance SPNCUnitTests

BUILD_DIR="${SPNC_BUILD_DIR:-build}"
status=0
echo "== lit tests"
ninja -C "$BUILD_DIR" check-spnc || status=1
echo "== unit tests"
(cd "$BUILD_DIR" && ctest --output-on-failure) || status=1
exit $status
