"""Hostile image uploads through the admin's real upload form: each gets a clear error, nothing
is stored (no row, no file), and nothing answers 500."""

import io
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from warta.core.media.images import draw_picture
from warta.core.models import WartaImage

pytestmark = pytest.mark.django_db


def png_bomb(side: int = 20_000) -> bytes:
    """A tiny file that claims 400 million pixels (one colour, deflated)."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * (side // 8)
    raw = zlib.compress(row * side, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def jpeg(width=320, height=180) -> bytes:
    return draw_picture("Unggahan", width=width, height=height)


CASES = {
    "not an image": ("laporan.jpg", b"%PDF-1.4 bukan gambar", "image/jpeg"),
    "truncated jpeg": ("terpotong.jpg", jpeg()[:400], "image/jpeg"),
    "svg with script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
        "image/svg+xml",
    ),
    "executable renamed": ("foto.png", b"MZ\x90\x00" + b"\x00" * 200, "image/png"),
    "decompression bomb": ("bom.png", png_bomb(), "image/png"),
}


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")  # other test runs share the default folder


@pytest.fixture
def staff(client, editor):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    return client


def media_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "original_images"
    return {p.name for p in root.glob("*")} if root.exists() else set()


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_upload_is_refused_clearly_and_leaves_nothing(staff, case):
    name, data, content_type = CASES[case]
    before = media_files()
    response = staff.post(
        reverse("wagtailimages:add"),
        {
            "title": case,
            "file": SimpleUploadedFile(name, data, content_type=content_type),
        },
    )
    assert response.status_code == 200, case  # the form again, with the reason
    html = response.content.decode()
    assert "error" in html.lower() and ("gambar" in html.lower() or "image" in html.lower())
    assert not WartaImage.objects.exists()
    assert media_files() == before


def test_oversized_upload_is_refused(staff, monkeypatch):
    from wagtail.images.forms import get_image_form

    # The limit (20 MB) is read when the form class is built; lower it the same way.
    form = get_image_form(WartaImage)
    monkeypatch.setattr(form.base_fields["file"], "max_upload_size", 200 * 1024)
    big = io.BytesIO()
    Image.effect_noise((700, 700), 100).convert("RGB").save(big, "PNG")
    assert big.tell() > 200 * 1024
    response = staff.post(
        reverse("wagtailimages:add"),
        {
            "title": "besar",
            "file": SimpleUploadedFile("besar.png", big.getvalue(), "image/png"),
        },
    )
    assert response.status_code == 200 and not WartaImage.objects.exists()
    assert "terlalu besar" in response.content.decode().lower() or "too large" in (
        response.content.decode().lower()
    )


def test_a_good_photo_still_uploads(staff):
    response = staff.post(
        reverse("wagtailimages:add"),
        {
            "title": "Banjir",
            "file": SimpleUploadedFile("banjir.jpg", jpeg(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert WartaImage.objects.get().width == 320


def one_colour_png(width: int, height: int) -> bytes:
    """A file of a few KB with many pixels (1-bit, one colour): cheap to send, costly to
    decode at every preview."""
    out = io.BytesIO()
    Image.new("1", (width, height), 1).save(out, "PNG", optimize=True)
    return out.getvalue()


def test_a_60_megapixel_image_is_refused_naming_its_size_and_the_limit(staff):
    data = one_colour_png(9504, 6336)  # a 60 MP camera's frame
    assert len(data) < 20 * 1024
    response = staff.post(
        reverse("wagtailimages:add"),
        {
            "title": "besar",
            "file": SimpleUploadedFile("besar.png", data, "image/png"),
        },
    )
    assert response.status_code == 200 and not WartaImage.objects.exists()
    assert media_files() == set()
    assert (
        "Gambar 9504 × 6336 piksel (60,2 megapiksel) melebihi batas 50,0 megapiksel."
        in response.content.decode()
    )


def test_a_45_megapixel_newsroom_photo_still_uploads(staff):
    photo = io.BytesIO()
    Image.new("RGB", (8256, 5504), "#6b7f8c").save(photo, "JPEG", quality=85)  # 45.4 MP
    response = staff.post(
        reverse("wagtailimages:add"),
        {
            "title": "Stadion",
            "file": SimpleUploadedFile("stadion.jpg", photo.getvalue(), "image/jpeg"),
        },
    )
    assert response.status_code == 302
    assert (WartaImage.objects.get().width, WartaImage.objects.get().height) == (8256, 5504)
