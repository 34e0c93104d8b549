"""Images drawn locally with Pillow (demo photos, placeholders) and stored as Wagtail images."""

from __future__ import annotations

import hashlib
import io
import textwrap

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from warta.core.models import WartaImage

PALETTE = ["#8c1c13", "#1b4965", "#2d6a4f", "#6a4c93", "#b5651d", "#264653", "#9d0208"]


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans-Bold.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def draw_picture(text: str, *, width: int = 1200, height: int = 675, note: str = "") -> bytes:
    """A JPEG with a two-colour diagonal composition chosen from `text` and the text on it."""
    digest = hashlib.sha256(text.encode()).digest()
    base = PALETTE[digest[0] % len(PALETTE)]
    accent = PALETTE[digest[1] % len(PALETTE)]
    picture = PILImage.new("RGB", (width, height), base)
    draw = ImageDraw.Draw(picture)
    offset = digest[2] % (width // 2)
    draw.polygon([(offset, height), (width, height // 3), (width, height)], fill=accent)
    for i in range(6):
        r = 40 + digest[3 + i] % 160
        x, y = digest[9 + i] * width // 256, digest[15 + i] * height // 256
        draw.ellipse((x - r, y - r, x + r, y + r), outline="#ffffff", width=3)
    font_size = max(24, width // 22)
    font = _font(font_size)
    lines = textwrap.wrap(text, width=28)[:4]
    y = height - 60 - len(lines) * (font_size + 12)
    for line in lines:
        draw.text((48, y), line, fill="#ffffff", font=font)
        y += font_size + 12
    if note:
        draw.text((48, 40), note, fill="#ffffff", font=_font(max(16, width // 48)))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=82, optimize=True, progressive=True)
    return out.getvalue()


def store_image(
    data: bytes,
    *,
    title: str,
    filename: str,
    description: str = "",
    credit: str = "",
    credit_source: str = "",
    licence: str = "",
) -> WartaImage:
    image = WartaImage(
        title=title[:255],
        description=description[:255],
        credit=credit,
        credit_source=credit_source,
        licence=licence,
        file=ImageFile(io.BytesIO(data), name=filename),
    )
    image.save()
    return image
