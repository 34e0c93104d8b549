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

    def get_url_parts(self, request=None):
        """On a request that came through the path fallback (/r/<slug>/), links to regional
        pages keep the prefix and stay on the host the reader used; otherwise Wagtail's."""
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None or not hasattr(request, "warta_path_prefix"):
            return parts
        from warta.core.sites import all_sites, path_prefix

        site_id, _, page_path = parts
        site = next((s for s in all_sites() if s.pk == site_id), None)
        prefix = path_prefix(site) if site is not None and not site.is_default_site else ""
        return site_id, f"{request.scheme}://{request.get_host()}", prefix + page_path

    @classmethod
    def route_queryset(cls):
        """The queryset the router loads this page type from; add select_related here."""
        return cls.objects.all()
