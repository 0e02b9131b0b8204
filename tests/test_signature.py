# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The signature check (desktomy_virtual_office/tools/signature.py) needs no
Odoo: it is loaded from its file and fed drawn and hostile images."""

import base64
import importlib.util
import io
import struct
import zlib

import pytest
from conftest import REPO
from PIL import Image, ImageDraw

_spec = importlib.util.spec_from_file_location(
    "desktomy_signature", REPO / "desktomy_virtual_office" / "tools" / "signature.py"
)
signature = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(signature)


def _encode(image, fmt="PNG"):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return base64.b64encode(buffer.getvalue())


def _drawn(size=(600, 200), mode="RGBA", background=(255, 255, 255, 0)):
    image = Image.new(mode, size, background)
    points = [(20 + x * 28, 100 + (40 if x % 2 else -40)) for x in range(20)]
    ImageDraw.Draw(image).line(points, fill="darkblue", width=4)
    return image


def _bomb(width, height):
    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return base64.b64encode(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_drawn_png_and_jpeg_accepted():
    assert signature.signature_problem(_encode(_drawn())) is None
    jpeg = _drawn(mode="RGB", background="white")
    assert signature.signature_problem(_encode(jpeg, "JPEG")) is None
    assert signature.signature_problem(_encode(_drawn()).decode()) is None


@pytest.mark.parametrize(
    ("payload", "problem"),
    [
        (b"", "missing"),
        (None, "missing"),
        (b"not base64 !", "encoding"),
        ("żółw", "encoding"),
        (base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), "format"),
        (base64.b64encode(b"<html><body>x</body></html>"), "format"),
        (_encode(Image.new("L", (600, 200), 0), "GIF"), "format"),
        (_encode(Image.new("RGBA", (600, 200), (255, 255, 255, 0))), "blank"),
        (_encode(Image.new("RGB", (600, 200), "white"), "JPEG"), "blank"),
        (_encode(Image.new("RGB", (600, 200), "black")), "filled"),
        (_encode(Image.new("RGBA", (1, 1), (0, 0, 0, 255))), "dimensions"),
        (_bomb(60000, 60000), "dimensions"),
        (_bomb(5000, 100), "dimensions"),
        (base64.b64encode(base64.b64decode(_encode(_drawn()))[:-40]), "corrupt"),
        (base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * (2 << 20)), "too_large"),
    ],
)
def test_hostile_signatures_refused(payload, problem):
    assert signature.signature_problem(payload) == problem


def test_truncated_jpeg_refused():
    raw = base64.b64decode(_encode(_drawn(mode="RGB", background="white"), "JPEG"))
    assert signature.signature_problem(base64.b64encode(raw[: len(raw) // 2])) == (
        "corrupt"
    )
