#!/usr/bin/env bash
# Installs every Debian bookworm package spnc needs. Idempotent: when all are
# present it only checks, without touching the network.
set -euo pipefail

PACKAGES=(
  # Build
  cmake ninja-build g++ git
  # LLVM / MLIR 22 and the ARM cross toolchain (llvm-22: llvm-ar, llvm-objdump,
  # llvm-readelf for the PE runtime and the tests)
  llvm-22 llvm-22-dev libmlir-22-dev mlir-22-tools llvm-22-tools clang-22 lld-22
  # ONNX import
  libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  # Simulator
  libunicorn-dev libcapstone-dev
  # Tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev
  # Model zoo and examples (run with /usr/bin/python3)
  python3-onnx python3-numpy python3-torch
  # Training corpus of the model zoo (examples/common/fortunes.py)
  fortunes
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PACKAGES[@]} packages are installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}"
