#!/usr/bin/env python3
"""Run an exported TwinLiteNet ONNX file with onnxruntime and compare it with Swift logits.

Usage: onnx-compare.py --model M.onnx --input in.npy --da da.npy --ll ll.npy
                       [--tolerance 1e-4] [--providers CPUExecutionProvider,...] [--batch N]

`in.npy` is 1x3x360x640 float32; `da.npy`/`ll.npy` are the Swift logits (1x2x360x640). With
--batch N the input is tiled N times (checks a dynamic-batch export). Prints one JSON line per
provider with the max abs difference per head; exits 1 if any exceeds the tolerance.
"""
import argparse
import json
import sys

import numpy as np
import onnxruntime as ort


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True)
    p.add_argument("--input", required=True)
    p.add_argument("--da", required=True)
    p.add_argument("--ll", required=True)
    p.add_argument("--tolerance", type=float, default=1e-4)
    p.add_argument("--providers", default="CPUExecutionProvider")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--cuda-tf32", type=int, default=0, help="CUDA EP use_tf32 (default 0: full FP32 math)")
    p.add_argument("--time-runs", type=int, default=0, help="also report the median of N timed runs")
    a = p.parse_args()

    x = np.load(a.input).astype(np.float32)
    x = x.reshape((-1,) + x.shape[-3:])
    ref = {"da": np.load(a.da).reshape((-1, 2) + x.shape[-2:]), "ll": np.load(a.ll).reshape((-1, 2) + x.shape[-2:])}
    x = np.tile(x, (a.batch, 1, 1, 1))
    ok = True
    available = ort.get_available_providers()
    for provider in a.providers.split(","):
        if provider not in available:
            print(json.dumps({"provider": provider, "skipped": "not available", "available": available}))
            continue
        spec = provider
        if provider == "CUDAExecutionProvider":
            spec = (provider, {"use_tf32": str(a.cuda_tf32)})
        try:
            sess = ort.InferenceSession(a.model, providers=[spec])
        except Exception:  # an onnxruntime-gpu without the use_tf32 option
            sess = ort.InferenceSession(a.model, providers=[provider])
        da, ll = sess.run(["da", "ll"], {"image": x})
        result = {"provider": provider, "ort": ort.__version__, "batch": int(x.shape[0]),
                  "session_providers": sess.get_providers()}
        if provider == "CUDAExecutionProvider":
            result["use_tf32"] = sess.get_provider_options().get(provider, {}).get("use_tf32", "?")
        if a.time_runs > 0:
            import time
            for _ in range(3):
                sess.run(["da", "ll"], {"image": x})
            samples = []
            for _ in range(a.time_runs):
                t = time.perf_counter()
                sess.run(["da", "ll"], {"image": x})
                samples.append((time.perf_counter() - t) * 1e3)
            result["median_ms_including_host_copies"] = float(np.median(samples))
        for name, out in (("da", da), ("ll", ll)):
            expected = np.tile(ref[name], (a.batch, 1, 1, 1))
            if out.shape != expected.shape:
                result[name] = f"shape {out.shape} != {expected.shape}"
                ok = False
                continue
            diff = float(np.max(np.abs(out - expected)))
            result[name + "_max_abs_diff"] = diff
            mask_out = out[:, 1] > out[:, 0]
            mask_ref = expected[:, 1] > expected[:, 0]
            result[name + "_mask_mismatches"] = int(np.sum(mask_out != mask_ref))
            ok = ok and diff <= a.tolerance
        result["within_tolerance"] = ok
        print(json.dumps(result), flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
