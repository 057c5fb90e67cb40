#!/usr/bin/env python3
"""The measuring half of scripts/bench-gpu, on the GPU machine (no Swift there). Three phases, each
its own process so that the plugin and PyTorch never share a CUDA context:

  bench-gpu.py plugin --plugin SO --weights W.safetensors --reference REF.npz --out PLUGIN.json
      parity of the plugin (fp32, fp16) against the Swift `reference` logits carried in REF.npz,
      and its device and end-to-end timings through the C ABI (plugin_host.py)
  bench-gpu.py torch --upstream DIR --checkpoint best.pth --reference REF.npz --plugin-json PLUGIN.json
                 --out TORCH.json
      the official TwinLiteNet code under PyTorch: parity of fp32, then eager fp32/fp16,
      torch.compile (default; max-autotune in a child process with a time limit) and CUDA graphs
  bench-gpu.py report --plugin-json P --torch-json T --meta META.json --json OUT.json --md OUT.md

Timing, the same for every engine: `warmup` untimed passes, then `runs` passes each timed alone
(synchronised after each). "device": the forward pass with input and outputs already on the GPU
(CUDA events; for the plugin, its own events around the graph launch, ABI version 2). "end-to-end":
host float32 batch in, both heads' float32 logits back in host memory (host clock).
"""

import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))


def summary(samples, batch):
    s = np.asarray(samples, dtype=np.float64)
    median = float(np.percentile(s, 50))
    return {
        "median_ms": median,
        "p90_ms": float(np.percentile(s, 90)),
        "fps": batch * 1000.0 / median,
        "runs": int(s.size),
    }


def timing_rows(engine, precision, batch, device, end_to_end):
    """One report row per timing kind that has samples."""
    return [
        dict(engine=engine, precision=precision, batch=batch, timing=t, **summary(samples, batch))
        for t, samples in (("device", device), ("end-to-end", end_to_end))
        if samples
    ]


def runs_for(a, batch):
    return a.runs if batch == 1 else max(a.min_runs, a.runs // 2)


def load_reference(path):
    """Inputs (exact: the Swift input is u8 / 255) and the Swift logits (2^-16 grid, see --prepare)."""
    ref = np.load(path)
    x = ref["inputs"].astype(np.float32) / np.float32(255.0)
    q = np.ascontiguousarray(ref["logit_planes"].T).view("<i4").reshape(tuple(ref["logit_shape"]))
    logits = (q.astype(np.float64) / 65536).astype(np.float32)
    return x, logits[0], logits[1], [str(n) for n in ref["names"]]


def masks_agree(a, b):
    """Fraction of pixels whose argmax (logit 1 > logit 0) agrees, over both heads and all frames."""
    same = [((p[:, 1] > p[:, 0]) == (q[:, 1] > q[:, 0])) for p, q in zip(a, b)]
    return float(np.mean(np.concatenate([s.ravel() for s in same])))


def max_abs(a, b):
    return float(max(np.abs(p.astype(np.float64) - q).max() for p, q in zip(a, b)))


# ---------------------------------------------------------------- plugin phase


def plugin_phase(a):
    sys.path.insert(0, HERE)
    from plugin_host import Plugin

    plugin = Plugin(a.plugin)
    x, da_ref, ll_ref, names = load_reference(a.reference)
    result = {"abi_version": plugin.abi_version, "rows": [], "parity": {}, "errors": []}
    outputs = {}
    for precision in ("fp32", "fp16"):
        # With the CUDA graph first; should capture fail, the same check without it still counts.
        for graph in (1, 0):
            try:
                options = a.options.format(precision=precision, batch=len(x), graph=graph)
                with plugin.create(a.weights, options) as h:
                    result[f"describe_{precision}"] = h.description
                    da, ll = h.infer(x)  # all frames in one batch
                    one_da, one_ll = h.infer(x[:1])  # and the first alone: batching must not change it
            except Exception as e:
                result["errors"].append(f"parity {precision} graph={graph}: {e}")
                continue
            outputs[precision] = (da, ll)
            p = result["parity"]
            p[f"{precision}_max_abs"] = max_abs((da, ll), (da_ref, ll_ref))
            p[f"{precision}_mask_agree"] = masks_agree((da, ll), (da_ref, ll_ref))
            p[f"{precision}_batch1_vs_batched_max_abs"] = max_abs((one_da, one_ll), (da[:1], ll[:1]))
            break
    if "fp32" in outputs:
        np.savez(a.outputs, da=outputs["fp32"][0], ll=outputs["fp32"][1])
    result["parity"]["frames"] = names
    variants = [("fp16", "1"), ("fp32", "1"), ("fp16", "0")]
    for precision, graph in variants:
        options = a.options.format(precision=precision, batch=max(a.batches), graph=graph)
        engine = f"twinlite cuda {precision}" + ("" if graph == "1" else " (no CUDA graph)")
        for batch in (a.batches if graph == "1" else a.batches[:1]):
            try:
                with plugin.create(a.weights, options) as h:
                    xb = np.ascontiguousarray(np.resize(x, (batch,) + x.shape[1:]))
                    for _ in range(a.warmup):
                        h.infer(xb)
                    device, e2e = [], []
                    for _ in range(runs_for(a, batch)):
                        t0 = time.perf_counter()
                        h.infer(xb)
                        e2e.append((time.perf_counter() - t0) * 1000.0)
                        t = h.timing()
                        if t:
                            device.append(t["device_ms"])
                result["rows"] += timing_rows(engine, precision, batch, device, e2e)
            except Exception as e:  # one failing configuration must not lose the others
                result["errors"].append(f"{engine} batch {batch}: {e}")
            print(f"plugin {engine} batch {batch} done", file=sys.stderr, flush=True)
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)


