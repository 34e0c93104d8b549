"""Settings of the app hosts tests/integration/test_app_hosts.py starts: the laptop server's
(warta.settings.serve: DEBUG off, the page cache, the shared cache and sessions from
REDIS_URL) with plain static storage, so no collectstatic run is needed first."""

from warta.settings.serve import *  # noqa: F403
from warta.settings.serve import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
