"""The admin's image upload form, hardened: a truncated or corrupt file is a clear form error
(Wagtail's own check lets Pillow's OSError through as a 500), and an image with more pixels
than `WAGTAILIMAGES_MAX_IMAGE_PIXELS` is refused naming its size and the limit (read from the
file's header, before anything is decoded)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class SafeImageField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except (OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("Berkas gambar rusak atau terpotong; unggah ulang berkas aslinya."),
                code="invalid_image",
            ) from error

    def check_image_pixel_size(self, f):
        try:
            super().check_image_pixel_size(f)
        except ValidationError as error:
            if error.code != "file_too_many_pixels":
                raise
            raise ValidationError(
                too_many_pixels(f.image, self.max_image_pixels), code="file_too_many_pixels"
            ) from None


def _megapixels(pixels: int) -> str:
    return number_format(pixels / 1_000_000, 1)


def too_many_pixels(image, limit: int | None) -> str:
    """The refusal, naming the size ("9504 × 6336 piksel (60,2 megapiksel) melebihi batas
    50,0 megapiksel") as read from a Willow image's header."""
    # Without a form limit it was Pillow's own that refused the file, so Pillow has one.
    effective_limit = limit or PILImage.MAX_IMAGE_PIXELS
    assert effective_limit is not None
    limit_text = _megapixels(effective_limit)
    try:
        width, height = image.get_size()
        frames = image.get_frame_count()
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        return _("Gambar ini terlalu besar untuk dibuka; batasnya %(limit)s megapiksel.") % {
            "limit": limit_text
        }
    size = f"{width} × {height} piksel" + (f", {frames} bingkai" if frames > 1 else "")
    return _(
        "Gambar %(size)s (%(megapixels)s megapiksel) melebihi batas %(limit)s "
        "megapiksel. Perkecil dulu, misalnya ke sisi terpanjang 6000 piksel, lalu unggah lagi."
    ) % {"size": size, "megapixels": _megapixels(width * height * frames), "limit": limit_text}


class WartaImageForm(BaseImageForm):
    file = SafeImageField(label=capfirst(_("file")))
