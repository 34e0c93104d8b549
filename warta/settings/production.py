"""Production settings: every secret and host comes from the environment, or start-up stops."""

from warta.core.security.secretkey import secret_key

from .base import *  # noqa: F403
from .base import env, env_networks

DEBUG = False
SECRET_KEY = secret_key(keep_in=None)  # required, and never a published value
ALLOWED_HOSTS = env("ALLOWED_HOSTS", cast=list)
CSRF_TRUSTED_ORIGINS = env("WARTA_CSRF_TRUSTED_ORIGINS", [], cast=list)
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")

# TLS terminates at the proxy (nginx); it must set X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env("WARTA_SSL_REDIRECT", True, cast=bool)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env("WARTA_HSTS_SECONDS", 31536000, cast=int)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# The client address (warta.core.security.clientaddress): in production Warta sits behind a proxy,
# the
# shipped nginx on the same host by default; set the variable for a load balancer elsewhere.
WARTA_TRUSTED_PROXIES = env_networks("WARTA_TRUSTED_PROXIES", ["127.0.0.1", "::1"])

# Web Push (warta.alerts): the VAPID pair and contact are required, never generated here.
WARTA_VAPID_PUBLIC_KEY = env("WARTA_VAPID_PUBLIC_KEY")
WARTA_VAPID_PRIVATE_KEY = env("WARTA_VAPID_PRIVATE_KEY")
WARTA_VAPID_SUBJECT = env("WARTA_VAPID_SUBJECT")
WARTA_VAPID_KEEP_IN = None