# ---------------------------------------------------------------- torch phase


def official_model(upstream, checkpoint):
    import torch

    sys.path.insert(0, upstream)
    from model import TwinLite as net  # the official code, from a checkout outside this repository

    model = torch.nn.DataParallel(net.TwinLiteNet())  # the checkpoint's keys carry `module.`
    model.load_state_dict(torch.load(checkpoint, map_location="cpu"))
    return model.module.eval()


def time_engine(forward, x_host, batch, warmup, runs, half, device):
    """forward(x_on_device) -> (da, ll) on the device. Returns (device samples, end-to-end samples)."""
    import torch

    cuda = device == "cuda"
    dtype = torch.float16 if half else torch.float32
    xb = np.ascontiguousarray(np.resize(x_host, (batch,) + x_host.shape[1:]))
    x_dev = torch.from_numpy(xb).to(device).to(dtype)

    def sync():
        if cuda:
            torch.cuda.synchronize()

    def end_to_end():
        xd = torch.from_numpy(xb).to(device).to(dtype)
        da, ll = forward(xd)
        return da.float().cpu().numpy(), ll.float().cpu().numpy()

    with torch.no_grad():
        for _ in range(warmup):
            forward(x_dev)
        sync()
        device_ms, e2e_ms = [], []
        for _ in range(runs):
            if cuda:
                start, stop = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                start.record()
                forward(x_dev)
                stop.record()
                stop.synchronize()
                device_ms.append(start.elapsed_time(stop))
            else:
                t0 = time.perf_counter()
                forward(x_dev)
                device_ms.append((time.perf_counter() - t0) * 1000.0)
        for _ in range(runs):
            t0 = time.perf_counter()
            end_to_end()
            e2e_ms.append((time.perf_counter() - t0) * 1000.0)
    return device_ms, e2e_ms


def cuda_graph_forward(model, batch, half):
    """The model captured in a CUDA graph on a static input, the way PyTorch documents it."""
    import torch

    dtype = torch.float16 if half else torch.float32
    static_x = torch.zeros((batch, 3, 360, 640), device="cuda", dtype=dtype)
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream), torch.no_grad():
        for _ in range(3):
            model(static_x)
    torch.cuda.current_stream().wait_stream(stream)
    graph = torch.cuda.CUDAGraph()
    with torch.cuda.graph(graph), torch.no_grad():
        static_out = model(static_x)

    def forward(x):
        static_x.copy_(x)
        graph.replay()
        return static_out

    return forward


