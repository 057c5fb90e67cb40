#!/usr/bin/python3
"""OpenCV oracle for the JPEG decoder tests (JPEGDecodesLikeOpenCVTests): what cv2.imread gives.

  opencv-imread.py make DIR        write the test JPEGs into DIR (PIL): EXIF orientations 1-8,
                                   an XMP segment before the EXIF one, a big-endian EXIF, CMYK,
                                   grayscale, progressive 4:2:0, and a copy cut short
  opencv-imread.py read FILE...    cv2.imread(FILE) (IMREAD_COLOR, as the official loader calls it);
                                   writes FILE.bgr (raw BGR bytes) and prints one JSON object
                                   {FILE: [height, width] or null when imread fails}

Needs Debian's python3-opencv and python3-pil (`apt-get install python3-opencv python3-pil`).
"""
import json
import os
import struct
import sys

import cv2
import numpy as np
from PIL import Image


def pattern(width, height):
    """A frame whose every corner and edge differs, so any flip or transpose shows."""
    y, x = np.mgrid[0:height, 0:width]
    r = (255 * x / (width - 1)).astype(np.uint8)
    g = (255 * y / (height - 1)).astype(np.uint8)
    b = ((x // 8 + y // 8) % 2 * 200 + 20).astype(np.uint8)
    return np.stack([r, g, b], axis=-1)


def make(folder):
    rgb = Image.fromarray(pattern(48, 32), "RGB")
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        rgb.save(os.path.join(folder, f"orientation-{orientation}.jpg"), quality=92, exif=exif.tobytes())
    with_orientation_6 = open(os.path.join(folder, "orientation-6.jpg"), "rb").read()
    write_app1(os.path.join(folder, "xmp-then-exif-6.jpg"), with_orientation_6,
               b"http://ns.adobe.com/xap/1.0/\0<x/>")
    plain = os.path.join(folder, "plain.jpg")
    rgb.save(plain, quality=92)
    # TIFF header "MM" (big-endian), IFD0 at 8 with one SHORT entry: orientation 8.
    tiff = b"MM" + struct.pack(">HIH", 42, 8, 1) + struct.pack(">HHIHH", 0x0112, 3, 1, 8, 0) + b"\0" * 4
    write_app1(os.path.join(folder, "motorola-8.jpg"), open(plain, "rb").read(), b"Exif\0\0" + tiff)
    rgb.convert("CMYK").save(os.path.join(folder, "cmyk.jpg"), quality=92)
    rgb.convert("L").save(os.path.join(folder, "gray.jpg"), quality=92)
    rgb.save(os.path.join(folder, "progressive.jpg"), quality=80, progressive=True, subsampling=2)
    full = os.path.join(folder, "baseline.jpg")
    Image.fromarray(pattern(96, 64), "RGB").save(full, quality=90, subsampling=2)
    data = open(full, "rb").read()
    open(os.path.join(folder, "truncated.jpg"), "wb").write(data[: len(data) * 3 // 5])


def write_app1(path, jpeg, payload):
    """`jpeg` with an APP1 segment holding `payload` inserted right after SOI."""
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    open(path, "wb").write(jpeg[:2] + segment + jpeg[2:])


def read(files):
    shapes = {}
    for path in files:
        image = cv2.imread(path)
        if image is None:
            shapes[path] = None
            continue
        open(path + ".bgr", "wb").write(np.ascontiguousarray(image).tobytes())
        shapes[path] = [int(image.shape[0]), int(image.shape[1])]
    print(json.dumps(shapes))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        make(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "read":
        read(sys.argv[2:])
    else:
        sys.exit(__doc__)
