"""Where uploaded files live and which of them anyone may fetch by URL.

Images (originals and renditions) are public by design: pages, feeds and the sitemap link
them. They live in MEDIA_ROOT and only their folders are served directly at MEDIA_URL
(`warta serve`'s granian routes, the shipped nginx, Django in development), each folder on
its own so no `..` in a URL reaches a neighbour. Documents live in WARTA_PRIVATE_MEDIA_ROOT,
outside every public route, under the same names (`documents/<file>`); they are sent only by
Wagtail's document view after it has checked the collection's privacy (warta.core.media.documents).
Files a site kept in MEDIA_ROOT/documents before this move are moved by
`warta move_documents --commit`; until then a system check warns about them."""

from __future__ import annotations

import contextlib
import posixpath
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.files.storage import FileSystemStorage
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.views.static import serve as serve_file

# The folders of MEDIA_ROOT served directly at MEDIA_URL (Wagtail's original images and
# renditions, video stories' files). deploy/nginx/warta.conf names the same three.
PUBLIC_FOLDERS = ("original_images", "images", "videos")
# Top folders of storage names kept in WARTA_PRIVATE_MEDIA_ROOT (Wagtail's document upload_to).
PRIVATE_FOLDERS = ("documents",)


def is_private(name: str) -> bool:
    """Does this storage name belong in the private root?"""
    top = posixpath.normpath(name.replace("\\", "/")).lstrip("/").split("/", 1)[0]
    return top in PRIVATE_FOLDERS


@deconstructible(path="warta.core.media.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """WARTA_PRIVATE_MEDIA_ROOT: files with no public URL at all."""

    @cached_property
    def base_location(self):
        # FileSystemStorage keeps the `location` it was given in _location (not in the stubs).
        location = self._location  # type: ignore[attr-defined]
        return self._value_or_setting(location, settings.WARTA_PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "WARTA_PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        # Wagtail's document view treats NotImplementedError as "no direct URL" and serves
        # the file itself, after its privacy checks.
        raise NotImplementedError("private files have no direct URL; documents: /documents/")


@deconstructible(path="warta.core.media.storage.MediaStorage")
class MediaStorage(FileSystemStorage):
    """The default storage: MEDIA_ROOT, except names under PRIVATE_FOLDERS, which are read
    and written in WARTA_PRIVATE_MEDIA_ROOT under the same name (so database rows keep their
    `documents/<file>` names). Every FileSystemStorage operation goes through path()."""

    @cached_property
    def private(self) -> PrivateStorage:
        return PrivateStorage()

    def path(self, name):
        return self.private.path(name) if is_private(name) else super().path(name)

    # Storage.save() writes through _save(), which django-stubs does not declare.
    def _save(self, name, content):
        if is_private(name):
            return self.private._save(name, content)  # type: ignore[attr-defined]
        return super()._save(name, content)  # type: ignore[misc]

    def url(self, name):
        return self.private.url(name) if is_private(name) else super().url(name)


def serve_public(request: HttpRequest, folder: str, path: str) -> HttpResponseBase:
    """Development (WARTA_SERVE_MEDIA): one public media folder, confined to that folder."""
    return serve_file(request, path, document_root=str(Path(settings.MEDIA_ROOT) / folder))


@dataclass
class DocumentMove:
    moved: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # already in the private root: left


def legacy_documents() -> list[Path]:
    """Files still under MEDIA_ROOT/documents (from before documents had their own root)."""
    found: list[Path] = []
    for folder in PRIVATE_FOLDERS:
        top = Path(settings.MEDIA_ROOT) / folder
        if top.is_dir():
            found += sorted(p for p in top.rglob("*") if p.is_file() or p.is_symlink())
    return found


def move_legacy_documents(*, commit: bool) -> DocumentMove:
    """Move document files out of the public media folder into the private root, under the
    same storage names (no database change). Never overwrites: a name already in the private
    root is reported and left. Without `commit`, only says what it would do."""
    media, private = Path(settings.MEDIA_ROOT), Path(settings.WARTA_PRIVATE_MEDIA_ROOT)
    result = DocumentMove()
    for source in legacy_documents():
        name = source.relative_to(media).as_posix()
        target = private / name
        if target.exists():
            result.conflicts.append(name)
            continue
        result.moved.append(name)
        if commit:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(source, target)
    if commit:
        for folder in PRIVATE_FOLDERS:  # the emptied folders, deepest first
            top = media / folder
            for directory in [*sorted(top.rglob("*"), reverse=True), top]:
                with contextlib.suppress(OSError):  # not empty (a conflict) or not a folder
                    directory.rmdir()
    return result


@checks.register(checks.Tags.security)
def check_legacy_documents(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    folders = [Path(settings.MEDIA_ROOT) / f for f in PRIVATE_FOLDERS]
    if not any(f.is_dir() and any(f.iterdir()) for f in folders):
        return []
    return [
        checks.Warning(
            f"{len(legacy_documents())} document file(s) are still in the public media "
            f"folder {folders[0]}: Warta reads documents from WARTA_PRIVATE_MEDIA_ROOT, so "
            "their downloads fail, and a web server that still serves the whole media folder "
            "would send them to anyone, whatever their collection's privacy.",
            hint="Move them: `warta move_documents --commit`.",
            id="warta.W001",
        )
    ]
