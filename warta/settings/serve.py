"""Settings for `warta serve` on a laptop: production behaviour (DEBUG off, fingerprinted
static files, no debug pages) without demanding TLS and secrets that a laptop does not have."""

from warta.core.security.secretkey import secret_key

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = False
SECRET_KEY = secret_key(keep_in=VAR_DIR)  # SECRET_KEY, or this install's own in var/
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["127.0.0.1", "localhost", ".localhost"], cast=list)
# Mail goes to the SMTP server `warta serve` starts on 127.0.0.1, which prints it to the console
# (warta.newsletters.smtpd): sign-up, confirmations and newsletters alike.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = env("WARTA_MAIL_PORT", 8025, cast=int)
EMAIL_USE_TLS = False
WARTA_NEWSLETTER_BOUNCE_ADDRESS = env("WARTA_NEWSLETTER_BOUNCE_ADDRESS", "bounce@warta.localhost")
# The demo's sample wire feed is served by Warta itself (warta/demo/builder.py) on the port
# `warta serve` was given: only that address is let through (warta.core.security.outbound).
WARTA_OUTBOUND_ALLOW = env(
    "WARTA_OUTBOUND_ALLOW", [f"127.0.0.1:{env('WARTA_SERVE_PORT', 8000, cast=int)}"], cast=list
)
