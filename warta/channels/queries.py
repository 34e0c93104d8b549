"""Reads for the home page, channel pages and their lists."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from wagtail.models import Page

from warta.articles.models import ArticlePage
from warta.articles.queries import (
    articles_in_channel,
    articles_in_section,
    articles_in_site,
    circulated_to,
    live_articles,
    network_updates,
    top_channel_slug,
)
from warta.channels.models import ChannelPage, HomePage, HomePageSlot
from warta.core.pagecache import declare_lists, keys
from warta.core.pagecache.fragments import cached_part
from warta.core.pagination import paginate
from warta.core.sites.lookup import site_for_request

HEADLINE_COUNT = 4


def front_page_selection(
    home: Page, newest_from=None
) -> tuple[ArticlePage | None, list[ArticlePage]]:
    """The lead and headlines of a home page: editors' unexpired slots first (published stories
    only), headlines filled up with the newest stories; no story twice."""
    now = timezone.now()
    slots = (
        HomePageSlot.objects.filter(page=home, article__live=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .select_related("article__channel", "article__hero_image")
        .order_by("sort_order")
    )
    lead: ArticlePage | None = None
    headlines: list[ArticlePage] = []
    seen: set[int] = set()
    for slot in slots:
        if slot.article_id in seen:
            continue
        if slot.kind == HomePageSlot.LEAD and lead is None:
            lead = slot.article
        elif slot.kind == HomePageSlot.HEADLINE and len(headlines) < HEADLINE_COUNT:
            headlines.append(slot.article)
        else:
            continue
        seen.add(slot.article_id)
    wanted = (0 if lead else 1) + HEADLINE_COUNT - len(headlines)
    pool = newest_from if newest_from is not None else articles_in_section(home)
    newest = list(pool.exclude(pk__in=seen).prefetch_related(None)[:wanted])
    if lead is None and newest:
        lead = newest.pop(0)
    headlines += newest
    return lead, headlines


def section_context(section: Page, request: HttpRequest, *, per_page: int) -> dict:
    """Lead story, headlines (home), the paginated list and sub-channels of a section."""
    site = site_for_request(request) or section.get_site()
    is_home = isinstance(section, HomePage)
    declare_lists(request, keys.NETWORK_UPDATES, *section_list_keys(section, site, is_home=is_home))
    articles = section_articles(section, site).prefetch_related("hero_image__renditions")
    lead: ArticlePage | None = None
    headlines: list[ArticlePage] = []
    if is_home:
        lead, headlines = front_page_selection(section, articles)
        chosen = [a.pk for a in [lead, *headlines] if a is not None]
        articles = articles.exclude(pk__in=chosen)
    page_obj = paginate(request, articles, per_page)
    items = list(page_obj.object_list)
    if not is_home and page_obj.number == 1 and items:
        lead, items = items[0], items[1:]
    first_page = page_obj.number == 1
    return {
        "is_home": is_home,
        "network_updates": network_updates(site),
        "active_channel_slug": top_channel_slug(section),
        "lead_article": lead if first_page else None,
        "headline_articles": headlines if first_page else [],
        "article_list": items,
        "page_obj": page_obj,
        "subchannels": [] if is_home else subchannels(section, site),
    }


def subchannels(section: Page, site) -> list:
    """Kept until a page of the site is published (a story's publish does not touch it):
    the tree query scans every page at the children's depth, stories included."""

    def children() -> list:
        return list(ChannelPage.objects.live().child_of(section))

    return cached_part("subchannels", [section.pk], [keys.site(site.pk)], children)


def section_list_keys(section: Page, site, *, is_home: bool) -> list[str]:
    """The list keys of a home or channel page (see warta.articles.purging)."""
    if is_home and site.root_page_id == section.pk:
        return [keys.latest(site.pk)]
    return [keys.section(section.pk), keys.channel(site.pk, section.slug)]


def section_articles(section: Page, site) -> QuerySet:
    """A home page lists its site's stories and those circulated to it; a channel its own
    stories and circulated ones from a channel of the same name (a regional "ekonomi" story
    sent to the national site appears in its "ekonomi")."""
    if isinstance(section, HomePage) and site.root_page_id == section.pk:
        return articles_in_site(site)
    if section.depth == site.root_page.depth + 1 and section.path.startswith(site.root_page.path):
        return articles_in_channel(site, section.slug)  # a top-level channel: one index range
    own = Q(path__startswith=section.path) & ~Q(pk=section.pk)
    if site.root_page.path == section.path[: len(site.root_page.path)]:
        own |= circulated_to(site) & Q(channel__slug=section.slug)
    return live_articles().filter(own)
