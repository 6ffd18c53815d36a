#!/usr/bin/env bash
# Configures (once) and builds spnc into build/ with Ninja against LLVM/MLIR 22.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_DIR="${SPNC_BUILD_DIR:-build}"
LLVM_PREFIX=/usr/lib/llvm-22

if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -G Ninja -S . -B "$BUILD_DIR" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DLLVM_ENABLE_LLD=ON \
    -DMLIR_DIR="$LLVM_PREFIX/lib/cmake/mlir" \
    -DLLVM_EXTERNAL_LIT="$LLVM_PREFIX/bin/lit"
fi
# Two cores, 24 GiB: two jobs keep the linker from competing for memory.
ninja -C "$BUILD_DIR" -j "${SPNC_JOBS:-$(nproc)}" "$@"
