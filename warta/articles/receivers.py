"""What a story's life changes outside its own row: renditions on publish; its listing rows
when something around it moves (warta.articles.listing); the cached pages that show it or a
list it entered or left (warta.articles.purging); Network Updates."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.articles.listing import default_rule, relist, relist_under, slugs
from warta.articles.models import ArticlePage, Author, GalleryPage, Listing
from warta.articles.purging import story_purge_keys
from warta.articles.queries import forget_network_updates
from warta.articles.signals import connect_to_stories
from warta.articles.tasks import generate_gallery_renditions_task, generate_renditions_task
from warta.core.models import SiteSettings
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import site_holding, sites_holding

# Channels sit above articles (they list stories): named here, not imported.
CHANNEL = "channels.ChannelPage"


def article_published(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.hero_image_id:
        image_id = instance.hero_image_id
        transaction.on_commit(lambda: generate_renditions_task.enqueue(image_id=image_id))
    if isinstance(instance, GalleryPage):
        page_id = instance.pk
        transaction.on_commit(lambda: generate_gallery_renditions_task.enqueue(page_id=page_id))


# --- Listing rows (warta.articles.listing) -----------------------------------------------
# A story's own saves relist it (ArticlePage.save); these cover what changes its lists from
# outside: moves, a renamed channel, a site's circulation rule, a site's root.


@receiver(post_page_move)
def relist_moved(sender, instance, url_path_before: str = "", url_path_after: str = "", **kwargs):
    if url_path_before == url_path_after:
        return
    page = Page.objects.get(pk=instance.pk)  # the path after the move
    if isinstance(instance.specific, ArticlePage):
        # The stored channel follows the tree (a move does not call ArticlePage.save).
        parent = page.get_parent()
        ArticlePage.objects.filter(pk=page.pk).update(channel_id=parent.pk)
    relist_under(page.path)


@receiver(pre_save, sender=CHANNEL)
def remember_url_path(sender, instance, **kwargs) -> None:
    if instance.pk:
        before = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
        instance._url_path_before = before


@receiver(post_save, sender=CHANNEL)
def relist_renamed_channel(sender, instance, **kwargs) -> None:
    """A channel's new slug is a new channel list for its stories (and those circulated)."""
    before = getattr(instance, "_url_path_before", None)
    if before is not None and before != instance.url_path:
        relist_under(instance.path)


@receiver(pre_save, sender=SiteSettings)
def remember_rule(sender, instance: SiteSettings, **kwargs) -> None:
    saved = (
        SiteSettings.objects.filter(pk=instance.pk)
        .values_list("circulate_channels", flat=True)
        .first()
    )
    instance._circulating_before = default_rule() if saved is None else slugs(saved)


@receiver([post_save, post_delete], sender=SiteSettings)
def relist_by_rule(sender, instance: SiteSettings, **kwargs) -> None:
    """A regional site's stories in channels that start or stop circulating to the national
    site enter or leave its lists."""
    rule = frozenset(instance.circulating_channel_slugs)
    if kwargs.get("signal") is post_delete:
        before, after = rule, default_rule()  # without settings a site has the default rule
    else:
        before, after = getattr(instance, "_circulating_before", default_rule()), rule
    changed = before ^ after
    site = Site.objects.filter(pk=instance.site_id).select_related("root_page").first()
    if not changed or site is None:
        return
    relist(
        ArticlePage.objects.filter(
            path__startswith=site.root_page.path, channel__slug__in=changed
        ).values_list("pk", flat=True)
    )


@receiver(pre_save, sender=Site)
def remember_site(sender, instance: Site, **kwargs) -> None:
    fields = ("root_page_id", "is_default_site")
    instance._before = Site.objects.filter(pk=instance.pk).values(*fields).first()


@receiver(post_save, sender=Site)
def relist_site(sender, instance: Site, created: bool, **kwargs) -> None:
    """A new site, a new root or a new default (national) site changes whose stories it lists."""
    before = getattr(instance, "_before", None)
    if before and before["is_default_site"] != instance.is_default_site:
        relist()  # every regional rule now points elsewhere
        return
    if before and before["root_page_id"] == instance.root_page_id:
        return
    root = Page.objects.get(pk=instance.root_page_id)
    listed = Listing.objects.filter(site=instance).values_list("article_id", flat=True)
    under = ArticlePage.objects.filter(path__startswith=root.path).values_list("pk", flat=True)
    relist([*listed, *under])


# --- Cached pages (warta.articles.purging) -------------------------------------------------


def story_changed(sender, instance: ArticlePage, **kwargs) -> None:
    """Every cached page that shows the story or a list it entered or left is stale."""
    if in_network_updates(instance):
        forget_network_updates()
    purge_keys(story_purge_keys(instance))


def in_network_updates(story: ArticlePage) -> bool:
    """Can the story be in any site's Network Updates (warta.articles.queries)? Only stories
    from a regional site are: a story of the national site alone never is, and its publish
    leaves every site's block cached (each site's first page after the purge then need not
    compute it again: docs/scale/sites.md). A story moved away from a region forgets the
    blocks when it moves (`page_moved`)."""
    return any(not site.is_default_site for site in sites_holding(story.path))


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs) -> None:
    """Any other page (home slots, channels, partner page) changes its site's pages."""
    if isinstance(instance, ArticlePage):
        return
    site = site_holding(instance.path)
    if site is not None:
        forget_network_updates()
        purge_keys([keys.site(site.pk), keys.stories(site.pk), keys.API])


@receiver(post_save, sender=Author)
def author_changed(sender, instance: Author, **kwargs) -> None:
    """A byline's name, photo or bio shows on the author page, the author's stories and the
    API's authors."""
    purge_keys([keys.author(instance.pk), keys.API])


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before: str = "", url_path_after: str = "", **kwargs):
    """A moved page answers at a new URL and leaves its old lists: purge as for a publish
    (a story) or its site's pages (any other page, e.g. a channel with its stories)."""
    if url_path_before == url_path_after:
        return
    page = instance.specific
    if isinstance(page, ArticlePage):
        forget_network_updates()  # it may leave (or enter) a region's stories
        purge_keys(story_purge_keys(page))
        return
    site = site_holding(page.path)
    if site is not None:
        purge_keys([keys.site(site.pk), keys.stories(site.pk), keys.API])


# Every story type's (Wagtail names the specific page class as a page signal's sender).
# The purge first: the renditions task's enqueue (a round trip to the queue) after it.
connect_to_stories(page_published, story_changed)
connect_to_stories(page_published, article_published)
connect_to_stories(page_unpublished, story_changed)
