#!/usr/bin/env python3
"""Reads twinlite-prep output with the OFFICIAL loaders, as a YOLOP or TwinLiteNet user would.

Needs PyTorch, torchvision, OpenCV, numpy and tqdm (Debian: python3-torch python3-torchvision
python3-opencv python3-tqdm) and upstream checkouts (MIT; not part of this repository):
hustvl/YOLOP for `lib/dataset`, chequanghuy/TwinLiteNet for `DataSet.py`.

  scripts/upstream-loaders.py yolop --upstream DIR --out OUT [--labels ROOT --source LAYOUT]
  scripts/upstream-loaders.py twinlitenet --upstream DIR --out OUT

yolop: builds YOLOP's `BddDataset` for each split over `--layout yolop` output with a minimal
config (DATAROOT=OUT/images, LABELROOT=OUT/det_annotations, MASKROOT=OUT/da_seg_annotations,
LANEROOT=OUT/ll_seg_annotations), in YOLOP's default vehicle-only mode and with all 13 classes,
and reads every item through a DataLoader with YOLOP's collate_fn (train items augmented as in
training). With --labels, every frame's YOLOP targets must equal the ones derived here, with
YOLOP's own `id_dict` and `convert`, from ROOT's detection labels in LAYOUT (2020,
2018-aggregate or 2018-per-image): a second implementation of the mapping, from the source.
twinlitenet: builds `DataSet.MyDataset` for train and val (its hard-coded root pointed at
OUT/images/SPLIT) and reads every item the same way.

Prints one JSON line per check and exits 1 if any check fails.
"""
import argparse, json, os, random, sys, types

import numpy as np

p = argparse.ArgumentParser()
p.add_argument("loader", choices=["yolop", "twinlitenet"])
p.add_argument("--upstream", required=True, help="upstream checkout")
p.add_argument("--out", required=True, help="twinlite-prep output folder")
p.add_argument("--splits", default="train,val")
p.add_argument("--labels", help="BDD100K root the output was made from (yolop)")
p.add_argument("--source", choices=["2020", "2018-aggregate", "2018-per-image"])
a = p.parse_args()
if bool(a.labels) != bool(a.source):
    p.error("--labels and --source go together")

random.seed(0)
np.random.seed(0)
import torch  # noqa: E402

torch.manual_seed(0)
sys.path.insert(0, os.path.abspath(a.upstream))
out = os.path.abspath(a.out)
splits = [s for s in a.splits.split(",") if s]
failed = 0


def report(row, ok):
    global failed
    row["ok"] = bool(ok)
    failed += not ok
    print(json.dumps(row), flush=True)


def iterate(dataset, collate_fn=None):
    loader = torch.utils.data.DataLoader(
        dataset, batch_size=4, shuffle=False, num_workers=0, collate_fn=collate_fn)
    return sum(len(batch[0]) for batch in loader)


def stub_missing(name, attributes):
    """YOLOP's lib.utils imports training-only modules (anchors, plots, prefetching) at import
    time; the dataset code never calls them. Stand-ins only where a module is not installed."""
    try:
        __import__(name)
    except ImportError:
        parts = name.split(".")
        for i in range(len(parts)):
            prefix = ".".join(parts[: i + 1])
            module = sys.modules.setdefault(prefix, types.ModuleType(prefix))
            if i:
                setattr(sys.modules[".".join(parts[:i])], parts[i], module)
        for attribute in attributes:
            setattr(sys.modules[name], attribute, None)


def expected_objects(split):
    """name -> the 2018-named box objects of ROOT's detection labels for the split."""
    root, objects = a.labels, {}
    if a.source == "2018-per-image":
        folder = os.path.join(root, "labels", "100k", split)
        for file in os.listdir(folder):
            with open(os.path.join(folder, file)) as f:
                objects[file[:-5]] = [o for o in json.load(f)["frames"][0]["objects"] if "box2d" in o]
        return objects
    if a.source == "2018-aggregate":
        path = os.path.join(root, "labels", f"bdd100k_labels_images_{split}.json")
        rename, colours = {}, {}
    else:
        path = os.path.join(root, "labels", "det_20", f"det_{split}.json")
        rename = {"pedestrian": "person", "bicycle": "bike", "motorcycle": "motor"}
        colours = {"G": "green", "R": "red", "Y": "yellow", "NA": "none"}
    with open(path) as f:
        for frame in json.load(f):
            name = frame["name"][:-4] if frame["name"].endswith(".jpg") else frame["name"]
            boxes = []
            for label in frame.get("labels") or []:
                if not label.get("box2d"):
                    continue
                attributes = dict(label.get("attributes") or {})
                colour = attributes.get("trafficLightColor")
                attributes["trafficLightColor"] = colours.get(colour, colour) or "none"
                category = rename.get(label["category"], label["category"])
                boxes.append(dict(label, category=category, attributes=attributes))
            objects.setdefault(name, boxes)
    return objects


