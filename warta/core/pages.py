"""Behaviour shared by Warta's page types."""

from __future__ import annotations

from django.core.cache import cache
from wagtail.models import PageViewRestriction

RESTRICTIONS_KEY = "warta:any-view-restrictions:v1"


def any_view_restrictions() -> bool:
    found = cache.get(RESTRICTIONS_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(RESTRICTIONS_KEY, found, 3600)
    return found


def forget_view_restrictions() -> None:
    cache.delete(RESTRICTIONS_KEY)


class WartaPageMixin:
    """Skips the per-request view-restriction queries while no page in the network has one.
    The flag is dropped whenever a restriction is saved or deleted (core.receivers)."""

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    @classmethod
    def route_queryset(cls):
        """The queryset the router loads this page type from; add select_related here."""
        return cls.objects.all()