def torch_phase(a):
    import copy
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cudnn.benchmark = True
    device = "cuda" if torch.cuda.is_available() else "cpu"
    x, da_ref, ll_ref, _ = load_reference(a.reference)
    result = {
        "torch": torch.__version__,
        "cudnn": torch.backends.cudnn.version(),
        "rows": [],
        "parity": {},
        "errors": [],
    }
    model32 = official_model(a.upstream, a.checkpoint).to(device)
    with torch.no_grad():
        da, ll = (t.float().cpu().numpy() for t in model32(torch.from_numpy(x).to(device)))
    p = result["parity"]
    p["torch_fp32_max_abs"] = max_abs((da, ll), (da_ref, ll_ref))
    p["torch_fp32_mask_agree"] = masks_agree((da, ll), (da_ref, ll_ref))
    if a.plugin_outputs and os.path.exists(a.plugin_outputs):
        ours = np.load(a.plugin_outputs)
        p["plugin_fp32_vs_torch_fp32_max_abs"] = max_abs((ours["da"], ours["ll"]), (da, ll))
    model16 = copy.deepcopy(model32).half()
    engines = [
        ("PyTorch eager fp32", "fp32", lambda b: model32, False),
        ("PyTorch eager fp16", "fp16", lambda b: model16, True),
    ]
    if device == "cuda":
        engines += [
            ("PyTorch CUDA graph fp32", "fp32", lambda b: cuda_graph_forward(model32, b, False), False),
            ("PyTorch CUDA graph fp16", "fp16", lambda b: cuda_graph_forward(model16, b, True), True),
        ]
    if hasattr(torch, "compile") and device == "cuda":
        compiled = torch.compile(model16)  # default mode; recompiles per batch size
        engines.append(("PyTorch torch.compile fp16", "fp16", lambda b: compiled, True))
    deadline = time.time() + a.budget_s
    for engine, precision, make, half in engines:
        for batch in a.batches:
            if time.time() > deadline:
                result["errors"].append(f"{engine} batch {batch}: skipped, past the {a.budget_s} s budget")
                continue
            try:
                forward = make(batch)
                device_ms, e2e_ms = time_engine(forward, x, batch, a.warmup, runs_for(a, batch), half, device)
                result["rows"] += timing_rows(engine, precision, batch, device_ms, e2e_ms)
            except Exception as e:
                result["errors"].append(f"{engine} batch {batch}: {type(e).__name__}: {e}")
            print(f"torch {engine} batch {batch} done", file=sys.stderr, flush=True)
    if device == "cuda" and hasattr(torch, "compile") and a.autotune_s > 0:
        # max-autotune can take many minutes: batch 1 only, in a child process with a time limit.
        command = [sys.executable, os.path.abspath(__file__), "autotune"] + [
            f"--{k}={v}"
            for k, v in (
                ("upstream", a.upstream),
                ("checkpoint", a.checkpoint),
                ("reference", a.reference),
                ("warmup", a.warmup),
                ("runs", a.runs),
                ("min-runs", a.min_runs),
                ("batches", "1"),
            )
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=a.autotune_s)
            if done.returncode == 0:
                result["rows"] += json.loads(done.stdout.strip().splitlines()[-1])
            else:
                result["errors"].append("torch.compile max-autotune: " + done.stderr.strip()[-400:])
        except subprocess.TimeoutExpired:
            result["errors"].append(f"torch.compile max-autotune: did not finish within {a.autotune_s} s")
    with open(a.out, "w") as f:
        json.dump(result, f, indent=1)


def autotune_phase(a):
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    x, *_ = load_reference(a.reference)
    model16 = official_model(a.upstream, a.checkpoint).cuda().half()
    forward = torch.compile(model16, mode="max-autotune")
    device_ms, e2e_ms = time_engine(forward, x, 1, a.warmup, a.runs, True, "cuda")
    engine = "PyTorch torch.compile max-autotune fp16"
    print(json.dumps(timing_rows(engine, "fp16", 1, device_ms, e2e_ms)))


# ---------------------------------------------------------------- report


def best(rows, predicate):
    rows = [r for r in rows if predicate(r)]
    return min(rows, key=lambda r: r["median_ms"]) if rows else None


