#!/usr/bin/env python3
"""Harness of scripts/bench-infer (run it through that script).

measure WORK LEVEL THREADS RUNS WARMUP WEIGHTS PLUGIN: one oneDNN ISA level (this process must have
  been started with ONEDNN_MAX_CPU_ISA / DNNL_MAX_CPU_ISA set): our plugin and ONNX Runtime at each
  thread count, interleaved rounds; prints the section as JSON.
render WORK LEVELS RUNS WARMUP WEIGHTS REPORT LOAD_BEFORE: writes the Markdown report from the sections.
"""
import ctypes as C
import json
import os
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import onnxruntime as ort

ORT_LEVELS = [("ORT_ENABLE_ALL", "default"), ("ORT_ENABLE_EXTENDED", "no NCHWc layout transform"),
              ("ORT_ENABLE_BASIC", "constant folding and redundancy removal only")]


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def measure(work, level, threads_list, runs, warmup, weights, plugin):
    threads_list = [int(t) for t in threads_list.split()]
    runs, warmup = int(runs), int(warmup)
    model = os.path.join(work, "twinlitenet.onnx")
    x = np.random.default_rng(1234).random((1, 3, 360, 640), dtype=np.float32)

    # twinlite_backend.h, ABI version 1.
    class Err(C.Structure):
        _fields_ = [("code", C.c_int32), ("message", C.c_char * 512)]
    PF = C.POINTER(C.c_float)

    class Api(C.Structure):
        _fields_ = [("abi_version", C.c_uint32), ("struct_size", C.c_uint32),
                    ("name", C.CFUNCTYPE(C.c_char_p)),
                    ("create", C.CFUNCTYPE(C.c_void_p, C.c_char_p, C.c_char_p, C.POINTER(Err))),
                    ("infer", C.CFUNCTYPE(C.c_int32, C.c_void_p, PF, C.c_int64, C.c_int64, C.c_int64, PF, PF)),
                    ("last_error", C.CFUNCTYPE(C.c_char_p, C.c_void_p)),
                    ("describe", C.CFUNCTYPE(C.c_char_p, C.c_void_p)),
                    ("destroy", C.CFUNCTYPE(None, C.c_void_p))]
    lib = C.CDLL(plugin)
    lib.twinlite_backend_entry.restype = C.POINTER(Api)
    api = lib.twinlite_backend_entry().contents
    # Version 2 only appends last_timing, so the version-1 fields read here are the same.
    assert api.abi_version in (1, 2), api.abi_version

    def ours(options):
        err = Err()
        h = api.create(weights.encode(), options.encode(), C.byref(err))
        if not h:
            sys.exit(f"plugin create failed: {err.message.decode()}")
        da = np.empty((1, 2, 360, 640), np.float32)
        ll = np.empty_like(da)
        args = (h, x.ctypes.data_as(PF), 1, 360, 640, da.ctypes.data_as(PF), ll.ctypes.data_as(PF))

        def run():
            if api.infer(*args) != 0:
                sys.exit(f"plugin infer failed: {api.last_error(h).decode()}")
            return da, ll
        return run, api.describe(h).decode()

    def onnxruntime(threads, level_name):
        o = ort.SessionOptions()
        o.intra_op_num_threads = threads
        o.inter_op_num_threads = 1
        o.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        o.graph_optimization_level = getattr(ort.GraphOptimizationLevel, level_name)
        # Engines take turns in one process: ORT's pool must not spin between its runs, or it takes
        # the cores from the next engine (our OpenMP pool then measured 70 ms instead of 31).
        o.add_session_config_entry("session.intra_op.allow_spinning", "0")
        s = ort.InferenceSession(model, o, providers=["CPUExecutionProvider"])
        return lambda: s.run(["da", "ll"], {"image": x})

    tables = []
    for threads in threads_list:
        start = load()
        run, desc = ours(f"threads={threads}")
        engines = [("twinlite `cpu` (oneDNN; PAM skipped only when provably exact)", run)]
        run_pam, _ = ours(f"threads={threads};pam=compute")
        engines.append(("twinlite `cpu`, `pam=compute` (attention always computed, like ORT)", run_pam))
        for name, what in ORT_LEVELS:
            engines.append((f"ONNX Runtime, {name} ({what})", onnxruntime(threads, name)))
        a, b = engines[0][1](), engines[2][1]()
        diff = max(float(np.abs(a[0] - b[0]).max()), float(np.abs(a[1] - b[1]).max()))
        for _, f in engines:
            for _ in range(warmup):
                f()
        samples = [[] for _ in engines]
        for r in range(runs):
            for k in range(len(engines)):
                i = (r + k) % len(engines)
                t = time.perf_counter()
                engines[i][1]()
                samples[i].append((time.perf_counter() - t) * 1e3)
        speed = json.load(open(os.path.join(work, f"cpu-{level}-{threads}.json")))
        tables.append({"threads": threads, "describe": desc, "diff": diff, "speed": speed,
                       "engines": [name for name, _ in engines], "samples": samples,
                       "load": f"{start} → {load()}"})
    json.dump({"level": level, "tables": tables}, sys.stdout)