def yolop_targets(objects, bdd):
    """YOLOP's gt rows for these objects: its filter, its id_dict and its convert()."""
    from lib.dataset.convert import convert, id_dict, id_dict_single

    rows = []
    for obj in objects:
        category = obj["category"]
        if category == "traffic light":
            category = "tl_" + obj["attributes"]["trafficLightColor"]
        if category not in id_dict:
            continue  # the conversion leaves such boxes out
        if bdd.single_cls and obj["category"] not in id_dict_single:
            continue
        box = obj["box2d"]
        cls = 0 if bdd.single_cls else id_dict[category]
        rows.append([cls, *convert((1280, 720), (box["x1"], box["x2"], box["y1"], box["y2"]))])
    return np.array(rows, dtype=float).reshape(-1, 5)


def same(ours, want):
    return ours.shape == want.shape and np.allclose(ours, want, rtol=0, atol=1e-9)


def check_yolop():
    for name, attributes in [("prefetch_generator", ["BackgroundGenerator"]), ("yaml", []),
                             ("scipy.cluster.vq", ["kmeans"]), ("matplotlib.pyplot", [])]:
        stub_missing(name, attributes)
    import torchvision.transforms as transforms
    import lib.dataset.bdd as bdd
    from lib.dataset import AutoDriveDataset, BddDataset

    S = types.SimpleNamespace
    cfg = S(
        num_seg_class=2,
        DATASET=S(
            DATAROOT=f"{out}/images", LABELROOT=f"{out}/det_annotations",
            MASKROOT=f"{out}/da_seg_annotations", LANEROOT=f"{out}/ll_seg_annotations",
            TRAIN_SET="train", TEST_SET="val", DATA_FORMAT="jpg",
            ORG_IMG_SIZE=[720, 1280], FLIP=True, SCALE_FACTOR=0.25, ROT_FACTOR=10, TRANSLATE=0.1, SHEAR=0.0,
            COLOR_RGB=False, HSV_H=0.015, HSV_S=0.7, HSV_V=0.4))
    normalize = transforms.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225])
    transform = transforms.Compose([transforms.ToTensor(), normalize])
    for single in (True, False):
        bdd.single_cls = single
        for split in splits:
            ds = BddDataset(cfg, is_train=split == "train", inputsize=[640, 640], transform=transform)
            row = {"loader": "yolop BddDataset", "single_cls": single, "split": split,
                   "frames": len(ds), "boxes": int(sum(len(r["label"]) for r in ds.db)),
                   "frames_with_boxes": sum(len(r["label"]) > 0 for r in ds.db)}
            ok = len(ds) > 0
            if a.labels:
                expected = expected_objects(split)
                stems = [os.path.basename(r["image"])[:-4] for r in ds.db]
                wrong = [stem for stem, r in zip(stems, ds.db)
                         if not same(r["label"], yolop_targets(expected.get(stem, []), bdd))]
                row["targets_differing"] = wrong[:5]
                row["frames_without_source_labels"] = sum(stem not in expected for stem in stems)
                ok = ok and not wrong
            row["items_read"] = iterate(ds, AutoDriveDataset.collate_fn)
            report(row, ok and row["items_read"] == len(ds))


def check_twinlitenet():
    import DataSet

    for split in splits:
        root = f"{out}/images/{split}"
        listdir = os.listdir
        os.listdir = lambda _: listdir(root)  # MyDataset lists a hard-coded /home/... folder
        try:
            ds = DataSet.MyDataset(valid=split != "train")
        finally:
            os.listdir = listdir
        ds.root = root
        items = 0
        for names, images, (da, ll) in torch.utils.data.DataLoader(ds, batch_size=4, shuffle=False):
            items += len(names)
            shapes_ok = tuple(images.shape[1:]) == (3, 360, 640) and tuple(da.shape[1:]) == (2, 360, 640)
            if not shapes_ok or tuple(ll.shape[1:]) != (2, 360, 640):
                report({"loader": "TwinLiteNet MyDataset", "split": split, "bad_shapes": names[0]}, False)
                return
        row = {"loader": "TwinLiteNet MyDataset", "split": split, "frames": len(ds), "items_read": items}
        report(row, len(ds) > 0 and items == len(ds))


check_yolop() if a.loader == "yolop" else check_twinlitenet()
print(json.dumps({"failed": failed}))
sys.exit(1 if failed else 0)