def report_phase(a):
    with open(a.plugin_json) as f:
        plugin = json.load(f)
    with open(a.torch_json) as f:
        peers = json.load(f)
    with open(a.meta) as f:
        meta = json.load(f)
    rows = plugin["rows"] + peers["rows"]
    parity = dict(plugin["parity"])
    parity.update(peers["parity"])
    frames = parity.pop("frames", [])
    out = {
        "device": meta["device"],
        "commit": meta["commit"],
        "date": meta["date"],
        "cuda": meta["cuda"],
        "cudnn": meta["cudnn"],
        "torch": peers.get("torch"),
        "rows": rows,
        "parity": {
            "fp32_max_abs": parity.get("fp32_max_abs"),
            "fp16_mask_agree": parity.get("fp16_mask_agree"),
            **{k: v for k, v in parity.items() if k not in ("fp32_max_abs", "fp16_mask_agree")},
        },
        "frames": len(frames),
        "plugin": plugin.get("describe_fp16"),
        "errors": plugin["errors"] + peers["errors"],
    }
    ours = best(
        rows, lambda r: r["engine"] == "twinlite cuda fp16" and r["batch"] == 1 and r["timing"] == "device"
    )
    torch_best = best(
        rows, lambda r: r["engine"].startswith("PyTorch") and r["batch"] == 1 and r["timing"] == "device"
    )
    targets = {}
    if ours:
        targets["fps_batch1"] = ours["fps"]
        targets["fps_batch1_target_met"] = ours["fps"] >= 2000
    if ours and torch_best:
        targets["ratio_to_best_torch_batch1"] = ours["median_ms"] / torch_best["median_ms"]
        targets["best_torch_batch1"] = torch_best["engine"]
        targets["ratio_target_met"] = targets["ratio_to_best_torch_batch1"] <= 0.5
    out["targets"] = targets
    out["parity"]["fp32_target_met"] = (parity.get("fp32_max_abs") or 1e9) <= 1e-3
    out["parity"]["fp16_target_met"] = (parity.get("fp16_mask_agree") or 0) >= 0.999
    with open(a.json, "w") as f:
        json.dump(out, f, indent=1)
    with open(a.md, "w") as f:
        f.write(markdown(out, meta, frames))


