"""The Suicide Prevention Month kit as a reader and a printer see it. Run by hand:

.venv/bin/python benchmarks/kit_pages.py [folder for the images, default /tmp/kit-pages]

Builds the real site, then prints how many phone screens (Chromium, 360x800) the kit page
takes, with and without JavaScript, and how many printed pages it takes in A4 and US Letter,
with how much of the last page is used. It saves a PNG of each phone screen and each printed
page, to look at (the tests assert one printed page; these are for the eye).
"""

from __future__ import annotations

import struct
import sys
import tempfile
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import pypdfium2
from browser_support import CHROMIUM, CHROMIUM_ARGS, build_real_site, serve
from playwright.sync_api import sync_playwright

PHONE = {"width": 360, "height": 800}
KIT = "suicide-prevention-month/"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kit-pages")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        site = build_real_site(Path(folder) / "site")
        with serve(site) as base, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for scripts in (True, False):
                context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)
                page = context.new_page()
                page.goto(base + KIT)
                height = page.evaluate("document.documentElement.scrollHeight")
                name = "phone" if scripts else "phone-nojs"
                print(f"{name}: {height} px = {height / PHONE['height']:.1f} screens")
                for n, top in enumerate(range(0, height, PHONE["height"])):
                    clip = {"x": 0, "y": top, "width": PHONE["width"], "height": PHONE["height"]}
                    page.screenshot(path=out / f"{name}-{n}.png", clip=clip, full_page=True)
                if scripts:
                    page.emulate_media(media="print")
                    for paper in ("A4", "Letter"):
                        _print(page.pdf(format=paper), paper, out)
                context.close()
            browser.close()
    print(f"images in {out}")


def _print(pdf: bytes, paper: str, out: Path) -> None:
    document = pypdfium2.PdfDocument(pdf)
    for n in range(len(document)):
        bitmap = document[n].render(scale=1.2)
        _png(bitmap, out / f"{paper}-{n}.png")
    last = document[len(document) - 1]
    # How far down the last page the text reaches: the room left for another fact.
    text = last.get_textpage()
    lowest = (
        min(text.get_charbox(i)[1] for i in range(text.count_chars())) if text.count_chars() else 0
    )
    used = 1 - lowest / last.get_height()
    print(f"{paper}: {len(document)} page(s); text reaches {used:.0%} down the last page")


def _png(bitmap, path: Path) -> None:
    """PDFium's BGR(A) bitmap as a PNG, with zlib alone (no imaging library needed)."""
    width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
    raw = bytes(bitmap.buffer)
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        row = raw[y * stride : y * stride + width * channels]
        for x in range(0, len(row), channels):
            rows += row[x : x + 3][::-1]

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    main()
