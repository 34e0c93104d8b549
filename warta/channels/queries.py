"""Reads for the home page, channel pages and the channel navigation."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail.models import Page

from warta.articles.queries import articles_in_section
from warta.core.pagination import paginate
from warta.core.sites import site_for_request
from warta.network.queries import network_updates


def section_context(section: Page, request: HttpRequest, *, per_page: int) -> dict:
    """Lead story, the paginated list after it, and sub-channels for a home or channel page."""
    from warta.channels.models import ChannelPage

    articles = articles_in_section(section).prefetch_related("hero_image__renditions")
    page_obj = paginate(request, articles, per_page)
    items = list(page_obj.object_list)
    lead = items[0] if page_obj.number == 1 and items else None
    site = site_for_request(request) or section.get_site()
    return {
        "is_home": section.depth <= 2,
        "network_updates": network_updates(site),
        "active_channel_slug": top_channel_slug(section),
        "lead_article": lead,
        "article_list": items[1:] if lead else items,
        "page_obj": page_obj,
        "subchannels": list(ChannelPage.objects.live().child_of(section).order_by("path")),
    }


def top_channel_slug(page: Page) -> str | None:
    """The top-level channel a page sits in, read from its url_path without a query."""
    parts = page.url_path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else None
