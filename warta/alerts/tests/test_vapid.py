"""The VAPID pair: generated once and kept in var/ outside production (every process reads
the one pair), taken from the environment when set and checked there, required in production."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from warta.alerts import vapid

KEYS = ("WARTA_VAPID_PUBLIC_KEY", "WARTA_VAPID_PRIVATE_KEY", "WARTA_VAPID_SUBJECT")


@pytest.fixture(autouse=True)
def _fresh():
    vapid.vapid_keys.cache_clear()
    yield
    vapid.vapid_keys.cache_clear()


def test_without_keys_a_pair_is_made_once_and_kept(tmp_path):
    with override_settings(
        WARTA_VAPID_PUBLIC_KEY="", WARTA_VAPID_PRIVATE_KEY="", WARTA_VAPID_KEEP_IN=tmp_path
    ):
        first = vapid.vapid_keys()
        vapid.vapid_keys.cache_clear()
        assert vapid.vapid_keys() == first
    kept = tmp_path / vapid.FILE_NAME
    assert kept.stat().st_mode & 0o777 == 0o600
    assert len(vapid.b64url_decode(first.public_key)) == 65


def test_keys_from_the_environment_are_used_and_checked(tmp_path):
    public, private = vapid.generate_pair()
    with override_settings(
        WARTA_VAPID_PUBLIC_KEY=public, WARTA_VAPID_PRIVATE_KEY=private, WARTA_VAPID_KEEP_IN=None
    ):
        assert vapid.vapid_keys().public_key == public
    other_public, _ = vapid.generate_pair()
    vapid.vapid_keys.cache_clear()
    with (
        override_settings(WARTA_VAPID_PUBLIC_KEY=other_public, WARTA_VAPID_PRIVATE_KEY=private),
        pytest.raises(ImproperlyConfigured, match="does not belong"),
    ):
        vapid.vapid_keys()
    vapid.vapid_keys.cache_clear()
    with (
        override_settings(
            WARTA_VAPID_PUBLIC_KEY=public, WARTA_VAPID_PRIVATE_KEY=private, WARTA_VAPID_SUBJECT="x"
        ),
        pytest.raises(ImproperlyConfigured, match="mailto"),
    ):
        vapid.vapid_keys()


def test_production_does_not_start_without_them():
    env = {k: v for k, v in os.environ.items() if k not in KEYS}
    env.update(
        DJANGO_SETTINGS_MODULE="warta.settings.production",
        SECRET_KEY="a-long-random-string-for-this-test-only-0123456789",
        ALLOWED_HOSTS="warta.example",
    )
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "WARTA_VAPID_PUBLIC_KEY" in result.stderr
    public, private = vapid.generate_pair()
    env.update(
        WARTA_VAPID_PUBLIC_KEY=public,
        WARTA_VAPID_PRIVATE_KEY=private,
        WARTA_VAPID_SUBJECT="mailto:redaksi@warta.example",
    )
    started = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, started.stderr
    env["WARTA_VAPID_PUBLIC_KEY"] = vapid.generate_pair()[0]  # another pair's public key
    mismatched = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert mismatched.returncode != 0 and "does not belong" in mismatched.stderr
