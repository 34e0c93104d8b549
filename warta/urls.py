from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from warta.accounts import handoff_views
from warta.accounts.urls import for_you_patterns
from warta.api.views import api as content_api
from warta.articles import views as article_views
from warta.channels import views as channel_views
from warta.core import health
from warta.core.media import documents
from warta.core.media import storage as media
from warta.core.sites import routing
from warta.live import views as live_views
from warta.network import views as network_views
from warta.network.models import TrustPage

TRUST_KINDS = "|".join(kind for kind, _ in TrustPage.KINDS)

urlpatterns = [
    # Wagtail admin views without a hook for the tenant rule, scoped (newsroom.isolation).
    path("admin/", include("warta.newsroom.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's document view (collection privacy first), with Warta's download headers;
    # Wagtail's own patterns stay for the collection password form.
    re_path(r"^documents/(\d+)/(.*)$", documents.serve, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
    path("akun/", include("warta.accounts.urls")),
    # allauth's sign-in, or on a host outside the network's cookie domain the network sign-in
    # hand-off (warta.accounts.handoff_views); reverse("account_login") names the same path.
    path("akun/login/", handoff_views.login),
    path("akun/", include("allauth.urls")),
    path("untuk-anda/", include((for_you_patterns, "reader"))),
    path("api/v1/", content_api.urls),
    path("penulis/<slug:slug>/", article_views.author_page, name="author"),
    path("tag/<slug:slug>/", article_views.tag_page, name="tag"),
    path("koreksi/", article_views.corrections_page, name="corrections"),
    path("indeks/", channel_views.indeks, name="indeks"),
    path("indeks/<slug:channel>/", channel_views.indeks, name="indeks_channel"),
    path("daerah/", network_views.regions, name="regions"),
    # One address per live story that every reader polls (cached; warta.live.queries).
    path("live/<int:story_id>/updates/", live_views.updates, name="live_updates"),
    # The live benchmark's per-reader comparison (404 unless WARTA_LIVE_NAIVE_ENDPOINT).
    path("live/<int:story_id>/naive/", live_views.naive, name="live_naive"),
    # Trust pages (network.TrustPage): a fixed path per kind on every site.
    re_path(rf"^(?P<kind>{TRUST_KINDS})/$", network_views.trust, name="trust"),
    path("", include("warta.newsletters.urls")),
    # The mail provider's bounce and complaint webhooks (django-anymail), with a secret only.
    *(
        [path("anymail/", include("anymail.urls"))]
        if settings.ANYMAIL.get("WEBHOOK_SECRET")
        else []
    ),
    path("", include("warta.alerts.urls")),
    path("", include("warta.analytics.urls")),
    path("", include("warta.feeds.urls")),
    path("", include("warta.search.urls")),
    path("healthz", health.health_view),  # also on the WSGI fast path (warta.core.health)
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "warta/favicon.svg", permanent=True),
    ),
]

if settings.WARTA_SERVE_MEDIA:
    # Development only, and like every public media route: image folders, each confined to
    # itself (warta.core.media.storage). Documents are never served from here.
    folders = "|".join(media.PUBLIC_FOLDERS)
    urlpatterns.append(re_path(rf"^media/(?P<folder>{folders})/(?P<path>.*)$", media.serve_public))

# Our router serves pages (same URL pattern and name as Wagtail's); Wagtail's own patterns
# stay for its password and login helpers.
urlpatterns += [
    # Wagtail's own sign-in there is Django's plain LoginView (it would sign in an unverified
    # reader): readers sign in through allauth only. Its page password form stays.
    path("_util/login/", RedirectView.as_view(pattern_name=settings.LOGIN_URL, query_string=True)),
    # Not /_util/: Wagtail's page password helper answers there.
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

# Any unhandled error: a plain 500 page, or while the database is down the last cached copy
# of the page or a 503 page (warta.core.pagecache.outage).
handler500 = "warta.core.pagecache.outage.server_error"
