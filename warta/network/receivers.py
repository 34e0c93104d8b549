"""The cached frame of every site (warta.network.context_processors) shows pages: menu
channels, the partner page, the breaking-news ticker. A publish or unpublish drops it."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from warta.network.context_processors import forget_chrome


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs) -> None:
    forget_chrome()
