#!/usr/bin/env bash
# Builds and runs the CUDA-free checks of the CUDA plugin with the system c++ (no CUDA needed).
# Usage: backends/cuda/tests/run-core-tests.sh BUILD_DIR [WEIGHTS.safetensors [INPUT.f32 DA.f32 LL.f32 N]]
#   WEIGHTS       an export of `twinlite-bench export-safetensors`: enables the plan checks
#   INPUT/DA/LL   raw float32 input N×3×360×640 and reference logits N×2×360×640: runs the whole plan
#                 on the CPU with the GPU kernels' own per-element code and compares (max |Δ| <= 1e-3)
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
SRC="$HERE/../src"
TRT="$HERE/../../tensorrt/src"
ABI="$HERE/../../../Sources/CTwinLiteBackendABI/include"
OUT=${1:?build folder}
mkdir -p "$OUT"
CXX=${CXX:-c++}
FLAGS=(-std=c++17 -O2 -Wall -Wextra -Werror -I "$SRC" -I "$TRT" -I "$ABI")
CORE=("$SRC/safetensors.cpp" "$SRC/cuda_options.cpp" "$SRC/network.cpp" "$TRT/plugin_core.cpp")
"$CXX" "${FLAGS[@]}" "${CORE[@]}" "$HERE/cuda_core_test.cpp" -o "$OUT/cuda_core_test"
"$OUT/cuda_core_test" ${2:+"$2"}
if [[ $# -ge 6 ]]; then
  "$CXX" "${FLAGS[@]}" "${CORE[@]}" "$HERE/cpu_forward_check.cpp" -o "$OUT/cpu_forward_check"
  "$OUT/cpu_forward_check" "$2" "$3" "$4" "$5" "$6"
fi
