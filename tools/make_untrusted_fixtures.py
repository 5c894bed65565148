#!/usr/bin/python3
"""Writes the damaged and high-bit-depth image fixtures of seg4j-core's untrusted-input tests (issue 13).

Run from the repository root: /usr/bin/python3 tools/make_untrusted_fixtures.py
Needs Debian's python3-pil and python3-numpy. The expected 8-bit levels of the 16-bit images are computed here with
numpy as round(v * 255 / 65535), independently of seg4j, and written to expected.json.
"""
import json
import struct
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

OUT = Path("seg4j-core/src/test/resources/fixtures/untrusted")
SOURCE = Path("demo/camvid/val/0016E5_07959.png")


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width, height, bit_depth, colour_type, rows):
    """A PNG written chunk by chunk: PIL cannot write 16-bit grey+alpha."""
    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def level8(v):
    return int(np.round(np.asarray(v, dtype=np.float64) * 255 / 65535))


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    expected = {}
    # 16-bit grey: a ramp over the whole range, first pixel 126 * 257 (the probe's 126 read as 187)
    w, h = 16, 4
    grey = (np.arange(w * h, dtype=np.float64).reshape(h, w) * 65535 / (w * h - 1)).round().astype(np.uint16)
    grey[0, 0] = 126 * 257
    grey[0, 1] = 32768
    grey[0, 2] = 128
    grey[0, 3] = 127
    Image.fromarray(grey, mode="I;16").save(OUT / "grey16.png")
    assert np.array_equal(np.asarray(Image.open(OUT / "grey16.png"), dtype=np.uint16), grey)
    expected["grey16.png"] = [level8(v) for v in grey.ravel()]
    # 16-bit grey + alpha (colour type 4): the same ramp, alpha varying (alpha is dropped)
    rows = [b"".join(struct.pack(">HH", int(grey[y, x]), (x * 4099) & 0xFFFF) for x in range(w)) for y in range(h)]
    (OUT / "greyalpha16.png").write_bytes(png(w, h, 16, 4, rows))
    expected["greyalpha16.png"] = expected["grey16.png"]
    # 8-bit grey + alpha
    la = np.stack([(grey >> 8).astype(np.uint8), np.full((h, w), 200, np.uint8)], axis=-1)
    Image.fromarray(la, mode="LA").save(OUT / "greyalpha8.png")
    expected["greyalpha8.png"] = [int(v) for v in (grey >> 8).ravel()]
    # damaged files cut from a real CamVid frame (64 x 48 crop)
    frame = Image.open(SOURCE).convert("RGB").crop((0, 0, 64, 48))
    frame.save(OUT / "frame.png")
    frame.save(OUT / "frame.jpg", quality=90)
    jpg = (OUT / "frame.jpg").read_bytes()
    (OUT / "truncated.jpg").write_bytes(jpg[: len(jpg) // 2])
    (OUT / "no-eoi.jpg").write_bytes(jpg[:-2])
    full = (OUT / "frame.png").read_bytes()
    idat = full.index(b"IDAT")
    length = int.from_bytes(full[idat - 4 : idat], "big")
    (OUT / "truncated.png").write_bytes(full[: idat + 4 + length // 2])
    (OUT / "no-iend.png").write_bytes(full[:-12])
    crc = bytearray(full)
    crc[idat + 4 + length] ^= 1  # the IDAT CRC's first byte: the pixels themselves are intact
    (OUT / "bad-crc.png").write_bytes(bytes(crc))
    data = bytearray(full)
    data[idat + 4 + length // 2] ^= 0x10  # one bit of the compressed pixels
    (OUT / "bad-data.png").write_bytes(bytes(data))
    (OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    coco_excerpt()


def coco_excerpt():
    """A real COCO excerpt as a fuzzing seed: two images of the COCO 2017 tiny subset (../shared/data/coco2017-tiny,
    zzowenzz/COCO_Tiny; annotations CC BY 4.0), one with a crowd RLE annotation, and their first annotations."""
    source = Path("../shared/data/coco2017-tiny/annotations/instances_train2017.json")
    if not source.exists():
        return
    d = json.loads(source.read_text())
    anns = d["annotations"]
    crowd = [a for a in anns if a.get("iscrowd") == 1]
    image_ids = [crowd[0]["image_id"]] if crowd else []
    for a in anns:
        if len(image_ids) >= 2:
            break
        if a["image_id"] not in image_ids:
            image_ids.append(a["image_id"])
    selected = [a for a in anns if a["image_id"] in image_ids][:12]
    if crowd and crowd[0] not in selected:
        selected.append(crowd[0])
    out = {"info": d.get("info", {}), "images": [i for i in d["images"] if i["id"] in image_ids],
           "annotations": selected, "categories": d["categories"][:5]}
    (OUT / "coco_excerpt.json").write_text(json.dumps(out))


if __name__ == "__main__":
    main()
