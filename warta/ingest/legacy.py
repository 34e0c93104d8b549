"""A WordPress site's old addresses, after its migration (warta.ingest.wordpress):

- the query addresses `/?p=ID`, `/?page_id=ID`, `/?cat=ID`, `/?author=ID`,
  `/?attachment_id=ID` (also on /index.php) are Wagtail `Redirect` rows of the site, written by
  the import (editable in the admin under Redirects). They would never reach Wagtail's own
  middleware, which acts on 404s only: these paths are the home page. So `LegacyUrlMiddleware`
  looks them up before the view, in one query, for requests carrying such a parameter only
  (none for any other request); the page cache never answers nor stores them
  (`pagecache.legacy_query`). A WordPress id with no redirect goes to the same address
  without it (302: a later import may add one), so such a link never costs a page render.
- the date archives `/2019/`, `/2019/09/`, `/2019/09/05/`, when nothing else answers them
  (404), go to the site's Indeks of that day (of the month's or year's first day).

Redirects are per site: a request looks up its own site's rows (and the site-less ones an
editor made for every site), never another site's."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from urllib.parse import parse_qsl, urlencode

from django.db.models import Q
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.urls import reverse
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from warta.core.pagecache import legacy_query
from warta.core.sites.lite import link_prefix
from warta.core.sites.lookup import site_for_request

PARAMETERS = ("p", "page_id", "cat", "author", "attachment_id")
DATE_ARCHIVE = re.compile(r"^/(?P<year>\d{4})/(?:(?P<month>\d{2})/(?:(?P<day>\d{2})/)?)?$")
EARLIEST = date(2000, 1, 1)  # as the Indeks (warta.channels.views)


def legacy_paths(query: str) -> list[str]:
    """The stored forms (`Redirect.normalise_path`) a WordPress query address may have: each
    parameter alone on / (as the import writes them)."""
    return [
        f"/?{name}={value}"
        for name, value in parse_qsl(query)
        if name in PARAMETERS and value.isdigit() and len(value) < 20
    ]


def find_legacy_redirect(request: HttpRequest, paths: list[str]) -> Redirect | None:
    """One query: this site's rows first, then an editor's site-less ones."""
    site = site_for_request(request)
    found = list(
        Redirect.objects.filter(Q(site=site) | Q(site__isnull=True), old_path__in=paths)
        .select_related("redirect_page")
        .order_by("site_id")  # NULLs last on SQLite and PostgreSQL alike: see the sort below
    )
    found.sort(key=lambda r: (r.site_id is None, paths.index(r.old_path)))
    return found[0] if found else None


def date_archive_target(request: HttpRequest, path: str) -> str | None:
    """Where a WordPress date archive goes: the Indeks of that day (the first day of a month
    or year), if that day can be shown there."""
    match = DATE_ARCHIVE.match(path)
    if match is None:
        return None
    try:
        day = date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:
        return None
    if not EARLIEST <= day <= timezone.localdate():
        return None
    return f"{link_prefix(request)}{reverse('indeks')}?{urlencode({'tanggal': day.isoformat()})}"


class LegacyUrlMiddleware:
    """WordPress's query addresses before the view; its date archives after a 404."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD"):
            query = request.META.get("QUERY_STRING", "")
            if legacy_query(request.path_info, query):
                return self.query_redirect(request, query)
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            target = date_archive_target(request, request.path_info)
            if target is not None:
                return HttpResponseRedirect(target)
        return response

    def query_redirect(self, request: HttpRequest, query: str) -> HttpResponse:
        paths = legacy_paths(query)
        redirect = find_legacy_redirect(request, paths) if paths else None
        link = None
        if redirect is not None and redirect.redirect_page is not None:
            # The page's address for this request: /r/<slug>/, /en/ and /lite/ stay.
            link = redirect.redirect_page.specific_deferred.get_url(request)
        elif redirect is not None:
            link = redirect.redirect_link
        if redirect is not None and link:
            response_class = (
                HttpResponsePermanentRedirect if redirect.is_permanent else HttpResponseRedirect
            )
            return response_class(link)
        # Not (or no longer) known: the same address without WordPress's parameters.
        rest = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k not in PARAMETERS]
        return HttpResponseRedirect(request.path + (f"?{urlencode(rest)}" if rest else ""))
