"""A WordPress site's images (attachments, featured and inline images) into Warta's image
library, each once: from a copy of `wp-content/uploads` (`--media-dir`), or downloaded from the
old site (`--download-media`) through the project's safe outbound HTTP (no private or internal
addresses, on every redirect too; size and time limits), or the copy first and the old site for
what the copy lacks. Every file is checked the same way (type, pixels, truncation, size) before
it is stored; a file that fails is a warning naming it and why, and the post still imports.
`ImportedObject(kind="attachment")` remembers each stored image, so another post, or another
run, that uses it gets the same image without reading or fetching it again."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from PIL import Image as PILImage

from warta.core.media.images import store_image
from warta.core.models import WartaImage
from warta.core.security.outbound import OutboundError, fetch
from warta.ingest.models import ImportedObject
from warta.ingest.wp_content import ImageRef
from warta.ingest.wxr import WxrAttachment, WxrPost, upload_path_of

if TYPE_CHECKING:
    from warta.ingest.wordpress import WordPressReport

MAX_IMAGE_BYTES = 30 * 1024 * 1024
DOWNLOAD_TIMEOUT = 60.0  # seconds for one image, redirects included
SIZE_SUFFIX = re.compile(r"-\d{2,5}x\d{2,5}(?=\.[A-Za-z0-9]{2,5}$)")  # foto-1024x576.jpg
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def image_problem(data: bytes) -> str:
    """Why these bytes must not become an image (too big, not a picture, truncated), or ""."""
    if len(data) > MAX_IMAGE_BYTES:
        return f"terlalu besar ({len(data) // (1024 * 1024)} MB)"
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            if picture.format not in ("JPEG", "PNG", "GIF", "WEBP"):
                return f"bukan format gambar yang didukung ({picture.format})"
            if picture.width * picture.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                return f"terlalu banyak piksel ({picture.width}×{picture.height})"
            picture.load()  # a truncated file fails here, not later while resizing
    except (OSError, SyntaxError, PILImage.DecompressionBombError, ValueError) as error:
        return f"rusak atau bukan gambar ({error.__class__.__name__})"
    return ""


def _filename(path: str) -> str:
    name = PurePosixPath(unquote(urlsplit(path).path)).name
    stem, dot, extension = name.rpartition(".")
    safe = SAFE_NAME.sub("-", stem if dot else name).strip("-.")[:80] or "gambar"
    return f"{safe}.{SAFE_NAME.sub('', extension)[:5].lower() or 'jpg'}" if dot else f"{safe}.jpg"


class MediaImporter:
    """Finds, checks and stores the images of one import run."""

    def __init__(
        self,
        *,
        origin: str,
        base_url: str,
        attachments: dict[str, WxrAttachment],
        report: WordPressReport,
        media_dir: Path | None,
        download: bool,
        on_new: Callable[[WartaImage], None],
    ) -> None:
        self.origin = origin
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.attachments = attachments
        self.report = report
        self.media_dir = media_dir
        self.download = download
        self.on_new = on_new
        self.by_url = {a.url: a for a in attachments.values() if a.url}
        self.by_upload = {a.upload_path: a for a in attachments.values() if a.upload_path}
        self.failed: dict[str, str] = {}  # key -> why, so a bad image is tried once per run
        self.downloads = 0  # requests made, for the report and the tests

    def attachment_for(self, ref: ImageRef | WxrAttachment) -> WxrAttachment | None:
        if isinstance(ref, WxrAttachment):
            return ref
        upload = upload_path_of(ref.url)
        return (
            self.attachments.get(ref.attachment_id)
            or self.by_url.get(ref.url)
            or self.by_upload.get(upload)
            # a resized copy ("foto-1024x576.jpg") stands for its original
            or self.by_upload.get(SIZE_SUFFIX.sub("", upload))
        )

    def image_for(self, ref: ImageRef | WxrAttachment, post: WxrPost) -> WartaImage | None:
        attachment = self.attachment_for(ref)
        key = (attachment.id if attachment else ref.url)[:64]
        record = ImportedObject.objects.filter(
            origin=self.origin, kind="attachment", external_id=key
        ).first()
        if record and record.image_id:
            return record.image
        relative = attachment.upload_path if attachment else upload_path_of(ref.url)
        label = relative or ref.url
        if key in self.failed:
            self.report.warnings.append(f"pos {post.id}: gambar {label[:120]} {self.failed[key]}")
            return None
        if self.media_dir is None and not self.download:
            self.report.warnings.append(
                f"pos {post.id}: gambar {label} dilewati (tanpa --media-dir)"
            )
            return None
        if not relative and attachment is None:
            self.report.warnings.append(
                f"pos {post.id}: gambar {label[:80]} bukan dari folder uploads WordPress, dilewati"
            )
            return None
        loaded = self._read(relative, post) if self.media_dir else None
        if loaded is None and self.download:
            loaded = self._download(attachment.url if attachment else ref.url, key, post)
        if loaded is None:
            return None
        data, filename = loaded
        caption = (attachment.caption if attachment else "") or getattr(ref, "caption", "")
        image = store_image(
            data,
            title=(attachment.title if attachment else "") or caption or filename.rsplit(".", 1)[0],
            filename=filename,
            description=(attachment.alt if attachment else "")
            or getattr(ref, "alt", "")
            or caption,
            credit_source=(attachment.credit if attachment else "") or getattr(ref, "credit", ""),
        )
        self.on_new(image)
        ImportedObject.objects.update_or_create(
            origin=self.origin, kind="attachment", external_id=key, defaults={"image": image}
        )
        self.report.images += 1
        self.report.record("attachment", key, image.title, "created")
        return image

    def _read(self, relative: str, post: WxrPost) -> tuple[bytes, str] | None:
        """The file from the uploads copy, or None (with a warning unless the old site is
        still to be asked)."""
        assert self.media_dir is not None
        if not relative:
            if not self.download:
                self.report.warnings.append(
                    f"pos {post.id}: gambar bukan dari folder uploads WordPress, dilewati"
                )
            return None
        candidate = (self.media_dir / relative).resolve()
        if not candidate.is_relative_to(self.media_dir):
            self.report.warnings.append(f"pos {post.id}: gambar {relative} di luar folder uploads")
            return None
        if not candidate.is_file():
            if not self.download:
                self.report.warnings.append(f"pos {post.id}: gambar tidak ditemukan: {relative}")
            return None
        size = candidate.stat().st_size
        problem = (
            f"terlalu besar ({size // (1024 * 1024)} MB)"
            if size > MAX_IMAGE_BYTES
            else image_problem(candidate.read_bytes())
        )
        if problem:
            self.report.warnings.append(f"pos {post.id}: gambar {relative} {problem}")
            return None
        return candidate.read_bytes(), candidate.name

    def _download(self, url: str, key: str, post: WxrPost) -> tuple[bytes, str] | None:
        absolute = urljoin(self.base_url, url.strip()) if self.base_url else url.strip()
        self.downloads += 1
        try:
            response = fetch(
                absolute,
                timeout=DOWNLOAD_TIMEOUT,
                max_bytes=MAX_IMAGE_BYTES,
                headers={"Accept": "image/*"},
            )
            problem = image_problem(response.body)
        except OutboundError as error:
            problem = f"tidak dapat diunduh: {error}"
        if problem:
            self.failed[key] = f"({absolute[:200]}) {problem}"
            self.report.warnings.append(f"pos {post.id}: gambar {absolute[:200]} {problem}")
            self.report.record("attachment", key, absolute[:200], "failed", problem)
            return None
        return response.body, _filename(response.url)
