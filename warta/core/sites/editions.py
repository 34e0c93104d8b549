"""The English edition: every site's interface in English under /en/, the stories in their own
language (docs/subsystems/english-edition.md).

The language is part of the address, never negotiated (no Accept-Language, no cookie): the
page cache, nginx and any CDN key on the URL, so an English page is cached and purged exactly
like its Indonesian twin. The prefix comes after the site's: /en/… on a site's own host,
/r/<slug>/en/… through the path fallback (the /r/<slug> part stands for the host name).
Feeds, sitemaps and robots.txt have no interface: under /en/ they redirect to the one address.
The admin, the API, files and a doubled prefix are not part of the edition (404)."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.conf import settings
from django.http import HttpRequest

from warta.core.sites.lookup import site_for_request

ENGLISH = "en"
PREFIX = "/en"
EDITION_PATH = re.compile(r"^/en(?P<rest>/.*)?$")
# Not served in English: the admin, the API, files, Wagtail's helpers, and /en/en/.
NOT_IN_EDITION = ("/admin/", "/api/", "/static/", "/media/", "/documents/", "/_util/", "/en/")
# Read by machines, not people: one address each, whatever edition links to it.
MACHINE_READ = re.compile(
    r"^/(?:rss/|atom/|feed\.json$|sitemap[a-z0-9-]*\.xml$|robots\.txt$|favicon\.ico$)"
)
LABELS = {"id": "Bahasa Indonesia", "en": "English"}


def story_language() -> str:
    """The language stories are written in (the network's; Wagtail's locales are off)."""
    return settings.LANGUAGE_CODE


def language_prefix(request: HttpRequest | None) -> str:
    """'/en' on a request for the English edition, else ''."""
    return getattr(request, "warta_language_prefix", "") if request is not None else ""


def site_prefix(request: HttpRequest) -> str:
    """What a path on this site is written after: '/r/<slug>' through the path fallback, then
    '/en' in the English edition ('/r/jatim/en', '/en' or '')."""
    return getattr(request, "warta_path_prefix", "") + language_prefix(request)


def edition_paths(request: HttpRequest, base: str | None = None) -> dict[str, str]:
    """The same page in each edition, with the query string: {'id': …, 'en': …}, after
    `base` (by default the /r/<slug> prefix the request came through)."""
    if base is None:
        base = getattr(request, "warta_path_prefix", "")
    lite = getattr(request, "warta_lite_prefix", "")  # /lite stays in the other language
    path = lite + quote(request.path_info, safe="/:@&+$,;=-._~!*'()")
    query = request.META.get("QUERY_STRING", "")
    tail = f"{path}?{query}" if query else path
    return {settings.LANGUAGE_CODE: base + tail, ENGLISH: base + PREFIX + tail}


def edition_links(request: HttpRequest) -> dict:
    """What the language switch and the <head> alternates need: the page in the other
    edition, both editions as absolute URLs (hreflang), and in the English edition the
    Indonesian URL as canonical (search engines index one copy of each story)."""
    paths = edition_paths(request)
    current = ENGLISH if language_prefix(request) else settings.LANGUAGE_CODE
    other = settings.LANGUAGE_CODE if current == ENGLISH else ENGLISH
    # On the site's own root, as canonical URLs are: never the host or /r/<slug>/ the request
    # happened to come through.
    site = site_for_request(request)
    if site is not None:
        absolute = edition_paths(request, base=site.root_url)
    else:
        absolute = {lang: request.build_absolute_uri(path) for lang, path in paths.items()}
    return {
        "language": current,
        "other_language": other,
        "other_label": LABELS[other],
        "other_path": paths[other],
        "alternates": [(lang, absolute[lang]) for lang in (settings.LANGUAGE_CODE, ENGLISH)],
        "default_url": absolute[settings.LANGUAGE_CODE],
        "canonical": absolute[settings.LANGUAGE_CODE] if current == ENGLISH else "",
    }
