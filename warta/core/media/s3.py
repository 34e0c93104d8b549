"""Media on S3-compatible storage (django-storages' S3 backend, boto3), for more than one app
host: WARTA_S3_BUCKET switches STORAGES["default"] here (warta.settings.base).

The same split as on disk (warta.core.media.storage): images and video files go to the
public bucket and are linked at WARTA_S3_PUBLIC_URL (a CDN or the bucket's public address),
an address computed from the name alone, so rendering a page asks S3 nothing. Documents go
to a second bucket nobody reads anonymously (WARTA_S3_PRIVATE_BUCKET) and leave only through
Wagtail's document view after its privacy check, streamed from there by the app host."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from storages.backends.s3 import S3Storage  # type: ignore[import-untyped]

from warta.core.media.storage import is_private


def s3_options(
    *,
    bucket: str,
    endpoint_url: str | None,
    region: str | None,
    access_key: str | None,
    secret_key: str | None,
    public_url: str | None,
) -> dict[str, Any]:
    """django-storages' options for the public bucket (STORAGES["default"]["OPTIONS"])."""
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url,
        "region_name": region,
        "access_key": access_key,
        "secret_key": secret_key,
        "addressing_style": "path" if endpoint_url else None,
        # Two uploads of "foto.jpg" must not replace each other's original (one HEAD per
        # upload; nothing on a page render).
        "file_overwrite": False,
        # Plain, stable addresses: signed ones would expire inside cached pages.
        "querystring_auth": False,
        "default_acl": None,  # the bucket's own (public-read for this one)
        # A stored name never changes content (renditions are new names), as nginx's
        # `expires 30d` on /media/ says.
        "object_parameters": {"CacheControl": "public, max-age=2592000"},
    }
    if public_url:
        parts = urlsplit(public_url.rstrip("/"))
        options["url_protocol"] = f"{parts.scheme}:"
        options["custom_domain"] = parts.netloc + parts.path
    return options


@deconstructible(path="warta.core.media.s3.S3PrivateStorage")
class S3PrivateStorage(S3Storage):
    """The documents' bucket: no address anyone could fetch."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        # As PrivateStorage: Wagtail's document view then serves the file itself.
        raise NotImplementedError("private files have no direct URL; documents: /documents/")


@deconstructible(path="warta.core.media.s3.S3MediaStorage")
class S3MediaStorage(S3Storage):
    """The public bucket, except names under the private folders (`documents/…`), which are
    kept in `private_bucket` under the same names."""

    def __init__(self, *, private_bucket: str, **settings: Any) -> None:
        self.private_bucket = private_bucket
        self.options = settings
        super().__init__(**settings)

    @cached_property
    def private(self) -> S3PrivateStorage:
        options = {**self.options, "bucket_name": self.private_bucket}
        options.pop("custom_domain", None)
        options.pop("object_parameters", None)
        return S3PrivateStorage(**options)

    def _save(self, name, content):
        if is_private(name):
            return self.private._save(name, content)
        return super()._save(name, content)

    def _open(self, name, mode="rb"):
        return self.private._open(name, mode) if is_private(name) else super()._open(name, mode)

    def delete(self, name):
        return self.private.delete(name) if is_private(name) else super().delete(name)

    def exists(self, name):
        return self.private.exists(name) if is_private(name) else super().exists(name)

    def size(self, name):
        return self.private.size(name) if is_private(name) else super().size(name)

    def get_modified_time(self, name):
        if is_private(name):
            return self.private.get_modified_time(name)
        return super().get_modified_time(name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        if is_private(name):
            return self.private.url(name)
        return super().url(name, parameters, expire, http_method)