def markdown(r, meta, frames):
    p, t = r["parity"], r["targets"]
    fmt = lambda v, spec: "—" if v is None else format(v, spec)
    yes = lambda ok: "**met**" if ok else "**not met**"
    lines = [
        "# TwinLiteNet on an NVIDIA GPU: the twinlite CUDA plugin beside PyTorch",
        "",
        f"- device: {r['device']}; CUDA {r['cuda']}; cuDNN {r['cudnn']}; PyTorch {r['torch']}",
        f"- commit: {r['commit']}; date: {r['date']}; command: `{meta['command']}`",
        f"- plugin: {r['plugin']}",
        "- official code for the PyTorch rows: chequanghuy/TwinLiteNet `model/TwinLite.py` from an upstream "
        "checkout (not part of this repository), checkpoint `best.pth`; TF32 off everywhere",
        "- timing: warm-up then each pass timed alone (synchronised after each); median and p90 per pass "
        "of the whole batch; FPS = batch × 1000 / median. **device**: input and outputs already on the GPU "
        "(CUDA events); **end-to-end**: float32 batch from host memory to both heads' float32 logits in "
        "host memory (host clock). The plugin's device time is its own (ABI version 2: events around the "
        "graph launch).",
        f"- input 360×640, the {len(frames)} real frames under `../shared/` repeated to fill a batch",
        "",
        f"## Parity ({len(frames)} frames, against the Swift `reference` backend's logits from the CPU)",
        "",
        "The Swift logits travel on a 2^-16 grid: up to 7.7e-6 of each difference is that rounding.",
        "",
        "| check | value | target |",
        "|---|---:|---|",
        f"| twinlite cuda fp32: max \\|Δ\\| of the logits | {fmt(p.get('fp32_max_abs'), '.3g')} | ≤ 1e-3: "
        f"{yes(p['fp32_target_met'])} |",
        f"| twinlite cuda fp32: argmax mask pixels that agree | {fmt(p.get('fp32_mask_agree'), '.6f')} | |",
        f"| twinlite cuda fp16: argmax mask pixels that agree | {fmt(p.get('fp16_mask_agree'), '.6f')} | "
        f"≥ 0.999: {yes(p['fp16_target_met'])} |",
        f"| twinlite cuda fp16: max \\|Δ\\| of the logits | {fmt(p.get('fp16_max_abs'), '.3g')} | |",
        f"| PyTorch fp32 (official code): max \\|Δ\\| | {fmt(p.get('torch_fp32_max_abs'), '.3g')} | |",
        "| twinlite cuda fp32 vs PyTorch fp32: max \\|Δ\\| | "
        f"{fmt(p.get('plugin_fp32_vs_torch_fp32_max_abs'), '.3g')} | |",
        f"| one frame alone vs in the batch of {len(frames)} (fp32) | "
        f"{fmt(p.get('fp32_batch1_vs_batched_max_abs'), '.3g')} | |",
        "",
        "## Speed",
        "",
    ]
    for batch in sorted({x["batch"] for x in r["rows"]}):
        lines += [
            f"### batch {batch}",
            "",
            "| engine | precision | timing | median ms | p90 ms | FPS | runs |",
            "|---|---|---|---:|---:|---:|---:|",
        ]
        for row in sorted(
            (x for x in r["rows"] if x["batch"] == batch), key=lambda x: (x["timing"], x["median_ms"])
        ):
            lines.append(
                f"| {row['engine']} | {row['precision']} | {row['timing']} | {row['median_ms']:.3f} | "
                f"{row['p90_ms']:.3f} | {row['fps']:.1f} | {row['runs']} |"
            )
        lines.append("")
    lines += ["## Targets", ""]
    if "ratio_to_best_torch_batch1" in t:
        lines.append(
            f"- batch-1 device time of twinlite cuda fp16 / PyTorch's best batch-1 device time "
            f"({t['best_torch_batch1']}): {t['ratio_to_best_torch_batch1']:.2f} (target ≤ 0.5): "
            f"{yes(t['ratio_target_met'])}"
        )
    if "fps_batch1" in t:
        lines.append(
            f"- twinlite cuda fp16 at batch 1 (device): {t['fps_batch1']:.0f} FPS (target ≥ 2,000 on an "
            f"H100): {yes(t['fps_batch1_target_met'])}. The paper's 415 FPS is TensorRT on an RTX "
            "A5000, a different GPU and settings not stated."
        )
    if r["errors"]:
        lines += ["", "## Not measured", ""] + [f"- {e}" for e in r["errors"]]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="phase", required=True)
    for name in ("plugin", "torch", "autotune"):
        s = sub.add_parser(name)
        s.add_argument("--reference", required=True)
        s.add_argument("--warmup", type=int, default=20)
        s.add_argument(
            "--runs",
            type=int,
            default=200,
            help="timed passes at batch 1; half, at least " "--min-runs, at larger batches",
        )
        s.add_argument("--min-runs", type=int, default=100)
        s.add_argument("--batches", type=lambda v: [int(b) for b in v.split(",")], default=[1, 8, 32])
        if name == "plugin":
            s.add_argument("--plugin", required=True)
            s.add_argument("--weights", required=True)
            s.add_argument(
                "--options",
                default="precision={precision};batch={batch};graph={graph}",
                help="the plugin's options; {precision}, {batch} and {graph} are filled in",
            )
            s.add_argument("--outputs", required=True, help="npz for the fp32 logits (torch phase compares)")
        else:
            s.add_argument("--upstream", required=True)
            s.add_argument("--checkpoint", required=True)
        if name == "torch":
            s.add_argument("--plugin-outputs")
            s.add_argument("--budget-s", type=float, default=240)
            s.add_argument("--autotune-s", type=float, default=150)
        if name != "autotune":
            s.add_argument("--out", required=True)
    r = sub.add_parser("report")
    for k in ("plugin-json", "torch-json", "meta", "json", "md"):
        r.add_argument("--" + k, required=True)
    a = ap.parse_args()
    {"plugin": plugin_phase, "torch": torch_phase, "autotune": autotune_phase, "report": report_phase}[
        a.phase
    ](a)


if __name__ == "__main__":
    main()
