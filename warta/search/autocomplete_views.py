"""The search box's suggestions endpoint, `/cari/saran/?q=kor`: small JSON, cacheable.

The page cache keeps each answer until a story of the site changes (its `stories:<site>` key,
which every publish, edit, unpublish and move purges) or ten minutes pass; browsers and nginx
keep it MAX_AGE seconds and are not purged URL by URL (a prefix endpoint has thousands of
addresses: `pagecache.frontend_ttl_only`)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from warta.core import pagecache
from warta.core.sites.lite import link_prefix
from warta.core.sites.lookup import site_for_request
from warta.search.autocomplete import MAX_QUERY_CHARS, BadQuery, parse_prefix, suggestions

MAX_AGE = 30


@require_safe
def suggest(request: HttpRequest) -> JsonResponse:
    try:
        prefix = parse_prefix(request.GET.get("q"))
    except BadQuery:
        message = _("Kata pencarian terlalu panjang (paling banyak %(n)s karakter).")
        response = JsonResponse({"error": message % {"n": MAX_QUERY_CHARS}}, status=400)
        response["Cache-Control"] = "no-store"
        return response
    site = site_for_request(request)
    found = suggestions(site.pk, prefix) if site is not None else None
    base = link_prefix(request)
    response = JsonResponse(
        {
            "q": " ".join(w for w, _whole in prefix.terms) if prefix else "",
            "headlines": [{"label": s["label"], "url": base + s["url"]} for s in found.headlines]
            if found
            else [],
            "topics": [{"label": s["label"], "url": base + s["url"]} for s in found.topics]
            if found
            else [],
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
    pagecache.own_cache_control(request, response, f"public, max-age={MAX_AGE}, s-maxage={MAX_AGE}")
    pagecache.frontend_ttl_only(request)
    return response
