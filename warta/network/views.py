"""The partner page's form handling (the page's `serve` calls this) and the regions
directory. Thin: validation in forms.py, writes in partners.py."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control

from warta.core.indonesia.dates import tz_abbreviation
from warta.core.pagecache import add_cache_keys, declare_lists, keys
from warta.core.security.clientaddress import counted_address
from warta.core.security.ratelimit import hit
from warta.core.sites.lite import edition_prefix, lite_template
from warta.core.sites.lookup import path_prefix, site_for_request
from warta.network import partners
from warta.network.forms import SIGNER_SALT, PartnerApplicationForm
from warta.network.queries import (
    COMPACT_FROM,
    DIGEST_HEADLINES,
    by_island,
    regions_directory,
    site_digests,
    trust_page,
)

logger = logging.getLogger(__name__)


def partner_page(page, request: HttpRequest) -> HttpResponse:
    status = 200
    rate_limited = False
    if request.method == "POST":
        form = PartnerApplicationForm(request.POST)
        limit = getattr(settings, "WARTA_PARTNER_FORM_RATE", 5)
        if not hit("partner-form", counted_address(request), limit=limit, window=3600):
            rate_limited, status = True, 429
            form.is_valid()  # show the reader's own input back, with the reason
        elif form.is_valid() and form.use_stamp():
            if form.looks_automated:
                logger.info(
                    "partner form: automated submission dropped (%s)", counted_address(request)
                )
            else:
                partners.submit(form, base_url=request.build_absolute_uri("/").rstrip("/"))
            return redirect(f"{request.path}?terkirim=1#daftar")
        else:
            status = 400
        form.data = form.data.copy()  # a fresh time stamp: an expired form works on resubmit
        form.data["started"] = signing.dumps(time.time(), salt=SIGNER_SALT)
    else:
        form = PartnerApplicationForm()
    context = page.get_context(request)
    context.update(
        {"form": form, "sent": request.GET.get("terkirim") == "1", "rate_limited": rate_limited}
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # The form carries a CSRF token: never store this page in a shared cache.
    patch_cache_control(response, private=True, max_age=0)
    return response


def regions(request: HttpRequest) -> HttpResponse:
    """ "Jaringan Warta": the network's active regional sites by province, and the provinces
    still open to partners."""
    served, open_ = regions_directory()
    sites = [site for entry in served for site in entry.sites]
    # A network of hundreds of regions lists names and weekly counts only: 500 sites with
    # three headlines each was 636 KB of HTML, too much for a reader's phone.
    compact = len(sites) > COMPACT_FROM
    digests = site_digests(sites, per_site=0 if compact else DIGEST_HEADLINES)
    # Two keys whatever the number of sites: a new or edited story anywhere (any-story), a
    # site added, renamed or suspended (network-sites). A key per site and headline made a
    # 25 KB Surrogate-Key header at 500 sites, which Varnish refuses (502).
    add_cache_keys(request, keys.NETWORK_SITES, keys.ANY_STORY)
    via_path = hasattr(request, "warta_path_prefix")
    for entry in served:
        entry.zone = tz_abbreviation(entry.province.time_zone)
        for site in entry.sites:
            root = path_prefix(site) if via_path else site.root_url
            site.public_url = f"{root}{edition_prefix(request)}/"  # /en, /lite kept
            site.digest = digests[site.pk]
            for headline in site.digest.headlines:
                headline.url = site.public_url.rstrip("/") + headline.url_path
    return TemplateResponse(
        request,
        lite_template(request, "network/regions.html"),
        {
            "served": served,
            "islands": by_island(served),
            "open_provinces": open_,
            "open_islands": by_island(open_),
            "site_count": len(sites),
            "compact": compact,
        },
    )


def trust(request: HttpRequest, kind: str) -> HttpResponse:
    """/redaksi/, /privasi/ … on every site: the site's own page of that kind, or the
    network's default, served on the reader's host (and /r/<slug>/) with that site's frame."""
    site = site_for_request(request)
    page = trust_page(site, kind) if site is not None else None
    if page is None:
        raise Http404("Halaman ini belum ada di situs ini.")
    # Stale when any page of this kind changes (a region's override, the network default).
    declare_lists(request, keys.trust(kind))
    context = page.get_context(request)
    context["shown_on_other_site"] = not page.path.startswith(site.root_page.path)
    return TemplateResponse(request, page.get_template(request), context)
