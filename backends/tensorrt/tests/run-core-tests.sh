#!/usr/bin/env bash
# Builds and runs the TensorRT-free tests of the TensorRT plugin (no CUDA, no TensorRT needed).
# Usage: backends/tensorrt/tests/run-core-tests.sh [BUILD_DIR] [SAMPLE_JPEG_DIR]
# Needs: a C++17 compiler (c++) and libturbojpeg (libturbojpeg0-dev).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$HERE/.."
OUT=${1:-${TMPDIR:-/tmp}/twinlite-trt-core}
SAMPLES=${2:-}
mkdir -p "$OUT"
${CXX:-c++} -std=c++17 -O1 -Wall -Wextra -Werror -I "$ROOT/src" \
  -I "$ROOT/../../Sources/CTwinLiteBackendABI/include" \
  "$ROOT/src/plugin_core.cpp" "$ROOT/src/frames.cpp" "$HERE/plugin_core_test.cpp" -lturbojpeg \
  -o "$OUT/plugin_core_test"
"$OUT/plugin_core_test" $SAMPLES
