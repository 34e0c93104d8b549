"""The cached frame of every site (warta.network.context_processors) shows pages: menu
channels, the partner page, the breaking-news ticker, the footer's trust pages. A publish or
unpublish drops it.

Trust pages (`TrustPage`) answer on every site, a regional site showing the network's default
unless it has its own: a change to one purges that kind's page on every site (`trust:<kind>`),
and when the kinds a site shows change (a page published for the first time, unpublished,
deleted or moved) the footers of the sites concerned too (`site:<id>`)."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.core.pagecache import keys, purge_keys
from warta.network.context_processors import forget_chrome
from warta.network.models import TrustPage
from warta.network.queries import trust_kinds_by_site

TRUST_KINDS_KEY = "warta:trust-kinds:v1"


@receiver([page_published, page_unpublished])
def page_changed(sender, instance, **kwargs) -> None:
    forget_chrome()


@receiver([page_published, page_unpublished, post_page_move], sender=TrustPage)
@receiver(post_delete, sender=TrustPage)
def trust_page_changed(sender, instance: TrustPage, **kwargs) -> None:
    leaving = None
    if kwargs.get("signal") in (page_unpublished, post_delete):
        leaving = instance.pk
    purge_trust_pages(instance.kind, leaving=leaving)


def purge_trust_pages(kind: str, *, leaving: int | None = None) -> None:
    stale = {keys.trust(kind)}
    shown = trust_kinds_by_site(leaving=leaving)
    before = cache.get(TRUST_KINDS_KEY)
    stale.update(
        keys.site(site_pk)
        for site_pk, kinds in shown.items()
        if before is None or before.get(site_pk) != kinds
    )
    cache.set(TRUST_KINDS_KEY, shown, None)
    forget_chrome()
    purge_keys(stale)
