from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from wagtail.models import Page, Site
from wagtail.signals import page_published, post_page_move

from warta.articles.listing import default_rule, slugs
from warta.articles.models import ArticlePage, Listing
from warta.articles.tasks import generate_renditions_task
from warta.channels.models import ChannelPage
from warta.core.models import SiteSettings


@receiver(page_published, sender=ArticlePage)
def article_published(sender, instance: ArticlePage, **kwargs) -> None:
    if instance.hero_image_id:
        image_id = instance.hero_image_id
        transaction.on_commit(lambda: generate_renditions_task.enqueue(image_id=image_id))


# --- Listing rows (warta.articles.listing) -----------------------------------------------
# A story's own saves relist it (ArticlePage.save); these cover what changes its lists from
# outside: moves, a renamed channel, a site's circulation rule, a site's root.


@receiver(post_page_move)
def relist_moved(sender, instance, url_path_before: str = "", url_path_after: str = "", **kwargs):
    from warta.articles.listing import relist_under

    if url_path_before == url_path_after:
        return
    page = Page.objects.get(pk=instance.pk)  # the path after the move
    if isinstance(instance.specific, ArticlePage):
        # The stored channel follows the tree (a move does not call ArticlePage.save).
        parent = page.get_parent()
        ArticlePage.objects.filter(pk=page.pk).update(channel_id=parent.pk)
    relist_under(page.path)


@receiver(pre_save)
def remember_url_path(sender, instance, **kwargs) -> None:
    if isinstance(instance, ChannelPage) and instance.pk:
        before = Page.objects.filter(pk=instance.pk).values_list("url_path", flat=True).first()
        instance._url_path_before = before


@receiver(post_save)
def relist_renamed_channel(sender, instance, **kwargs) -> None:
    """A channel's new slug is a new channel list for its stories (and those circulated)."""
    from warta.articles.listing import relist_under

    if not isinstance(instance, ChannelPage):
        return
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
    from warta.articles.listing import relist

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
    from warta.articles.listing import relist

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