def render(work, levels, runs, warmup, weights, report, load_before):
    def sh(cmd):
        return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()

    cpu = sh("lscpu | sed -n 's/^Model name: *//p'")
    lines = [
        "# Inference on CPU: twinlite `cpu` backend vs ONNX Runtime", "",
        "Generated by `scripts/bench-infer`; do not edit by hand.", "",
        "| metadata | value |", "|---|---|",
        f"| date (UTC) | {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} |",
        f"| git commit | `{sh('git rev-parse --short HEAD')}`{' (dirty)' if sh('git status --porcelain') else ''} |",
        f"| CPU | {cpu}, {os.cpu_count()} logical CPUs |",
        f"| OS | {platform.platform()} |",
        f"| Swift | {sh('swift --version 2>&1 | head -1')} |",
        f"| ONNX Runtime | {ort.__version__} (PyPI wheel, CPUExecutionProvider, sequential, inter-op 1; "
        "no ISA cap: the machine's own ISA in every section) |",
        f"| load average (1/5/15 min) before / after | {load_before} / {load()} |",
        f"| input | batch 1, 3x360x640 float32, fixed random values; weights `{weights}` |",
        f"| method | {warmup} warm-up passes each, then {runs} rounds, each engine once per round in rotating "
        "order, all in one Python process per ISA level (ONNX Runtime with intra-op spinning off, so that its idle pool does not take the cores from the next engine); ms per forward pass |",
        "| timed region | forward pass only: input in memory, no decode/resize/argmax; ours includes the "
        "ABI's input/output copies |",
        "| model for ORT | `twinlite-bench export-onnx` (opset 13, BN as nodes, which ORT fuses), PAM computed |",
        "",
    ]
    for level in levels.split():
        section = json.load(open(os.path.join(work, f"section-{level}.json")))
        dispatched = section["tables"][0]["speed"].get("isa", "unknown")
        lines += [f"## ISA {level} (`ONEDNN_MAX_CPU_ISA={level}`; oneDNN dispatched to {dispatched})", ""]
        for t in section["tables"]:
            threads, samples, names = t["threads"], t["samples"], t["engines"]
            ours_median = statistics.median(samples[0])
            lines += [f"### {level}, {threads} thread(s)", "",
                      f"Our backend: {t['describe']}. Max |ours − ORT| over both heads on this input: "
                      f"{t['diff']:.2e}. Load average (1 min) at start → end: {t['load']}.", "",
                      "| engine | median ms | p90 ms | min ms | median / ours |", "|---|---:|---:|---:|---:|"]
            for name, s in zip(names, samples):
                m = statistics.median(s)
                lines.append(f"| {name} | {m:.1f} | {np.percentile(s, 90):.1f} | {min(s):.1f} | "
                             f"{m / ours_median:.2f}x |")
            speed = t["speed"]
            lines.append(f"| `twinlite-bench speed --backend cpu` (own process, before the rounds) | "
                         f"{speed['median_ms']:.1f} | {speed['p90_ms']:.1f} | {speed['min_ms']:.1f} | "
                         f"{speed['median_ms'] / ours_median:.2f}x |")
            best = min(range(2, len(names)), key=lambda i: statistics.median(samples[i]))
            ort_best = statistics.median(samples[best])
            ort_level = names[best].split(", ")[1].split(" ")[0]
            lines += ["", f"**{level}, {threads} thread(s):** best ONNX Runtime ({ort_level}) median / "
                      f"twinlite `cpu` median = **{ort_best / ours_median:.2f}x**; against "
                      f"`pam=compute`: **{ort_best / statistics.median(samples[1]):.2f}x**.", ""]
    if float(load_before.split()[0]) > 1.5:
        lines += [f"**Warning: the machine was not quiet (load average {load_before} on {os.cpu_count()} CPUs).** "
                  "Multi-threaded rows are then dominated by contention (oneDNN's OpenMP threads spin-wait for "
                  "descheduled peers); the 1-thread tables are the more trustworthy comparison.", ""]
    lines += ["Notes: compare ratios within one table, not across runs on a shared machine. With the official",
              "weights PAM's gamma is -4.35e-20, so our backend may skip it (bit-identical result); ORT always",
              "computes the 3600x3600 attention. A capped level shows what an older CPU of the same clock",
              "would get from oneDNN; ONNX Runtime keeps this CPU's full ISA, so ratios at capped levels",
              "favour it.", ""]
    open(report, "w").write("\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    {"measure": measure, "render": render}[sys.argv[1]](*sys.argv[2:])
