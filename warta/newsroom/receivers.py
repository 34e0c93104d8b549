from django.db.models.signals import post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from warta.articles.models import ArticlePage


@receiver(post_migrate)
def ensure_roles(sender, app_config=None, **kwargs) -> None:
    # Runs once per migrate, after the newsroom app's own migrations.
    if app_config is None or app_config.label != "newsroom":
        return
    from warta.newsroom.roles import setup_roles

    setup_roles()


@receiver([page_published, page_unpublished], sender=ArticlePage)
def story_changed(sender, instance: ArticlePage, **kwargs) -> None:
    """Site-wide blocks (ticker, navigation, Network Updates) show stories: drop them."""
    from warta.network.caches import forget_site_blocks

    forget_site_blocks()
