"""The desk's forms for a live story (live.admin_views): the phone posting screen's form, the
inline correction and the status/polling controls; and plain text as the post's blocks (each
line a paragraph, addresses linked)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django import forms
from django.utils.html import urlize
from django.utils.translation import gettext_lazy as _

from warta.live.models import MAX_POLL_SECONDS, LiveStatus
from warta.live.services import MAX_POST_CHARS

# What the desk offers for readers' polling (seconds; 0 stops it).
POLL_CHOICES = [
    (10, _("10 detik")),
    (30, _("30 detik")),
    (60, _("60 detik")),
    (0, _("Hentikan")),
]


# Spaces of every kind and the zero-width characters: text of only these shows nothing.
INVISIBLE = re.compile(r"[\s\u200b-\u200d\u2060\ufeff]+")


def text_to_paragraphs(text: str) -> list[tuple[str, Any]]:
    """Plain text as blocks: each non-empty line one paragraph, escaped, with web addresses
    linked (rich text's stored form keeps a plain <a href>); a line that is only a YouTube or
    Vimeo address becomes a video (played privacy-enhanced on tap), as reporters paste them."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    blocks: list[tuple[str, Any]] = []
    for line in lines:
        if not line:
            continue
        if _is_video_address(line):
            blocks.append(("video", {"url": line, "caption": ""}))
        else:
            blocks.append(("paragraph", f"<p>{urlize(line, nofollow=False, autoescape=True)}</p>"))
    return blocks


def _is_video_address(line: str) -> bool:
    from django.core.exceptions import ValidationError

    from warta.articles.video import parse_video_url

    if " " in line or not line.startswith(("http://", "https://")):
        return False
    try:
        parse_video_url(line)
    except ValidationError:
        return False
    return True


def text_of_body(body: Any) -> str:
    """A post's text for the correction form: paragraphs as lines, a quote as its text."""
    from django.utils.html import strip_tags

    lines: list[str] = []
    for block in body:
        if block.block_type == "paragraph":
            html = block.value.source.replace("</p>", "\n").replace("<br/>", "\n")
            lines += [
                unescape(strip_tags(line)).strip() for line in html.split("\n") if strip_tags(line)
            ]
        elif block.block_type == "quote":
            lines.append(block.value["text"])
        elif block.block_type == "video":
            lines.append(block.value["url"])
    return "\n".join(lines)


class TextField(forms.CharField):
    widget = forms.Textarea

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", MAX_POST_CHARS)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Tulis dulu isi pembaruannya."),
                "max_length": _(
                    "Paling panjang %(limit_value)d karakter (sekarang %(show_value)d)."
                ),
            },
        )
        super().__init__(**kwargs)


class LivePostForm(forms.Form):
    """One textarea, a title, a photo from the camera roll, a quote option, and the trusted
    roles' flags (removed for the others)."""

    text = TextField(
        label=_("Pembaruan"),
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": _("Apa yang terjadi sekarang?"), "autofocus": True}
        ),
    )
    title = forms.CharField(label=_("Judul (opsional)"), max_length=200, required=False)
    photo = forms.FileField(
        label=_("Foto"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )
    caption = forms.CharField(label=_("Keterangan foto"), max_length=255, required=False)
    as_quote = forms.BooleanField(label=_("Kirim sebagai kutipan"), required=False)
    speaker = forms.CharField(label=_("Narasumber kutipan"), max_length=120, required=False)
    pinned = forms.BooleanField(label=_("Sematkan di atas"), required=False)
    key_event = forms.BooleanField(label=_("Momen penting"), required=False)

    def __init__(self, *args: Any, trusted: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not trusted:
            del self.fields["pinned"]
            del self.fields["key_event"]

    def body(self, image: Any = None) -> list[tuple[str, Any]]:
        data = self.cleaned_data
        if data.get("as_quote"):
            blocks: list[tuple[str, Any]] = [
                ("quote", {"text": data["text"].strip(), "speaker": data.get("speaker", "")})
            ]
        else:
            blocks = list(text_to_paragraphs(data["text"]))
        if image is not None:
            blocks.append(("image", {"image": image, "caption": data.get("caption", "")}))
        return blocks

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        if not INVISIBLE.sub("", text):
            raise forms.ValidationError(_("Tulis dulu isi pembaruannya."))
        return text


class CorrectionForm(forms.Form):
    """A post's new text; a published post also needs the note readers see."""

    text = TextField(label=_("Isi"), widget=forms.Textarea(attrs={"rows": 4}))
    title = forms.CharField(label=_("Judul"), max_length=200, required=False)
    note = forms.CharField(label=_("Catatan koreksi"), max_length=300, required=False)

    def __init__(self, *args: Any, published: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.published = published

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.published and not (data.get("note") or "").strip():
            self.add_error("note", _("Tulis catatan koreksi: pembaca melihat apa yang dikoreksi."))
        return data


class ControlsForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=LiveStatus.choices, required=False)
    poll_seconds = forms.TypedChoiceField(
        label=_("Interval pembaruan pembaca"),
        choices=POLL_CHOICES,
        coerce=int,
        required=False,
        empty_value=None,
    )

    def clean_poll_seconds(self) -> int | None:
        value = self.cleaned_data.get("poll_seconds")
        if value is not None and not 0 <= value <= MAX_POLL_SECONDS:
            raise forms.ValidationError(_("Interval pembaruan 0 sampai 600 detik."))
        return value
