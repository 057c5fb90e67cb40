#!/usr/bin/env python3
"""ONNX Runtime (CPU) on an exported TwinLiteNet, the peer that scripts/bench-cpu times beside ours.

Usage: ort-peer.py MODEL THREADS RUNS WARMUP. Batch 1, 3x360x640 float32, sequential execution,
inter-op 1; ORT_ENABLE_ALL, ORT_ENABLE_EXTENDED and ORT_ENABLE_BASIC interleaved round by round.
Prints one line: the best level's median ms per forward pass, then every level's.
"""
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort

model, threads, runs, warmup = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = np.random.default_rng(1234).random((1, 3, 360, 640), dtype=np.float32)
sessions = {}
for name in ["ORT_ENABLE_ALL", "ORT_ENABLE_EXTENDED", "ORT_ENABLE_BASIC"]:
    o = ort.SessionOptions()
    o.intra_op_num_threads = threads
    o.inter_op_num_threads = 1
    o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    o.graph_optimization_level = getattr(ort.GraphOptimizationLevel, name)
    sessions[name] = ort.InferenceSession(model, o, providers=["CPUExecutionProvider"])
for s in sessions.values():
    for _ in range(warmup):
        s.run(["da", "ll"], {"image": x})
samples = {name: [] for name in sessions}
for _ in range(runs):
    for name, s in sessions.items():
        t = time.perf_counter()
        s.run(["da", "ll"], {"image": x})
        samples[name].append((time.perf_counter() - t) * 1e3)
medians = {name: statistics.median(v) for name, v in samples.items()}
best = min(medians, key=medians.get)
print(f"ONNX Runtime {ort.__version__}, {threads} thread(s), {runs} runs: best {best} median "
      f"{medians[best]:.2f} ms per pass (" + ", ".join(f"{k} {v:.2f} ms" for k, v in medians.items()) + ")")
