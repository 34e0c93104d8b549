"""Settings of the Warta processes the read-replica test starts (its `warta serve` and the
script that builds and publishes, tests/integration/replica_actions.py): the laptop's serving
settings with both database URLs from the environment, plus two shortcuts for a throwaway
database: tables straight from the models (as pytest-django's --nomigrations does) and static
files from the apps (no collectstatic)."""

from warta.settings.serve import *  # noqa: F403
from warta.settings.serve import STORAGES


class _NoMigrations(dict):
    def __contains__(self, item: object) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


MIGRATION_MODULES = _NoMigrations()
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
