"""The admin's image upload form, hardened: a truncated or corrupt file is a clear form error
(Wagtail's own check lets Pillow's OSError through as a 500)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
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


class WartaImageForm(BaseImageForm):
    file = SafeImageField(label=capfirst(_("file")))
