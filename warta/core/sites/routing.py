"""Front-end page serving that finds the page from its url_path in one query for a story and
two for any other page, whatever its depth, instead of Wagtail's one query per path segment
plus one per `.specific`. Everything after routing (hooks, view restrictions, serve) is
Wagtail's own."""

from __future__ import annotations

import copy
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.models import Page
from wagtail.url_routing import RouteResult
from wagtail.views import serve_chain

from warta.core.pagecache import depends_on, keys
from warta.core.pagecache.fragments import cached_part
from warta.core.request import WartaRequest
from warta.core.sites.lookup import site_for_request
from warta.core.sites.pages import STORY_TYPES, is_story


def _candidate_paths(root_url_path: str, components: list[str]) -> list[str]:
    """The url_path of the root and of each prefix of the path: '/home/', '/home/a/', …"""
    paths, current = [root_url_path], root_url_path
    for component in components:
        current += f"{component}/"
        paths.append(current)
    return paths


def _cached_lookup(site, candidates: list[str]) -> Page | None:
    """The deepest page on the path, kept (warta.core.pagecache.fragments) until it is published,
    unpublished, moved or deleted (its own key) or a page above it changes (its site's).
    A miss is never kept: the story may be published the next second."""

    def find() -> Page | None:
        page = _find_story(candidates, site.root_page.depth) or _find_page(
            candidates, site.root_page.depth
        )
        if page is not None:
            depends_on(keys.site(site.pk))  # a moved channel moves its stories
            if is_story(page):
                depends_on(keys.article(page.pk))
            else:
                # A page under it may be published (the address was a 404 until then).
                depends_on(keys.section(page.pk))
        return page

    page = cached_part(
        "route", [site.pk, candidates[-1]], [], find, keep=lambda found: found is not None
    )
    # Each request gets its own copy: views and Wagtail set attributes on the page.
    return copy.copy(page) if page is not None else None


def _find_story(candidates: list[str], min_depth: int) -> Page | None:
    """Most requests are for stories, and a story has no child pages: if one of the
    candidate paths is a story, it is the page, found with its joins in one query (per
    registered story type, warta.core.sites.pages.STORY_TYPES)."""
    if len(candidates) < 3:  # a story sits at least two levels under the site root
        return None
    for model in STORY_TYPES:
        story = (
            model.route_queryset()
            .filter(url_path__in=candidates[2:], depth__gte=min_depth)
            .order_by("-depth")
            .first()
        )
        if story is not None:
            # A story type's subclass (a gallery is an article) has its own row too.
            specific = ContentType.objects.get_for_id(story.content_type_id).model_class()
            if specific is not None and specific is not model and issubclass(specific, model):
                rows = getattr(specific, "route_queryset", None)
                queryset = rows() if rows is not None else specific._default_manager.all()
                story = queryset.get(pk=story.pk)
            return story
    return None


def _find_page(candidates: list[str], min_depth: int) -> Page | None:
    """Any other page: the deepest match, then its specific row (two queries)."""
    found = (
        Page.objects.filter(url_path__in=candidates, depth__gte=min_depth)
        .order_by("-depth")
        .values_list("pk", "content_type_id")
        .first()
    )
    if found is None:
        return None
    pk, content_type_id = found
    model = ContentType.objects.get_for_id(content_type_id).model_class() or Page
    queryset = getattr(model, "route_queryset", model._default_manager.all)()
    return queryset.get(pk=pk)


def route(request: HttpRequest, path: str) -> RouteResult | None:
    if hasattr(request, "_wagtail_route_for_request"):
        return cast(RouteResult | None, request._wagtail_route_for_request)
    result = None
    site = site_for_request(request)
    if site is not None:
        components = [c for c in path.split("/") if c]
        candidates = _candidate_paths(site.root_page.url_path, components)
        page = _cached_lookup(site, candidates)
        if page is not None:
            remaining = components[page.depth - site.root_page.depth :]
            try:
                # The page routes what is left (RoutablePage sub-paths such as /all/).
                result = page.route(request, remaining)
            except Http404:
                result = None
    cast(WartaRequest, request)._wagtail_route_for_request = result
    return result


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's `serve` view with our router in front."""
    result = route(request, path)
    if result is None:
        raise Http404
    page, args, kwargs = result
    chain = serve_chain
    for fn in reversed(hooks.get_hooks("on_serve_page")):
        chain = fn(chain)
    for fn in hooks.get_hooks("before_serve_page"):
        response = fn(page, request, args, kwargs)
        if isinstance(response, HttpResponse):
            return response
    return chain(page, request, args, kwargs)
