"""Laptop settings: debug on, console email, any local host."""

import contextlib

from .base import *  # noqa: F403
from .base import env

DEBUG = env("WARTA_DEBUG", True, cast=bool)
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WARTA_SERVE_MEDIA = True
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
