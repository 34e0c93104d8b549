from django.db.models.signals import post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from warta.articles.models import ArticlePage


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
    every cached page that shows the story."""
    from warta.core.pagecache import purge_keys
    from warta.network.caches import forget_site_blocks

    forget_site_blocks()
    purge_keys(story_cache_keys(instance))


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs) -> None:
    """Any other page (home slots, channels, partner page) changes its site's pages."""
    from warta.core.pagecache import purge_keys
    from warta.network.caches import forget_site_blocks

    if isinstance(instance, ArticlePage):
        return
    site = site_of(instance)
    if site is not None:
        forget_site_blocks()
        purge_keys([f"site:{site.pk}", "api"])


def site_of(page):
    from warta.core.sites import all_sites

    return next((s for s in all_sites() if page.path.startswith(s.root_page.path)), None)


def story_cache_keys(article: ArticlePage) -> list[str]:
    """Every surrogate key of a page that can show this story."""
    from warta.articles.queries import circulation_targets

    keys = [f"article:{article.pk}", "api", "network-feed"]
    keys += [f"site:{target.pk}" for target in circulation_targets(article)]
    site = site_of(article)
    if site is not None:
        keys.append(f"site:{site.pk}")
        if not site.is_default_site:
            keys.append("network-updates")  # regional stories appear on every site
    return keys
