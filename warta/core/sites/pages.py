"""Behaviour shared by Warta's page types, and the registry of story types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction
from wagtail.models.sites import SiteRootPath

from warta.core.sites.lite import edition_prefix, lite_template
from warta.core.sites.lookup import all_sites, forget_sites, path_prefix, site_by_pk

# Page types that are stories (a news story today; a live story and a gallery to come): each
# sits at least two levels under its site's root and has no child pages, so the router finds
# one in a single query, and backups count them. Their apps register them in ready(); core
# itself names no app's models.
STORY_TYPES: list[type[Page]] = []


def register_story_type(model: type[Page]) -> None:
    if model not in STORY_TYPES:
        STORY_TYPES.append(model)


def is_story(page: Page) -> bool:
    return isinstance(page, tuple(STORY_TYPES))


def story_content_type_ids() -> list[int]:
    """Every story type's content type: rows are indexed and listed under their specific
    type (a gallery's as a gallery), so a query by content type names them all."""
    from django.contrib.contenttypes.models import ContentType

    return [ct.pk for ct in ContentType.objects.get_for_models(*STORY_TYPES).values()]


def base_story_types() -> list[type[Page]]:
    """The story types that are not a subclass of another: a gallery's row is an article's
    too, so counting rows counts these only."""
    return [m for m in STORY_TYPES if not any(o is not m and issubclass(m, o) for o in STORY_TYPES)]


if TYPE_CHECKING:
    # The mixin is only ever mixed into Page: for the type checker it is one, so its super()
    # calls and `self` reach Page's attributes.
    from wagtail.models import Page as _PageBase
else:
    _PageBase = object


def any_view_restrictions() -> bool:
    """Read with the cached site list (one query for both)."""
    sites = all_sites()
    return any(getattr(site, "any_view_restriction", True) for site in sites) if sites else True


def forget_view_restrictions() -> None:
    forget_sites()


class WartaPageMixin(_PageBase):
    """Skips the per-request view-restriction queries while no page in the network has one.
    The flag is dropped whenever a restriction is saved or deleted (warta.core.sites.receivers)."""

    def get_view_restrictions(self):
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def _get_site_root_paths(self, cache_object=None, **kwargs):
        """Wagtail's site root paths, built from our cached site list instead of a query of
        their own (translations are not enabled, so each site has one root)."""
        holder = cache_object or self
        try:
            return holder._wagtail_cached_site_root_paths
        except AttributeError:
            pass
        paths = _root_paths(all_sites())
        holder._wagtail_cached_site_root_paths = paths
        return paths

    def _get_relevant_site_root_paths(self, cache_object=None):
        """The root paths of the sites holding this page, looked up by each prefix of its
        url_path (a few lookups, not a scan of 500 sites per link)."""
        paths = self._get_site_root_paths(cache_object)
        by_root = _ROOT_PATHS.get("by_root")
        if _ROOT_PATHS.get("paths") is not paths or by_root is None:
            return super()._get_relevant_site_root_paths(cache_object)
        url_path, found, end = self.url_path or "", [], 0
        while (end := url_path.find("/", end) + 1) > 0:
            found.extend(by_root.get(url_path[:end], ()))
        order = _ROOT_PATHS["order"]  # built with the list, not per link (500 sites)
        return tuple(sorted(found, key=lambda srp: order[id(srp)]))

    def get_url_parts(self, request=None):
        """On a request that came through the path fallback (/r/<slug>/), links to regional
        pages keep the prefix and stay on the host the reader used; in the English edition
        (/en/) links stay in it, and in the lite edition reached by its path they keep /lite
        after both (warta.core.sites.lite); otherwise Wagtail's."""
        parts = super().get_url_parts(request)
        if parts is None or parts[2] is None:
            return parts
        edition = edition_prefix(request)
        site_id, root_url, page_path = parts
        if not hasattr(request, "warta_path_prefix"):
            return (site_id, root_url, edition + page_path) if edition else parts
        site = site_by_pk(site_id)
        prefix = path_prefix(site) if site is not None and not site.is_default_site else ""
        return site_id, f"{request.scheme}://{request.get_host()}", prefix + edition + page_path

    def get_template(self, request, *args, **kwargs):
        """The lite edition's template first on a lite request (warta.core.sites.lite)."""
        return lite_template(request, super().get_template(request, *args, **kwargs))

    def update_aliases(self, *args, **kwargs):
        """Wagtail looks for a published page's aliases through the tree-ordered manager,
        which makes the database walk every page in path order (0.11 s of a 0.2 s publish at
        100,000 stories on SQLite). Stories almost never have aliases: ask the alias_of index
        first, unordered."""
        if not Page.objects.filter(alias_of_id=self.pk).order_by().exists():
            return
        super().update_aliases(*args, **kwargs)

    @classmethod
    def route_queryset(cls):
        """The queryset the router loads this page type from; add select_related here."""
        return cls.objects.all()


# The site root paths of the site list this process holds, built once per list.
_ROOT_PATHS: dict = {}


def _root_paths(sites: list) -> list:
    if _ROOT_PATHS.get("sites") is sites:
        return _ROOT_PATHS["paths"]
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    ordered = sorted(sites, key=lambda s: s.hostname)  # Wagtail's order, by sort keys
    ordered.sort(key=lambda s: s.is_default_site, reverse=True)
    ordered.sort(key=lambda s: s.root_page.url_path, reverse=True)
    paths = [SiteRootPath(s.pk, s.root_page.url_path, s.root_url, language) for s in ordered]
    by_root: dict[str, list] = {}
    for srp in paths:
        by_root.setdefault(srp.root_path, []).append(srp)
    order = {id(srp): n for n, srp in enumerate(paths)}
    _ROOT_PATHS.update(sites=sites, paths=paths, by_root=by_root, order=order)
    return paths
