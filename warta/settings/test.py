"""Test settings: fast hasher, local-memory cache (Redis when REDIS_URL is set), immediate tasks."""

import hashlib
import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if REDIS_URL:
    # Parallel runs (pytest -n N) get a Redis database each: tests clear the cache (FLUSHDB).
    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _base, _, _db = REDIS_URL.rpartition("/")
    _location = f"{_base}/{int(_db) - _worker}" if _db.isdigit() and _worker else REDIS_URL
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": _location,
            "KEY_PREFIX": "warta-test",
        }
    }
else:
    # Roomy, like the file cache and Redis it stands in for: culling would turn hits into
    # misses and hide what the page-cache tests look for.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Test databases are thrown away, so a commit need not wait for the disk: each worker's
    # migrations commit ~280 times and live-server tests commit every save. What other
    # sessions see, and when, is unchanged (only durability after a server crash differs).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# One media folder per parallel worker and checkout: the backup test replaces the whole folder,
# and two checkouts' suites may run on one machine at once.
_media_tag = "-".join(
    [
        hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:8],
        os.environ.get("PYTEST_XDIST_WORKER", "main"),
    ]
)
MEDIA_ROOT = Path(tempfile.gettempdir()) / f"warta-test-media-{_media_tag}"
WARTA_PRIVATE_MEDIA_ROOT = Path(tempfile.gettempdir()) / f"warta-test-private-{_media_tag}"
STORAGES = {
    "default": {"BACKEND": "warta.core.media.storage.MediaStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WARTA_SERVE_MEDIA = True
WARTA_ANALYTICS_FLUSH_THREAD = False  # tests write and roll analytics events explicitly
WARTA_ANALYTICS_ROLL_IN_SERVER = False
WARTA_ANALYTICS_EVENTS_PER_ADDRESS = 1_000_000  # every test client is 127.0.0.1
WARTA_API_ANON_RATE = "100000/m"  # the fuzz run; one test checks the real limit
WHITENOISE_AUTOREFRESH = True
# Test feeds are served on 127.0.0.1 (warta/ingest/tests/feedserver.py); the outbound tests
# set their own list to check what is refused.
WARTA_OUTBOUND_ALLOW = ["127.0.0.1"]

# Read the purge epoch on every request: a test that clears the cache or purges sees it at
# once (the default rechecks every 0.05 s; warta.core.pagecache.localcache).
WARTA_EPOCH_RECHECK = 0

# The admin answers on Django's test client's host too (warta.core.security.adminhosts).
WARTA_ADMIN_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Push services in tests are local HTTP servers on 127.0.0.1 (warta.alerts tests, bench).
WARTA_ALERTS_LOCAL_ENDPOINTS = True
