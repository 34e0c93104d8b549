"""A story's change makes only its own article sitemap page stale (see sitemaps.block_key);
the index, the news sitemap and the feeds go with every story change on the site
(`stories:<site>`, purged by warta.articles.purging)."""

from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.articles.models import ArticlePage
from warta.articles.signals import connect_to_stories
from warta.core.pagecache import purge_keys
from warta.core.sites.lookup import sites_holding
from warta.feeds.sitemaps import block_key, block_of


def _sites_holding(*pages: Page) -> set[int]:
    return {site.pk for page in pages if page is not None for site in sites_holding(page.path)}


def _purge_blocks(story_id: int, site_ids: set[int]) -> None:
    if site_ids:
        purge_keys(block_key(site_id, block_of(story_id)) for site_id in site_ids)


def story_changed(sender, instance: ArticlePage, **kwargs) -> None:
    _purge_blocks(instance.pk, _sites_holding(instance))


connect_to_stories(page_published, story_changed)  # every story type's
connect_to_stories(page_unpublished, story_changed)


@receiver(post_page_move)
def story_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    if not isinstance(instance.specific, ArticlePage):
        return  # a moved channel purges its whole site (warta.articles.receivers.page_moved)
    _purge_blocks(instance.pk, _sites_holding(parent_page_before, parent_page_after))
