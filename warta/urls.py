from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from warta.accounts.urls import for_you_patterns
from warta.api.views import api as content_api
from warta.articles import views as article_views
from warta.core import routing
from warta.network import views as network_views

urlpatterns = [
    # Wagtail admin views without a hook for the tenant rule, scoped (newsroom.isolation).
    path("admin/", include("warta.newsroom.admin_urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("akun/", include("warta.accounts.urls")),
    path("akun/", include("allauth.urls")),
    path("untuk-anda/", include((for_you_patterns, "reader"))),
    path("api/v1/", content_api.urls),
    path("penulis/<slug:slug>/", article_views.author_page, name="author"),
    path("tag/<slug:slug>/", article_views.tag_page, name="tag"),
    path("koreksi/", article_views.corrections_page, name="corrections"),
    path("daerah/", network_views.regions, name="regions"),
    path("", include("warta.feeds.urls")),
    path("", include("warta.search.urls")),
    path(
        "favicon.ico",
        RedirectView.as_view(url=settings.STATIC_URL + "warta/favicon.svg", permanent=True),
    ),
]

if settings.WARTA_SERVE_MEDIA:
    from django.views.static import serve as serve_file

    urlpatterns.append(
        re_path(r"^media/(?P<path>.*)$", serve_file, {"document_root": settings.MEDIA_ROOT})
    )

# Our router serves pages (same URL pattern and name as Wagtail's); Wagtail's own patterns
# stay for its password and login helpers.
urlpatterns += [
    re_path(r"^((?:[\w\-]+/)*)$", routing.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]

# Any unhandled error: a plain 500 page, or while the database is down the last cached copy
# of the page or a 503 page (warta.core.outage).
handler500 = "warta.core.outage.server_error"
