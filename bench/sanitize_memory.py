"""Memory and time of sanitising the issue-8 upload: five 39.7-megapixel PNGs in ~190 KB.

Each scenario runs in a fresh process, so its peak RSS (getrusage ru_maxrss) is its own:

- one request, unbounded (no request budget, decodes at once unlimited): the baseline;
- one request, bounded (TIPLINE_REQUEST_MAX_PIXELS, TIPLINE_IMAGE_MAX_PIXELS);
- four requests at once in one process (threads, like a threaded worker), unbounded and then
  with TIPLINE_DECODES_AT_ONCE;
- one decode of one image, to measure the bytes a decoded pixel costs at peak;
- one PDF whose page is a 39.7-megapixel JPEG (decoded and re-encoded inside the PDF).

Prints figures; asserts nothing. `.venv/bin/python bench/sanitize_memory.py`. The bounded
figures use the same environment variables and defaults as the application.
"""

import argparse
import io
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import pikepdf
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import decoding  # noqa: E402
from core.decoding import PixelBudget, RejectedFile  # noqa: E402
from core.sanitize import sanitize  # noqa: E402

SIZE = (7296, 5440)  # 39.69 megapixels
FILES = 5
UNBOUNDED = 10**12


def quiet_png(width: int, height: int) -> bytes:
    """An 8-bit greyscale PNG of one flat colour: ~38 KB that decode to 40 megapixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    packer = zlib.compressobj(9)
    row = b"\0" + b"\x80" * width
    body = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    chunks = chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


def pdf_with_a_big_jpeg(path: Path) -> None:
    """Built in a process of its own: a child inherits its parent's peak RSS through exec."""
    photo = io.BytesIO()
    Image.new("RGB", SIZE, (90, 120, 150)).save(photo, "JPEG", quality=90)
    pdf = pikepdf.new()
    pdf.add_blank_page()
    image = pdf.make_stream(photo.getvalue())
    image.Type, image.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    image.Width, image.Height = SIZE
    image.ColorSpace, image.BitsPerComponent = pikepdf.Name.DeviceRGB, 8
    image.Filter = pikepdf.Name.DCTDecode
    pdf.pages[0].Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im0=image))
    pdf.pages[0].Contents = pdf.make_stream(b"q 612 0 0 456 0 0 cm /Im0 Do Q")
    pdf.save(path)


def limits() -> dict[str, int]:
    def env(name: str, default: int) -> int:
        return int(os.environ.get(name) or default)

    return {
        "image": env("TIPLINE_IMAGE_MAX_PIXELS", decoding.MAX_PIXELS),
        "request": env("TIPLINE_REQUEST_MAX_PIXELS", decoding.REQUEST_MAX_PIXELS),
        "at_once": env("TIPLINE_DECODES_AT_ONCE", decoding.DECODES_AT_ONCE),
    }


def one_request(png: bytes, request_pixels: int, files: int = FILES) -> dict[str, int]:
    budget = PixelBudget(request_pixels)
    outcome = {"accepted": 0, "refused": 0}
    for index in range(files):
        try:
            sanitize(png, f"{index}.png", budget=budget)
            outcome["accepted"] += 1
        except RejectedFile:
            outcome["refused"] += 1
    return outcome


def scenario(name: str) -> dict:
    """Run one scenario in this process and return its figures."""
    png = quiet_png(*SIZE)
    pdf = Path(os.environ["BENCH_PDF"]).read_bytes()
    cap = limits()
    bounded = name.endswith("bounded") and not name.endswith("unbounded")
    decoding.configure(
        max_pixels=cap["image"],
        decodes_at_once=cap["at_once"] if bounded else 64,
    )
    request_pixels = cap["request"] if bounded else UNBOUNDED
    idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    if name == "one-decode":
        outcome = one_request(png, UNBOUNDED, files=1)
    elif name == "pdf-one-jpeg":
        sanitize(pdf, "scan.pdf", budget=PixelBudget(UNBOUNDED))
        outcome = {"accepted": 1, "refused": 0}
    elif name.startswith("four-at-once"):
        results: list[dict[str, int]] = []
        threads = [
            threading.Thread(target=lambda: results.append(one_request(png, request_pixels)))
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcome = {key: sum(r[key] for r in results) for key in ("accepted", "refused")}
    else:
        outcome = one_request(png, request_pixels)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scenario": name,
        "upload_kb": round((len(pdf) if name.startswith("pdf") else FILES * len(png)) / 1024),
        "seconds": round(seconds, 2),
        "idle_rss_mb": round(idle / 1024),
        "peak_rss_mb": round(peak / 1024),
        "added_mb": round((peak - idle) / 1024),
        **outcome,
        "limits": cap if bounded else "unbounded",
    }


SCENARIOS = [
    "one-decode",
    "pdf-one-jpeg",
    "one-request-unbounded",
    "one-request-bounded",
    "four-at-once-unbounded",
    "four-at-once-bounded",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one", choices=SCENARIOS, help=argparse.SUPPRESS)
    parser.add_argument("--make-pdf", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--skip-four", action="store_true", help="skip the 4-request scenarios")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(scenario(args.one)))
        return
    if args.make_pdf:
        pdf_with_a_big_jpeg(args.make_pdf)
        return
    scratch = Path(tempfile.mkdtemp(prefix="tipline-bench-"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BENCH_PDF": str(scratch / "big.pdf")}
    make = [sys.executable, __file__, "--make-pdf", env["BENCH_PDF"]]
    subprocess.run(make, env=env, check=True)  # noqa: S603 - our own script, fixed arguments
    rows = []
    for name in SCENARIOS:
        if args.skip_four and name.startswith("four"):
            continue
        run = subprocess.run(  # noqa: S603 - our own script, fixed arguments
            [sys.executable, __file__, "--one", name],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(run.stdout))
        print(run.stdout.strip(), flush=True)
    shutil.rmtree(scratch)
    decode = rows[0]
    per_pixel = decode["added_mb"] * 1024 * 1024 / (SIZE[0] * SIZE[1])
    cap = limits()
    ceiling = cap["at_once"] * cap["image"] * per_pixel / 1024 / 1024
    print(
        f"\nbytes per decoded pixel at peak: {per_pixel:.1f}; "
        f"ceiling per worker for decoding = {cap['at_once']} x {cap['image']:,} px x "
        f"{per_pixel:.1f} B = {ceiling:,.0f} MB above the idle process"
    )
    head = ("scenario", "seconds", "added MB", "peak MB", "accepted", "refused")
    print("{:<24}{:>9}{:>10}{:>9}{:>9}{:>8}".format(*head))
    for row in rows:
        print(
            f"{row['scenario']:<24}{row['seconds']:>9}{row['added_mb']:>10}"
            f"{row['peak_rss_mb']:>9}{row['accepted']:>9}{row['refused']:>8}"
        )


if __name__ == "__main__":
    main()
