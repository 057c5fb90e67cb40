#!/usr/bin/env bash
# Builds backends/tensorrt into libtwinlite_tensorrt.so (CMake). On a machine without TensorRT the
# configure step stops with a message saying what is missing.
# Usage: scripts/build-tensorrt-plugin.sh [BUILD_DIR] [extra cmake args, e.g. -DTENSORRT_ROOT=/opt/TensorRT-10.3]
# Needs: cmake >= 3.18, a C++17 compiler, CUDA toolkit, TensorRT 8.5-10.x (nvinfer, nvonnxparser),
#        libturbojpeg0-dev.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-.build-tensorrt}
shift || true
cmake -S backends/tensorrt -B "$BUILD" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$BUILD" -j "$(nproc)"
"$BUILD/plugin_core_test" ../shared/reference/twinlitenet/images 2>/dev/null || "$BUILD/plugin_core_test"
echo "built $(pwd)/$BUILD/libtwinlite_tensorrt.so"
