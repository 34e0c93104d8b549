"""Settings every environment shares. Environment-specific files override these."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from warta.core.env import (
    ImproperlyConfiguredEnv,
    env,
    env_bounded,
    env_cookie_domain,
    env_json,
    env_networks,
)
from warta.core.indonesia import opensearch
from warta.core.ops.taskqueue import task_settings

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env("WARTA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, file cache and media live here

# No SECRET_KEY here: each environment sets its own, never a published one (dev, serve and
# bench: SECRET_KEY or this install's key in var/; production: SECRET_KEY, required; tests: a
# fixed key of their own). See warta.core.security.secretkey.
DEBUG = False
ALLOWED_HOSTS = env("ALLOWED_HOSTS", ["127.0.0.1", "localhost", ".localhost"], cast=list)

# Social login providers are optional: WARTA_SOCIAL_PROVIDERS="google,facebook" adds them
# (keys in the admin or WARTA_SOCIAL_PROVIDER_SETTINGS); none are needed to run.
SOCIAL_PROVIDERS = env("WARTA_SOCIAL_PROVIDERS", [], cast=list)

INSTALLED_APPS = [
    "warta.core",
    "warta.articles",
    "warta.channels",
    "warta.network",
    "warta.newsroom",
    "warta.accounts",
    "warta.ingest",
    "warta.feeds",
    "warta.search",
    "warta.api",
    "warta.discovery",
    "warta.live",
    "warta.newsletters",
    "anymail",
    "warta.alerts",
    "warta.analytics",
    "warta.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "warta.accounts.apps.StaffUsersConfig",  # wagtail.users, staff rules (accounts.staff)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    *[f"allauth.socialaccount.providers.{name}" for name in SOCIAL_PROVIDERS],
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so cache hits carry the policy too (it has no nonce to go stale).
    "warta.core.security.csp.ContentSecurityPolicyMiddleware",  # django-csp's + the admin's
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "warta.core.security.middleware.RejectNulMiddleware",
    "warta.core.pagecache.middleware.PageCacheMiddleware",
    "warta.core.sites.middleware.SiteMiddleware",
    "warta.core.sites.lite.LiteEditionMiddleware",  # /lite/, Save-Data, a site switched to lite
    "warta.core.security.adminhosts.AdminHostMiddleware",  # the admin only on WARTA_ADMIN_HOSTS
    "warta.core.security.cookiedomain.CookieDomainMiddleware",  # Domain= only under it
    "warta.ingest.legacy.LegacyUrlMiddleware",  # a WordPress site's /?p=123, /2019/09/ …
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the clear 429 page
]

# Content Security Policy (django-csp) for every public page: scripts only from our own static
# files, never inline; no plugins; framing only by ourselves. The admin has its own policy
# (WARTA_ADMIN_CSP below, warta.core.security.csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],  # the per-site colour; never scripts
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The admin's own policy (warta.core.security.csp). Wagtail 8's admin still runs inline scripts
# (date
# pickers, choosers, inline panels) and styles, so signed-in pages enforce this one with
# 'unsafe-inline' and report against the strict one; the sign-in pages enforce the strict one.
WARTA_ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # Previews show public pages, embedded videos included.
    "frame-src": ["'self'", *CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"]],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}
WARTA_ADMIN_CSP_STRICT = {**WARTA_ADMIN_CSP, "script-src": ["'self'"], "style-src": ["'self'"]}

ROOT_URLCONF = "warta.urls"
WSGI_APPLICATION = "warta.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "warta.network.context_processors.site_chrome",
                "warta.analytics.context_processors.most_read",
                "warta.analytics.context_processors.trending",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'warta.sqlite3'}"),
        conn_max_age=env("WARTA_DB_CONN_MAX_AGE", 60, cast=int),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the writer work at once; the timeout rides out short write locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# A streaming read replica (docs/scale/database.md): anonymous public reads go to it when it
# has replayed the last publish and lags less than WARTA_REPLICA_MAX_LAG_SECONDS; everything
# else stays on the primary (warta.core.db).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
WARTA_REPLICA_MAX_LAG_SECONDS = env("WARTA_REPLICA_MAX_LAG_SECONDS", 5, cast=int)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env("WARTA_DB_CONN_MAX_AGE", 60, cast=int),
        conn_health_checks=True,
    )
    # A replica that is down must not hold a reader's request for long.
    DATABASES["replica"]["OPTIONS"] = {"connect_timeout": 2}
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["warta.core.db.router.ReplicaRouter"]
    # Decided per request, after the page cache answered what it could.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("warta.core.pagecache.middleware.PageCacheMiddleware") + 1,
        "warta.core.db.middleware.ReplicaReadsMiddleware",
    )

# PgBouncer in transaction pooling between Warta and PostgreSQL (deploy/pgbouncer/): a server
# connection serves one transaction, then another client, so nothing may outlive a
# transaction on it: no server-side cursors (iterator() fetches in chunks instead) and no
# prepared statements (psycopg prepares a query after 5 runs; PgBouncer 1.18 cannot route
# them). Client connections to PgBouncer are cheap and kept (WARTA_DB_CONN_MAX_AGE).
WARTA_DB_POOLER = env("WARTA_DB_POOLER", "")
if WARTA_DB_POOLER not in ("", "pgbouncer"):
    raise ImproperlyConfiguredEnv(f"WARTA_DB_POOLER={WARTA_DB_POOLER!r}: empty or pgbouncer")
if WARTA_DB_POOLER == "pgbouncer":
    for _database in DATABASES.values():
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
        _database.setdefault("OPTIONS", {})["prepare_threshold"] = None

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "warta",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # Redis down: every cache call answers "not cached" (pages render from the database,
    # sessions come from it too) and each failure is logged, not raised.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "warta.cache"
else:
    # A file cache is shared by every worker process, unlike local memory.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "TIMEOUT": 600,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# The task queue: the database (embedded default, one worker) or RQ on Redis (any number of
# worker hosts); warta.core.ops.taskqueue, docs/scale/queue.md.
WARTA_TASK_QUEUE = env("WARTA_TASK_QUEUE", "database")
WARTA_TASK_REDIS_URL = env("WARTA_TASK_REDIS_URL", REDIS_URL)
TASKS, RQ_QUEUES = task_settings(WARTA_TASK_QUEUE, WARTA_TASK_REDIS_URL)
if RQ_QUEUES:
    INSTALLED_APPS.append("django_rq")
# A task RUNNING this long is taken for abandoned by its worker (database queue), and a task
# whose worker died is attempted this many times in all before it is recorded as failed.
WARTA_TASK_LEASE_SECONDS = env("WARTA_TASK_LEASE_SECONDS", 3600, cast=int)
WARTA_TASK_MAX_ATTEMPTS = env("WARTA_TASK_MAX_ATTEMPTS", 2, cast=int)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Private documents and pages send a signed-out reader here too (Wagtail's default, /_util/login/,
# is answered by the page router with a 404).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and addresses
    "django.contrib.auth.backends.ModelBackend",  # staff sign in to /admin/ by username
    "allauth.account.auth_backends.AuthenticationBackend",  # readers by email
]

# Reader accounts (django-allauth): email is the login, verified before first sign-in.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Warta] "
ACCOUNT_ADAPTER = "warta.accounts.adapter.ReaderAccountAdapter"
# allauth's own throttles (counted in the cache): sign-up, login, password reset, email.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address only: failures per account are axes' (warta.accounts.lockout), which spares
    # the owner's known addresses; a per-key limit here would let anyone lock a reader out.
    "login_failed": "20/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
SOCIALACCOUNT_PROVIDERS = env_json("WARTA_SOCIAL_PROVIDER_SETTINGS", {})

# Failed logins (django-axes; warta.accounts.lockout): 5 failures lock one account from one
# address, 25 from all addresses together lock the account except from addresses it signed
# in from lately; for an hour from the failure that set the lock. An address as a whole is
# never locked. Username and email count as one account.
AXES_FAILURE_LIMIT = int(env("WARTA_AXES_FAILURE_LIMIT", "5"))
WARTA_AXES_ACCOUNT_FAILURE_LIMIT = int(env("WARTA_AXES_ACCOUNT_FAILURE_LIMIT", "25"))
AXES_COOLOFF_TIME = 1  # hours
AXES_HANDLER = "warta.accounts.lockout.AccountAndAddressHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_USERNAME_CALLABLE = "warta.accounts.adapter.attempted_username"
AXES_CLIENT_IP_CALLABLE = "warta.accounts.lockout.attempt_address"
AXES_LOCKOUT_CALLABLE = "warta.accounts.lockout.locked_out_response"
AXES_RESET_ON_SUCCESS = True  # that account's failures from that address only
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# The client address (warta.core.security.clientaddress): X-Forwarded-For / X-Real-IP are believed
# only
# from these addresses or networks, e.g. 127.0.0.1 for the shipped nginx on the same host.
WARTA_TRUSTED_PROXIES = env_networks("WARTA_TRUSTED_PROXIES")
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# One account across the network (docs/subsystems/accounts.md, "One account on every site").
# Sites under one parent domain share the session and CSRF cookies when WARTA_COOKIE_DOMAIN
# names it (".warta.example"); it must hold WARTA_BASE_URL's host, start-up stops otherwise.
# Unset (the default, and the demo on 127.0.0.1 and *.warta.localhost): every cookie stays on
# its host. A site outside it (a partner on its own domain) signs its readers in through the
# network sign-in hand-off (warta.accounts.handoff), on the default site's host.
WARTA_COOKIE_DOMAIN = env_cookie_domain(
    "WARTA_COOKIE_DOMAIN", urlsplit(env("WARTA_BASE_URL", "http://127.0.0.1:8000")).hostname
)
SESSION_COOKIE_DOMAIN = CSRF_COOKIE_DOMAIN = LANGUAGE_COOKIE_DOMAIN = WARTA_COOKIE_DOMAIN
# A hand-off token lives this many seconds, and is good once.
WARTA_HANDOFF_SECONDS = env("WARTA_HANDOFF_SECONDS", 60, cast=int)

# Public pages are Indonesian whatever the browser asks for (no Accept-Language negotiation:
# it would also split the page cache). English is a UI language in the admin.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PROJECT_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("WARTA_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("WARTA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "warta.core.media.storage.MediaStorage"},  # documents: the private root
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365
# Media on S3-compatible storage (more than one app host; warta.core.media.s3): images and
# videos in WARTA_S3_BUCKET, linked at WARTA_S3_PUBLIC_URL; documents in the private bucket.
# Unset (the default): MEDIA_ROOT and WARTA_PRIVATE_MEDIA_ROOT on this machine's disk.
WARTA_S3_BUCKET = env("WARTA_S3_BUCKET", "")
if WARTA_S3_BUCKET:
    from warta.core.media.s3 import s3_options

    STORAGES["default"] = {
        "BACKEND": "warta.core.media.s3.S3MediaStorage",
        "OPTIONS": {
            "private_bucket": env("WARTA_S3_PRIVATE_BUCKET", f"{WARTA_S3_BUCKET}-private"),
            **s3_options(
                bucket=WARTA_S3_BUCKET,
                endpoint_url=env("WARTA_S3_ENDPOINT_URL", None),
                region=env("WARTA_S3_REGION", None),
                access_key=env("WARTA_S3_ACCESS_KEY_ID", None),
                secret_key=env("WARTA_S3_SECRET_ACCESS_KEY", None),
                public_url=env("WARTA_S3_PUBLIC_URL", None),
            ),
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Warta"
# Only staff who may use the admin sign in there; readers sign in through allauth.
WAGTAILADMIN_USER_LOGIN_FORM = "warta.accounts.admin_login.StaffLoginForm"
# Host names the admin and its login answer on; elsewhere (regional hosts, partners' own
# domains, /r/<slug>/admin/) a 404. Patterns as in ALLOWED_HOSTS. Empty: the default site's
# host name, 127.0.0.1 and localhost (warta.core.security.adminhosts).
WARTA_ADMIN_HOSTS = env("WARTA_ADMIN_HOSTS", [], cast=list)
WAGTAILADMIN_BASE_URL = env("WARTA_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.WartaImage"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# 50 megapixels: a 45 MP newsroom camera's photo goes in; more is refused at upload, naming
# its size (warta.core.media.forms), because every admin preview decodes the whole original (a
# 60 MP file of 7 KB cost 2-3 s and hundreds of MB per preview). See docs/reliability.md.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 50_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = (
    "warta.core.media.forms.WartaImageForm"  # corrupt files: form errors
)
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Stories are indexed with Sastrawi stems (warta.core.indonesia.text); PostgreSQL's own "simple"
# configuration then adds no English stemming on top. OpenSearch: docs/subsystems/search.md.
WARTA_SEARCH_BACKEND = env("WARTA_SEARCH_BACKEND", "database")
if WARTA_SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
    }
elif WARTA_SEARCH_BACKEND == "opensearch":
    try:
        WAGTAILSEARCH_BACKENDS = {
            "default": opensearch.search_backend(
                env("WARTA_OPENSEARCH_URLS", [], cast=list),
                version=env("WARTA_OPENSEARCH_VERSION", "2"),
                index_prefix=env("WARTA_OPENSEARCH_INDEX_PREFIX", "warta_"),
            )
        }
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(str(exc)) from exc
else:
    raise ImproperlyConfiguredEnv(
        f"WARTA_SEARCH_BACKEND must be 'database' or 'opensearch': {WARTA_SEARCH_BACKEND!r}"
    )
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Staff avatars: an uploaded profile picture or Wagtail's own default, never Gravatar (a third
# party told who opens the admin, and a broken image where the newsroom has no outside network).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# No background autosave: the newsroom's stale-publish guard (warta.newsroom.wagtail_hooks)
# treats a revision saved after the editor opened the page as someone else's edit, and a
# half-second autosave would trip it. Every explicit save still keeps a revision.
WAGTAIL_AUTOSAVE_INTERVAL = 0

# The network's own settings.
WARTA_NETWORK_NAME = env("WARTA_NETWORK_NAME", "Warta")
# The page cache for anonymous readers (warta.core.pagecache); off only to measure rendering.
WARTA_PAGE_CACHE = env("WARTA_PAGE_CACHE", True, cast=bool)
# Serving processes roll the analytics event log up every few seconds (warta.analytics.buffer);
# off, only the worker does (bench/analytics.py turns it off to count ingest's writes apart).
WARTA_ANALYTICS_ROLL_IN_SERVER = env("WARTA_ANALYTICS_ROLL_IN_SERVER", True, cast=bool)
# The analytics event log split by site into this many partitions, each rolled up on its own
# (warta.analytics.store, docs/subsystems/analytics.md): more roll-up processes at once.
WARTA_ANALYTICS_PARTITIONS = env_bounded("WARTA_ANALYTICS_PARTITIONS", 1, low=1, high=256)
# Beacon events one client address may send per serving process and minute (analytics.beacon).
WARTA_ANALYTICS_EVENTS_PER_ADDRESS = env("WARTA_ANALYTICS_EVENTS_PER_ADDRESS", 600, cast=int)
# /live/<id>/naive/?since=<time>: a per-reader, uncacheable updates endpoint, only for the
# live benchmark's comparison (bench/live.py). Never in production: every poll renders.
WARTA_LIVE_NAIVE_ENDPOINT = env("WARTA_LIVE_NAIVE_ENDPOINT", False, cast=bool)
# A cache in front of Warta to purge when stories change: the purge server of the shipped
# nginx configuration (deploy/nginx/warta.conf), e.g. http://127.0.0.1:8081. Other
# frontends (Varnish, Cloudflare, CloudFront) are configured as Wagtail frontend-cache
# backends in WAGTAILFRONTENDCACHE.
WARTA_FRONTEND_PURGE_URL = env("WARTA_FRONTEND_PURGE_URL", "")
_frontends: dict[str, dict] = {}
if WARTA_FRONTEND_PURGE_URL:
    _frontends["nginx"] = {
        "BACKEND": "warta.core.pagecache.frontend.NginxPurgeBackend",
        "LOCATION": WARTA_FRONTEND_PURGE_URL,
    }
# An edge that purges by surrogate key (warta.core.pagecache.edge, docs/scale/edge.md):
# varnish (deploy/varnish/warta.vcl), fastly or cloudflare; each needs its own settings below
# (a missing one stops start-up).
WARTA_EDGE = env("WARTA_EDGE", "")
if WARTA_EDGE == "varnish":
    _frontends["varnish"] = {
        "BACKEND": "warta.core.pagecache.edge.VarnishXkeyBackend",
        "LOCATIONS": env("WARTA_VARNISH_PURGE_URLS", cast=list),
        "SOFT": env("WARTA_EDGE_SOFT_PURGE", False, cast=bool),
    }
elif WARTA_EDGE == "fastly":
    _frontends["fastly"] = {
        "BACKEND": "warta.core.pagecache.edge.FastlyKeyBackend",
        "SERVICE_ID": env("WARTA_FASTLY_SERVICE_ID"),
        "API_KEY": env("WARTA_FASTLY_API_TOKEN"),
        "API_URL": env("WARTA_FASTLY_API_URL", "https://api.fastly.com"),
        "SOFT": env("WARTA_EDGE_SOFT_PURGE", False, cast=bool),
    }
elif WARTA_EDGE == "cloudflare":
    _frontends["cloudflare"] = {
        "BACKEND": "warta.core.pagecache.edge.CloudflareTagBackend",
        "ZONE_ID": env("WARTA_CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env("WARTA_CLOUDFLARE_API_TOKEN"),
        "API_URL": env("WARTA_CLOUDFLARE_API_URL", "https://api.cloudflare.com"),
        "MAX_TAGS": env("WARTA_CLOUDFLARE_TAGS_PER_REQUEST", 100, cast=int),
    }
elif WARTA_EDGE:
    raise ImproperlyConfiguredEnv(
        f"WARTA_EDGE={WARTA_EDGE!r}: expected varnish, fastly or cloudflare (or empty)"
    )
if _frontends:
    WAGTAILFRONTENDCACHE = _frontends
WARTA_ARTICLES_PER_PAGE = env("WARTA_ARTICLES_PER_PAGE", 20, cast=int)
# Near-duplicate threshold: the same-story score (0-1, discovery/duplicates.py) for the editor's
# warning, the wire inbox, search's collapsing and keeping copies out of "Artikel Terkait".
WARTA_DUPLICATE_THRESHOLD = float(env("WARTA_DUPLICATE_THRESHOLD", "0.5"))
# Content API rate limits (django-ninja throttles, counted in the default cache).
WARTA_API_ANON_RATE = env("WARTA_API_ANON_RATE", "120/m")
WARTA_API_AUTH_RATE = env("WARTA_API_AUTH_RATE", "1200/m")
# Media is served by granian (`warta serve`) or nginx in production; Django serves it only here.
WARTA_SERVE_MEDIA = False
# Outbound requests to addresses people type (wire feeds; warta.core.security.outbound) never reach
# loopback, private, link-local or other internal addresses, except these hosts or networks,
# each optionally with a port: "feeds.internal,10.2.0.0/16,127.0.0.1:8000". Empty: none.
WARTA_OUTBOUND_ALLOW = env("WARTA_OUTBOUND_ALLOW", [], cast=list)

# Private documents (docs/reliability.md): document files live outside the public media
# folder and leave only through Wagtail's document view, after the collection's privacy check.
# Absolute as the storage makes it, so X-Accel-Redirect addresses are found below it.
WARTA_PRIVATE_MEDIA_ROOT = Path(
    os.path.abspath(env("WARTA_PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
)
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Behind the shipped nginx: the view hands the file to nginx (X-Accel-Redirect to its internal
# /_private/ location) instead of streaming it through Python.
if env("WARTA_NGINX_SENDFILE", False, cast=bool):
    SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    SENDFILE_ROOT = str(WARTA_PRIVATE_MEDIA_ROOT)
    SENDFILE_URL = "/_private"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"once_per_interval": {"()": "warta.core.ops.logfilters.OncePerInterval"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("WARTA_LOG_LEVEL", "WARNING")},
    "loggers": {
        "warta": {"level": env("WARTA_LOG_LEVEL", "INFO")},
        # Outages: one line per ten seconds, not one traceback per request.
        "warta.cache": {"filters": ["once_per_interval"]},
        "warta.core.pagecache.outage": {"filters": ["once_per_interval"]},
        "django.request": {"filters": ["once_per_interval"]},
    },
}
DEFAULT_FROM_EMAIL = env("WARTA_FROM_EMAIL", "Warta <redaksi@warta.localhost>")

# --- Breaking-news alerts (warta.alerts: Web Push, docs/subsystems/alerts.md) ---------------
# The VAPID pair that signs pushes and that browsers subscribe with. Outside production an
# unset pair is generated once for this install and kept in WARTA_VAPID_KEEP_IN (var/vapid.json);
# production requires both keys (production.py sets the folder to None).
WARTA_VAPID_PUBLIC_KEY = env("WARTA_VAPID_PUBLIC_KEY", "")
WARTA_VAPID_PRIVATE_KEY = env("WARTA_VAPID_PRIVATE_KEY", "")
WARTA_VAPID_SUBJECT = env("WARTA_VAPID_SUBJECT", "mailto:redaksi@warta.localhost")
WARTA_VAPID_KEEP_IN: Path | None = VAR_DIR
# At most this many alerts per site in any hour (readers are not flooded).
WARTA_ALERTS_PER_HOUR = env("WARTA_ALERTS_PER_HOUR", 4, cast=int)
# Seconds a push service keeps an alert for a phone that is offline.
WARTA_ALERTS_TTL = env("WARTA_ALERTS_TTL", 6 * 60 * 60, cast=int)
# Concurrent pushes in one fan-out (threads, each with its own HTTP session).
WARTA_ALERTS_WORKERS = env("WARTA_ALERTS_WORKERS", 64, cast=int)
# Processes a fan-out spreads its pushes over (each with WARTA_ALERTS_WORKERS threads): the
# encryption takes a core's worth of CPU per ~1,500 pushes a second.
WARTA_ALERTS_PROCESSES = env("WARTA_ALERTS_PROCESSES", 1, cast=int)
# Subscribe requests one client address may make in an hour (warta.core.security.ratelimit).
WARTA_ALERTS_SUBSCRIBE_RATE = 30
# Subscriptions accepted on plain http://127.0.0.1 (a local push service): DEBUG or tests only.
WARTA_ALERTS_LOCAL_ENDPOINTS = False

# --- Mail server and newsletters (warta.newsletters) ---------------------------------------
# Django's SMTP settings, for every mail Warta sends over SMTP (the newsletters by default).
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env("EMAIL_PORT", 25, cast=int)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env("EMAIL_USE_TLS", False, cast=bool)
# The newsletters' own connection: SMTP (with a bounce address as envelope sender) unless a
# django-anymail provider is named, e.g. anymail.backends.mailgun.EmailBackend.
WARTA_NEWSLETTER_EMAIL_BACKEND = env(
    "WARTA_NEWSLETTER_EMAIL_BACKEND", "warta.newsletters.mail.SMTPBackend"
)
WARTA_NEWSLETTER_FROM_EMAIL = env(
    "WARTA_NEWSLETTER_FROM_EMAIL", "Warta <newsletter@warta.localhost>"
)
WARTA_NEWSLETTER_BOUNCE_ADDRESS = env("WARTA_NEWSLETTER_BOUNCE_ADDRESS", "")
WARTA_NEWSLETTER_BUILD_LEAD_MINUTES = env("WARTA_NEWSLETTER_BUILD_LEAD_MINUTES", 60, cast=int)
# Seconds after which a sender that stopped renewing its claim is taken for dead and the worker
# resumes its send.
WARTA_NEWSLETTER_LEASE_SECONDS = env("WARTA_NEWSLETTER_LEASE_SECONDS", 120, cast=int)
# django-anymail: the provider's settings (API keys) as JSON, and the shared secret its
# bounce and complaint webhooks must present (basic auth "user:password").
# The webhooks are served (/anymail/<provider>/tracking/) only when the secret is set.
ANYMAIL = env_json("WARTA_ANYMAIL", {})
if env("ANYMAIL_WEBHOOK_SECRET", ""):
    ANYMAIL["WEBHOOK_SECRET"] = env("ANYMAIL_WEBHOOK_SECRET")
