"""Laptop settings: debug on, console email, any local host."""

import contextlib

from warta.core.security.secretkey import secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env("WARTA_DEBUG", True, cast=bool)
SECRET_KEY = secret_key(keep_in=VAR_DIR)  # SECRET_KEY, or this install's own in var/
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WARTA_SERVE_MEDIA = True
# The demo's sample wire feed, served by Warta itself (see serve.py), may be pulled.
WARTA_OUTBOUND_ALLOW = env(
    "WARTA_OUTBOUND_ALLOW", [f"127.0.0.1:{env('WARTA_SERVE_PORT', 8000, cast=int)}"], cast=list
)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}

with contextlib.suppress(ImportError):
    from .local import *  # noqa: F403
