from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.articles.models import ArticlePage, Author


@receiver(post_migrate)
def ensure_roles(sender, app_config=None, **kwargs) -> None:
    # Runs once per migrate, after the newsroom app's own migrations.
    if app_config is None or app_config.label != "newsroom":
        return
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    from warta.newsroom.roles import setup_roles

    # Apps later in INSTALLED_APPS (ingest, Django's own) get their permissions after this
    # signal; create them now so every role is granted everything on a fresh database.
    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0, using=kwargs.get("using", "default"))
    setup_roles()


@receiver([page_published, page_unpublished], sender=ArticlePage)
def story_changed(sender, instance: ArticlePage, **kwargs) -> None:
    """Site-wide blocks (ticker, navigation, Network Updates) show stories: drop them, and
    every cached page that shows the story or a list it entered or left."""
    from warta.core.pagecache import purge_keys
    from warta.network.caches import forget_site_blocks
    from warta.newsroom.purging import story_purge_keys

    forget_site_blocks()
    purge_keys(story_purge_keys(instance))


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs) -> None:
    """Any other page (home slots, channels, partner page) changes its site's pages."""
    from warta.core.pagecache import purge_keys
    from warta.core.sites.lookup import site_holding
    from warta.network.caches import forget_site_blocks

    if isinstance(instance, ArticlePage):
        return
    site = site_holding(instance.path)
    if site is not None:
        forget_site_blocks()
        purge_keys([f"site:{site.pk}", f"stories:{site.pk}", "api"])


@receiver(post_save, sender=Author)
def author_changed(sender, instance: Author, **kwargs) -> None:
    """A byline's name, photo or bio shows on the author page and the author's stories."""
    from warta.core.pagecache import purge_keys

    purge_keys([f"author:{instance.pk}"])


@receiver(post_page_move)
def page_moved(sender, instance, url_path_before: str = "", url_path_after: str = "", **kwargs):
    """A moved page answers at a new URL and leaves its old lists: purge as for a publish
    (a story) or its site's pages (any other page, e.g. a channel with its stories)."""
    from warta.core.pagecache import purge_keys
    from warta.core.sites.lookup import site_holding
    from warta.newsroom.purging import story_purge_keys

    if url_path_before == url_path_after:
        return
    page = instance.specific
    if isinstance(page, ArticlePage):
        purge_keys(story_purge_keys(page))
        return
    site = site_holding(page.path)
    if site is not None:
        purge_keys([f"site:{site.pk}", f"stories:{site.pk}", "api"])
