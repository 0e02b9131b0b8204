# Copyright 2026 DESKTOMY for Odoo contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks that a signature is a hand-drawn raster image (no Odoo import).

The handover accepts as the collector's signature only what the signature pad
draws: a PNG (or a JPEG) of bounded size, decodable to its end, with some ink
and not a filled rectangle. Markup (SVG, HTML), an empty canvas, a
decompression bomb or a truncated file are refused before anything is
handed over. :func:`signature_problem` returns a problem code (or ``None``);
the caller turns it into a translated message.
"""

import base64
import binascii
import io

from PIL import Image, ImageChops

#: Largest accepted file (a drawn signature is some tens of KB).
MAX_BYTES = 1024 * 1024
#: Largest accepted side and area, checked from the header before decoding.
MAX_SIDE = 4096
MAX_PIXELS = 4096 * 2048
#: Smallest accepted canvas (a 1x1 pixel is not a signature).
MIN_WIDTH, MIN_HEIGHT = 64, 24
#: A pixel is ink when it is visible (alpha) and darker than paper.
INK_ALPHA, INK_LUMINANCE = 32, 224
#: At least this much ink, spread over at least this width or height...
MIN_INK_PIXELS, MIN_INK_EXTENT = 40, 24
#: ... and at most this share of the canvas (a filled box is not a signature).
MAX_INK_SHARE = 0.5

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
JPEG_END = b"\xff\xd9"

PROBLEMS = (
    "missing",
    "encoding",
    "too_large",
    "format",
    "dimensions",
    "corrupt",
    "blank",
    "filled",
)


def decode(value):
    """The raw bytes of a base64 value (str or bytes), or ``None``."""
    if isinstance(value, str):
        value = value.encode("ascii", "ignore") if value.isascii() else None
    if not isinstance(value, bytes) or not value:
        return None
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def signature_problem(value):
    """Return ``None`` when ``value`` (base64) is an acceptable drawn signature,
    else one of :data:`PROBLEMS`."""
    if not value:
        return "missing"
    if len(value) > MAX_BYTES * 4 // 3 + 8:
        return "too_large"
    raw = decode(value)
    if raw is None:
        return "encoding"
    if len(raw) > MAX_BYTES:
        return "too_large"
    if raw.startswith(PNG_MAGIC):
        expected = "PNG"
    elif raw.startswith(JPEG_MAGIC):
        expected = "JPEG"
        if not raw.rstrip(b"\x00").endswith(JPEG_END):
            return "corrupt"
    else:
        return "format"
    try:
        image = Image.open(io.BytesIO(raw), formats=[expected])
        width, height = image.size
        if width > MAX_SIDE or height > MAX_SIDE or width * height > MAX_PIXELS:
            return "dimensions"
        if width < MIN_WIDTH or height < MIN_HEIGHT:
            return "dimensions"
        if expected == "PNG":
            # verify() reads every chunk and checks its CRC: a truncated or
            # altered file fails here; it needs a fresh image to decode after.
            image.verify()
            image = Image.open(io.BytesIO(raw), formats=[expected])
        image.load()
    except Image.DecompressionBombError:
        return "dimensions"
    except (OSError, SyntaxError, ValueError, EOFError, Image.UnidentifiedImageError):
        return "corrupt"
    ink = _ink_mask(image)
    count = ink.histogram()[255]
    box = ink.getbbox()
    if (
        count < MIN_INK_PIXELS
        or not box
        or max(box[2] - box[0], box[3] - box[1]) < MIN_INK_EXTENT
    ):
        return "blank"
    if count > MAX_INK_SHARE * width * height:
        return "filled"
    return None


def _ink_mask(image):
    """A mode "L" mask: 255 where the pixel is ink, 0 elsewhere."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        luminance, alpha = image.convert("LA").split()
    else:
        luminance, alpha = image.convert("L"), None
    dark = luminance.point(lambda v: 255 if v < INK_LUMINANCE else 0)
    if alpha is None:
        return dark
    visible = alpha.point(lambda v: 255 if v > INK_ALPHA else 0)
    return ImageChops.multiply(dark, visible)
