"""Reads about the network as a whole: the regions directory and each site's navigation (menu
channels, partner-programme link, breaking-news ticker). Network Updates, a list of stories,
is warta.articles.queries.network_updates."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import DateTimeField, F, Q, Value
from django.utils import timezone
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage
from warta.channels.models import ChannelPage
from warta.core.indonesia import provinces
from warta.core.sites.lookup import regional_sites
from warta.network.models import NetworkPartnerPage


@dataclass
class ProvinceEntry:
    province: object  # core.indonesia.provinces.Province
    sites: list = field(default_factory=list)


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
    channel_type = ContentType.objects.get_for_model(ChannelPage)
    partner_type = ContentType.objects.get_for_model(NetworkPartnerPage)
    columns = ("pk", "title", "url_path", "slug", "content_type_id", "first_published_at")
    no_end = Value(None, output_field=DateTimeField())
    menu = (
        Page.objects.live()
        .child_of(site.root_page)
        .filter(Q(content_type=channel_type, show_in_menus=True) | Q(content_type=partner_type))
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
    partner_url, ticker = None, []
    menu_path = None  # the url_path of the last menu channel: its sub-channels follow it
    for pk, title, url_path, slug, type_id, published, until in rows:
        if until is not None:
            item = {"pk": pk, "title": title, "url": _relative(site, url_path), "until": until}
            ticker.append((published, item))
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
    return {"channels": channels, "partner_url": partner_url, "breaking": breaking_items}


BREAKING_LIMIT = 3
