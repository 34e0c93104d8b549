"""Reads about the network as a whole: the regions directory and each site's navigation (menu
channels, partner-programme link, breaking-news ticker). Network Updates, a list of stories,
is warta.articles.queries.network_updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, DateTimeField, F, Q, Value, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage, Listing
from warta.channels.models import ChannelPage
from warta.core.indonesia import provinces
from warta.core.sites.lookup import all_sites, regional_sites, site_holding
from warta.network.models import NetworkPartnerPage, TrustPage


@dataclass
class ProvinceEntry:
    province: object  # core.indonesia.provinces.Province
    sites: list = field(default_factory=list)


@dataclass
class IslandGroup:
    name: str  # "Sumatera", "Jawa", "Bali dan Nusa Tenggara", ...
    provinces: list[ProvinceEntry] = field(default_factory=list)


@dataclass
class SiteHeadline:
    article_id: int
    title: str
    url_path: str  # relative to the site's root, e.g. /berita/banjir-rob/
    published_at: datetime


@dataclass
class SiteDigest:
    """What the directory shows of one regional site: its newest headlines and how many
    stories it published in the last week."""

    headlines: list[SiteHeadline] = field(default_factory=list)
    week_count: int = 0


DIGEST_HEADLINES = 3
# Above this many regional sites the directory shows names and weekly counts, no headlines.
COMPACT_FROM = 60
DIGEST_DAYS = 7


def by_island(entries: list[ProvinceEntry]) -> list[IslandGroup]:
    """Province entries grouped by island group, west to east (the provinces' code order)."""
    groups: dict[str, IslandGroup] = {}
    for entry in entries:
        name = entry.province.island_group  # type: ignore[attr-defined]
        groups.setdefault(name, IslandGroup(name)).provinces.append(entry)
    return list(groups.values())


def site_digests(sites: list[Site], *, per_site: int = DIGEST_HEADLINES) -> dict[int, SiteDigest]:
    """Each site's newest own headlines and its story count of the last week, in two queries
    whatever the number of sites: the newest rows per site by a window over the listing_newest
    index, and one grouped count over the week's range of the same index."""
    if not sites:
        return {}
    digests = {site.pk: SiteDigest() for site in sites}
    roots = {site.pk: site.root_page.url_path for site in sites}
    columns = ("site_id", "article_id", "article__title", "article__url_path", "published_at")
    newest_first = [F("published_at").desc(), F("article_id").desc()]
    rows = (
        Listing.objects.filter(site_id__in=list(digests), own=True)
        .annotate(rank=Window(RowNumber(), partition_by=F("site_id"), order_by=newest_first))
        .filter(rank__lte=per_site * 3)  # room for headlines filed again, shown once
        .order_by()
        .values_list(*columns)
    )
    for site_id, article_id, title, url_path, published_at in rows:
        root = roots[site_id]
        relative = "/" + url_path[len(root) :] if url_path.startswith(root) else url_path
        digests[site_id].headlines.append(SiteHeadline(article_id, title, relative, published_at))
    for digest in digests.values():
        digest.headlines.sort(key=lambda h: (h.published_at, h.article_id), reverse=True)
        seen: set[str] = set()
        distinct = []
        for headline in digest.headlines:
            key = " ".join(headline.title.casefold().split())
            if key not in seen:
                seen.add(key)
                distinct.append(headline)
        digest.headlines = distinct[:per_site]
    since = timezone.now() - timedelta(days=DIGEST_DAYS)
    counts = (
        Listing.objects.filter(site_id__in=list(digests), own=True, published_at__gte=since)
        .values("site_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("site_id", "n")
    )
    for site_id, n in counts:
        digests[site_id].week_count = n
    return digests


def regions_directory() -> tuple[list[ProvinceEntry], list[ProvinceEntry]]:
    """(provinces with active regional sites, provinces without one yet), in code order."""
    by_code: dict[str, list[Site]] = {}
    for site in regional_sites():
        code = site.warta_settings.province_code
        by_code.setdefault(code, []).append(site)
    served: list[ProvinceEntry] = []
    open_: list[ProvinceEntry] = []
    for province in provinces.PROVINCES:
        sites = sorted(by_code.get(province.code, []), key=lambda s: s.site_name)
        (served if sites else open_).append(ProvinceEntry(province, sites))
    return served, open_


def _relative(site: Site, url_path: str) -> str:
    root = site.root_page.url_path
    return "/" + url_path[len(root) :] if url_path.startswith(root) else url_path


def site_navigation(site: Site) -> dict:
    """Menu channels (each with its live sub-channels, for the menu drawer), the
    partner-programme URL and the breaking-news ticker of a site in one query (a UNION: each
    part uses its own index). A regional site without its own partner page links to the
    national one."""
    # One query for the three types when the content-type cache is cold.
    types = ContentType.objects.get_for_models(ChannelPage, NetworkPartnerPage, TrustPage)
    channel_type, partner_type, trust_type = (
        types[ChannelPage],
        types[NetworkPartnerPage],
        types[TrustPage],
    )
    columns = ("pk", "title", "url_path", "slug", "content_type_id", "first_published_at")
    # A typed NULL: PostgreSQL types a bare NULL as text when two parts of the UNION carry it
    # before the breaking stories' timestamps.
    no_end = Cast(Value(None), output_field=DateTimeField())
    # The site's own children, and the network's default trust pages on the national site.
    wanted = Page.objects.child_of_q(site.root_page) & (
        Q(content_type=channel_type, show_in_menus=True)
        | Q(content_type__in=[partner_type, trust_type])
    )
    national = _national_site()
    if national is not None and national.pk != site.pk:
        wanted |= Page.objects.child_of_q(national.root_page) & Q(content_type=trust_type)
    menu = (
        Page.objects.live()
        .filter(wanted)
        .annotate(until=no_end)
        .order_by()  # a UNION's parts take no ORDER BY (SQLite)
        .values_list(*columns, "until")
    )
    root = site.root_page
    subchannels = (
        Page.objects.live()
        .filter(content_type=channel_type, path__startswith=root.path, depth=root.depth + 2)
        .annotate(until=no_end)
        .order_by()
        .values_list(*columns, "until")
    )
    breaking = (
        ArticlePage.objects.live()
        .filter(path__startswith=site.root_page.path, breaking_until__gt=timezone.now())
        .annotate(until=F("breaking_until"))
        .order_by()
        .values_list(*columns, "until")
    )
    rows = sorted(menu.union(subchannels, breaking, all=True), key=lambda row: row[2])
    channels: list[dict] = []
    partner_url, ticker, trust_kinds = None, [], set()
    menu_path = None  # the url_path of the last menu channel: its sub-channels follow it
    for pk, title, url_path, slug, type_id, published, until in rows:
        if until is not None:
            item = {"pk": pk, "title": title, "url": _relative(site, url_path), "until": until}
            ticker.append((published, item))
        elif type_id == trust_type.pk:
            trust_kinds.add(slug)  # a trust page's slug is its kind
        elif not url_path.startswith(site.root_page.url_path):
            continue
        elif type_id == partner_type.pk:
            partner_url = _relative(site, url_path)
        elif url_path.count("/") == root.url_path.count("/") + 1:
            link = {"title": title, "url": _relative(site, url_path), "slug": slug, "children": []}
            channels.append(link)
            menu_path = url_path
        elif menu_path and url_path.startswith(menu_path):
            # Rows come in tree order; a channel left out of the menu takes its own along.
            channels[-1]["children"].append({"title": title, "url": _relative(site, url_path)})
    if partner_url is None:
        # By its own key: ordering by tree path would walk every page of the network.
        partner = NetworkPartnerPage.objects.live().order_by("page_ptr_id").first()
        partner_url = partner.get_full_url() if partner else None
    ticker.sort(key=lambda item: item[0], reverse=True)
    breaking_items = [item for _, item in ticker[:BREAKING_LIMIT]]
    return {
        "channels": channels,
        "partner_url": partner_url,
        "breaking": breaking_items,
        # Kinds in the order readers meet them (the footer's order).
        "trust_kinds": [kind for kind, _ in TrustPage.KINDS if kind in trust_kinds],
    }


BREAKING_LIMIT = 3


def _national_site() -> Site | None:
    return next((s for s in all_sites() if s.is_default_site), None)


def trust_page(site: Site, kind: str) -> TrustPage | None:
    """The trust page of this kind a site shows: its own if it has one, else the network's
    default (the national site's), else None. One query."""
    roots = [site.root_page]
    national = _national_site()
    if national is not None and national.pk != site.pk:
        roots.append(national.root_page)
    found = Q(pk__in=[])
    for root in roots:
        found |= TrustPage.objects.child_of_q(root)
    pages = list(TrustPage.objects.live().filter(found, kind=kind).order_by("-depth", "path"))
    for root in roots:  # the site's own page wins
        for page in pages:
            if page.path.startswith(root.path):
                return page
    return None


def trust_kinds_by_site(*, leaving: int | None = None) -> dict[int, frozenset[str]]:
    """For every site, the kinds of trust page it shows (its own or the network's default):
    what the footers list. `leaving`: a page being unpublished or deleted. One query."""
    live = list(TrustPage.objects.live().exclude(pk=leaving).values_list("path", "kind"))
    national = _national_site()
    defaults = frozenset(
        kind for path, kind in live if national and path.startswith(national.root_page.path)
    )
    shown: dict[int, frozenset[str]] = {}
    for site in all_sites():
        own = frozenset(kind for path, kind in live if site_holding(path) == site)
        shown[site.pk] = own | defaults
    return shown
