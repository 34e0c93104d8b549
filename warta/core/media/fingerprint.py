"""Fingerprints of a picture for recognising the same photo uploaded twice: Wagtail's
`file_hash` (SHA-1 of the bytes) finds exact copies; the difference hash here finds the same
photo resized, re-encoded or saved again by a phone (64 bits: whether each of 8 × 8 cells of a
9 × 8 greyscale thumbnail is brighter than its right neighbour)."""

from __future__ import annotations

from typing import IO

from PIL import Image as PILImage

HASH_SIZE = 8
# Differing bits up to which two pictures are taken for the same photo. Resizing and JPEG
# re-encoding move 0–4 bits; different photos differ in about half of them (~32).
NEAR_DUPLICATE_BITS = 8


def difference_hash(file: IO[bytes]) -> str:
    """The picture's difference hash as 16 hex digits; "" if the file is not a readable
    raster image (an SVG, a damaged file): such an image is matched by its bytes only."""
    try:
        with PILImage.open(file) as picture:
            picture.draft("L", (HASH_SIZE * 8, HASH_SIZE * 8))  # JPEG: decode small
            small = picture.convert("L").resize(
                (HASH_SIZE + 1, HASH_SIZE), PILImage.Resampling.LANCZOS
            )
    except (OSError, SyntaxError, ValueError, PILImage.DecompressionBombError):
        return ""
    pixels = small.tobytes()  # one byte per pixel (greyscale)
    bits = 0
    for row in range(HASH_SIZE):
        for col in range(HASH_SIZE):
            left = pixels[row * (HASH_SIZE + 1) + col]
            right = pixels[row * (HASH_SIZE + 1) + col + 1]
            bits = (bits << 1) | (left > right)
    return f"{bits:016x}"


def distance(first: str, second: str) -> int:
    """How many of the 64 bits two difference hashes differ in."""
    return (int(first, 16) ^ int(second, 16)).bit_count()
