"""The site's home-screen and notification icon, drawn with Pillow: the site's initial on its
colour (SiteSettings.primary_colour), square and with a safe zone for maskable icons."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

SIZES = (180, 192, 512)  # 180: apple-touch-icon


def _rgb(colour: str) -> tuple[int, int, int]:
    text = colour.lstrip("#")
    if len(text) == 3:
        text = "".join(c * 2 for c in text)
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return (0xB3, 0x12, 0x1F)


def draw_icon(name: str, colour: str, size: int) -> bytes:
    image = Image.new("RGB", (size, size), _rgb(colour))
    draw = ImageDraw.Draw(image)
    letter = (name.strip() or "W")[0].upper()
    font = ImageFont.load_default(size=int(size * 0.55))
    draw.text((size / 2, size / 2), letter, fill="white", font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
