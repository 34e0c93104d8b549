"""The Indeks ("Indeks Berita"): every story a site lists, by day, newest first, on stable
URLs: /indeks/?tanggal=2026-12-02, /indeks/<channel>/?tanggal=…, and on the national site
&daerah=<region>. The day is the site's own (WIB, WITA or WIT); without ?tanggal, today.

Cached like every list: the page carries `indeks:<site>:<day>` (or that day's channel key),
which a publish, unpublish or move of a story of that day purges (warta.articles.purging)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from warta.articles.queries import stories_on_day
from warta.channels.models import ChannelPage
from warta.core.indonesia import dates
from warta.core.pagecache import declare_lists, keys
from warta.core.pagination import paginate
from warta.core.sites.lite import link_prefix, lite_template
from warta.core.sites.lookup import (
    regional_sites,
    site_by_slug,
    site_for_request,
    site_settings_for,
)

EARLIEST = date(2000, 1, 1)
PARAMS = ("tanggal", "daerah", "page")
RECENT_DAYS = 7
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,100}")


class BadRequest(Exception):
    """Input the reader can fix: answered with 400 and the reason."""


@dataclass
class IndeksQuery:
    day: date
    today: date
    channel: ChannelPage | None
    region: Site | None


def parse_day(value: str | None, today: date) -> date:
    """The day asked for: dd/mm/yyyy as readers write it, or yyyy-mm-dd as URLs carry it."""
    try:
        day = dates.parse_reader_date(value)
    except ValueError as exc:
        raise BadRequest(
            _("Tanggal %(value)s tidak dikenal. Tulis hh/bb/tttt, misalnya 02/12/2026.")
            % {"value": (value or "")[:20]}
        ) from exc
    if day is None:
        return today
    if not EARLIEST <= day <= today:
        raise BadRequest(_("Indeks hanya tersedia dari 2000-01-01 sampai hari ini."))
    return day


def indeks(request: HttpRequest, channel: str = "") -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404("no site for this host")
    prefix = link_prefix(request)  # /r/<slug>, /en and /lite stay in every address
    if "kanal" in request.GET:  # the form's choice, sent to the channel's own address
        chosen_slug = request.GET.get("kanal", "")
        if chosen_slug and not SLUG.fullmatch(chosen_slug):
            raise Http404(_("Kanal ini tidak ada di situs ini."))
        return HttpResponseRedirect(_address(prefix, chosen_slug, request.GET))
    if any(name in request.GET and not request.GET[name] for name in PARAMS):
        return HttpResponseRedirect(_address(prefix, channel, request.GET))  # empty fields
    zone = site_settings_for(site).time_zone or "Asia/Jakarta"
    today = dates.localise(timezone.now(), zone).date()
    channels = list(
        ChannelPage.objects.live().child_of(site.root_page).order_by("path").only("title", "slug")
    )
    chosen = next((c for c in channels if c.slug == channel), None) if channel else None
    if channel and chosen is None:
        raise Http404(_("Kanal ini tidak ada di situs ini."))
    regions = regional_sites() if site.is_default_site else []
    region = None
    if request.GET.get("daerah"):
        region = site_by_slug(request.GET["daerah"])
        if region is None or region not in regions:
            raise Http404(_("Daerah ini tidak ada di jaringan."))
    try:
        day = parse_day(request.GET.get("tanggal"), today)
    except BadRequest as error:
        context = {"error": str(error), "channels": channels, "regions": regions, "today": today}
        return TemplateResponse(
            request, lite_template(request, "channels/indeks.html"), context, status=400
        )
    if request.GET.get("tanggal", day.isoformat()) != day.isoformat():
        # A day typed as 02/12/2026: its stable address is ?tanggal=2026-12-02.
        return HttpResponseRedirect(
            _address(prefix, channel, {**request.GET.dict(), "tanggal": day.isoformat()})
        )
    start = datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))
    declare_lists(request, keys.indeks(site.pk, day.isoformat(), channel))
    if site.is_default_site:
        declare_lists(request, keys.NETWORK_SITES)  # the regions to choose from
    stories, listings = stories_on_day(
        site, start, start + timedelta(days=1), channel_slug=channel, origin=region
    )
    page_obj = paginate(
        request,
        stories.prefetch_related(None),  # a text list: no bylines, no photos
        settings.WARTA_ARTICLES_PER_PAGE,
        count_from=listings,
    )
    query = IndeksQuery(day=day, today=today, channel=chosen, region=region)
    keep = {"daerah": region.region_slug} if region else {}
    return TemplateResponse(
        request,
        lite_template(request, "channels/indeks.html"),
        {
            "query": query,
            "page_obj": page_obj,
            "channels": channels,
            "regions": regions,
            "today": today,
            "active_channel_slug": channel or None,
            "previous_url": _day_url(prefix, channel, day - timedelta(days=1), keep),
            "next_url": _day_url(prefix, channel, day + timedelta(days=1), keep)
            if day < today
            else None,
            "day_label": _day_label(day),
            "recent_days": [
                {
                    "label": _day_label(today - timedelta(days=n)),
                    "url": _day_url(prefix, channel, today - timedelta(days=n), keep),
                    "current": today - timedelta(days=n) == day,
                }
                for n in range(RECENT_DAYS)
            ],
            "channel_links": [
                {
                    "title": c.title,
                    "url": _day_url(prefix, c.slug, day, keep),
                    "current": c.slug == channel,
                }
                for c in channels
            ],
        },
    )


def _address(prefix: str, channel: str, params) -> str:
    path = f"{prefix}/indeks/{channel}/" if channel else f"{prefix}/indeks/"
    kept = {name: params[name] for name in PARAMS if params.get(name)}
    return path + ("?" + urlencode(kept) if kept else "")


def _day_url(prefix: str, channel: str, day: date, keep: dict) -> str:
    return _address(prefix, channel, {"tanggal": day.isoformat(), **keep})


def _day_label(day: date) -> str:
    """'Rabu, 2 Desember 2026' in the interface's language."""
    moment = datetime.combine(day, time(12), tzinfo=ZoneInfo("UTC"))
    return dates.format_long(moment, "UTC", _lang()).split(" | ")[0]


def _lang() -> str:
    return translation.get_language() or "id"
