"""Fixtures shared by the integration tests: a real S3-compatible server (OpenStack Swift's
s3api, warta.core.ops.s3server) and Warta's media storage pointed at it."""

import os
from pathlib import Path

import pytest

from warta.core.ops.s3server import missing_binaries, swift_s3


@pytest.fixture(scope="session")
def s3(tmp_path_factory):
    missing = missing_binaries()
    if missing:
        message = (
            "OpenStack Swift is missing: apt-get install swift swift-proxy swift-object "
            "swift-container swift-account"
        )
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    with swift_s3(Path(tmp_path_factory.mktemp("swift"))) as server:
        yield server


@pytest.fixture
def s3_media(s3, settings):
    """STORAGES["default"] as warta.settings.base builds it from the WARTA_S3_* variables."""
    from warta.core.media.s3 import s3_options

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "warta.core.media.s3.S3MediaStorage",
            "OPTIONS": {
                "private_bucket": s3.private_bucket,
                **s3_options(
                    bucket=s3.bucket,
                    endpoint_url=s3.endpoint_url,
                    region=s3.region,
                    access_key=s3.access_key,
                    secret_key=s3.secret_key,
                    public_url=s3.public_url,
                ),
            },
        },
    }
    from django.core.cache import caches

    caches["renditions"].clear()
    return s3
