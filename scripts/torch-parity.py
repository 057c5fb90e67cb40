#!/usr/bin/env python3
"""Compares twinlite's Swift logits with the OFFICIAL PyTorch TwinLiteNet on the same frames.

Needs PyTorch, OpenCV and numpy, and an upstream checkout of chequanghuy/TwinLiteNet (MIT; not part
of this repository) for `model/TwinLite.py`. Preprocessing is the official `test_image.py`:
cv2.imread → cv2.resize(640×360) → BGR→RGB → /255. Runs eval mode in float32 on the CPU and, when a
GPU is present, on CUDA with TF32 off.

  scripts/torch-parity.py --upstream DIR --weights best.pth --swift DIR[,DIR…] IMAGE…

Each --swift folder holds NAME.da.npy / NAME.ll.npy from `twinlite-bench infer --save-logits`.
Prints one JSON line per (device, swift folder, frame) and exits 1 if any max |Δ| > 1e-4 or any
argmax mask pixel differs. With --float64 (CPU), each line also gives the distance of the Swift
logits and of PyTorch's float32 logits from the network run in float64 (`*_f64` keys): how much of
a difference is rounding that every float32 implementation has.
"""
import argparse, copy, json, os, sys

import cv2
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument("--upstream", required=True)
p.add_argument("--weights", required=True)
p.add_argument("--swift", required=True, help="comma-separated folders of Swift logits")
p.add_argument("--tolerance", type=float, default=1e-4)
p.add_argument("--float64", action="store_true", help="also compare with the network run in float64")
p.add_argument("images", nargs="+")
a = p.parse_args()

sys.path.insert(0, a.upstream)
from model import TwinLite as net  # noqa: E402  (official code)

torch.backends.cuda.matmul.allow_tf32 = False
torch.backends.cudnn.allow_tf32 = False
model = torch.nn.DataParallel(net.TwinLiteNet())  # the checkpoint's keys carry `module.`
model.load_state_dict(torch.load(a.weights, map_location="cpu"))
model = model.module.eval()
exact = copy.deepcopy(model).double() if a.float64 else None

devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
failed = 0
for device in devices:
    m = model.to(device)
    for path in a.images:
        name = os.path.splitext(os.path.basename(path))[0]
        img = cv2.resize(cv2.imread(path), (640, 360))
        x = torch.from_numpy(np.ascontiguousarray(img[:, :, ::-1].transpose(2, 0, 1)))
        x = x.unsqueeze(0).float().to(device) / 255.0
        with torch.no_grad():
            da, ll = (t[0].float().cpu().numpy() for t in m(x))
            if exact is not None and device == "cpu":
                da64, ll64 = (t[0].numpy() for t in exact(x.double()))
        for folder in a.swift.split(","):
            row = {"torch": torch.__version__, "device": device, "swift": folder, "frame": name}
            for head, ref in (("da", da), ("ll", ll)):
                ours = np.load(os.path.join(folder, f"{name}.{head}.npy"))
                row[f"{head}_max_abs"] = float(np.abs(ours - ref).max())
                row[f"{head}_mask_diff"] = int(((ours[1] > ours[0]) != (ref[1] > ref[0])).sum())
                if exact is not None and device == "cpu":
                    f64 = da64 if head == "da" else ll64
                    row[f"{head}_max_abs_f64"] = float(np.abs(ours - f64).max())
                    row[f"{head}_torch32_max_abs_f64"] = float(np.abs(ref - f64).max())
            ok = all(row[f"{h}_max_abs"] <= a.tolerance and row[f"{h}_mask_diff"] == 0 for h in ("da", "ll"))
            row["ok"] = ok
            failed += not ok
            print(json.dumps(row), flush=True)
print(json.dumps({"failed": failed}))
sys.exit(1 if failed else 0)
