"""Settings for the benchmarks in bench/: a throwaway database given by DATABASE_URL, no
automatic search indexing (the corpus is indexed in bulk), immediate tasks."""

from warta.core.security.secretkey import secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, WAGTAILSEARCH_BACKENDS

DEBUG = False
SECRET_KEY = secret_key(keep_in=VAR_DIR)
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "r"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WAGTAILSEARCH_BACKENDS = {
    "default": {**WAGTAILSEARCH_BACKENDS["default"], "AUTO_UPDATE": False},
}
LOGGING = {"version": 1, "disable_existing_loggers": False}
