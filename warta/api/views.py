"""Endpoints of /api/v1/. Every article query starts from live_articles(): drafts, scheduled
and embargoed stories are not live, so no parameter can reach them."""

from __future__ import annotations

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError
from taggit.models import Tag
from wagtail.models import Site

from warta.api import cursors, schemas
from warta.api.serialisers import (
    article_out,
    author_out,
    channel_out,
    channel_parents,
    site_out,
    topic_out,
)
from warta.api.throttling import ClientAnonRateThrottle, ClientAuthRateThrottle
from warta.articles.models import ArticleAuthor, ArticlePage, ArticlePageTag, Author
from warta.articles.queries import live_articles
from warta.channels.models import ChannelPage
from warta.core.pagecache import add_cache_keys, keys


def _cache_keys(request: HttpRequest) -> None:
    # The API spans the network: any published story can change any list.
    add_cache_keys(request, keys.API)


api = NinjaAPI(
    title="Warta Content API",
    version="1",
    description="Read-only access to the network's published stories. Cursor pagination: pass "
    "`next_cursor` back as `cursor`. Anonymous clients are rate limited.",
    urls_namespace="api-v1",
    docs_url="/docs",
    throttle=[
        ClientAnonRateThrottle(settings.WARTA_API_ANON_RATE),
        ClientAuthRateThrottle(settings.WARTA_API_AUTH_RATE),
    ],
)
Limit = Query(20, ge=1, le=100, description="items per page (1-100)")


def _utc(moment: datetime, name: str) -> datetime:
    """In UTC (naive times are read as UTC): databases reject some offsets Python accepts
    (PostgreSQL: beyond ±15:59), and an instant outside the calendar is a client error."""
    try:
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (OverflowError, ValueError) as exc:
        raise HttpError(400, f"{name} is out of range") from exc


def _page(items: list, limit: int, key) -> tuple[list, str | None]:
    more = len(items) > limit
    items = items[:limit]
    return items, cursors.encode(key(items[-1])) if more and items else None


@api.get("/articles", response={200: schemas.ArticlePage, 400: schemas.ErrorOut}, tags=["articles"])
def list_articles(
    request: HttpRequest,
    site: str | None = Query(None, max_length=255, description="hostname of one site"),
    channel: str | None = Query(None, max_length=255, description="channel slug"),
    topic: str | None = Query(None, max_length=100, description="topic (tag) slug"),
    author: str | None = Query(None, max_length=140, description="author slug"),
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = Query(None, max_length=500),
    limit: int = Limit,
):
    _cache_keys(request)
    qs = (
        live_articles()
        .select_related("editor")
        .prefetch_related("tagged_items__tag", "hero_image__renditions")
    )
    if site:
        found = Site.objects.filter(hostname=site).select_related("root_page").first()
        qs = qs.filter(path__startswith=found.root_page.path) if found else qs.none()
    if channel:
        paths = list(ChannelPage.objects.filter(slug=channel).values_list("path", flat=True))
        match = Q()
        for path in paths:
            match |= Q(path__startswith=path)
        qs = qs.filter(match) if paths else qs.none()
    if topic:
        qs = qs.filter(
            pk__in=ArticlePageTag.objects.filter(tag__slug=topic).values("content_object_id")
        )
    if author:
        qs = qs.filter(pk__in=ArticleAuthor.objects.filter(author__slug=author).values("page_id"))
    if since:
        qs = qs.filter(first_published_at__gte=_utc(since, "since"))
    if until:
        qs = qs.filter(first_published_at__lte=_utc(until, "until"))
    after = cursors.decode(cursor, 2)
    if after:
        try:
            moment, pk = datetime.fromisoformat(after[0]), int(after[1])
        except (TypeError, ValueError) as exc:
            from ninja.errors import HttpError

            raise HttpError(400, "invalid cursor") from exc
        qs = qs.filter(Q(first_published_at__lt=moment) | Q(first_published_at=moment, pk__lt=pk))
    items, next_cursor = _page(list(qs[: limit + 1]), limit, lambda a: [a.first_published_at, a.pk])
    return {"items": [article_out(a) for a in items], "next_cursor": next_cursor}


@api.get(
    "/articles/{article_id}",
    response={200: schemas.ArticleDetailOut, 404: schemas.ErrorOut},
    tags=["articles"],
)
def get_article(request: HttpRequest, article_id: int):
    _cache_keys(request)
    if not 0 < article_id < 2**63:
        return Status(404, {"detail": "Not Found"})
    article = get_object_or_404(
        live_articles().select_related("editor").prefetch_related("tagged_items__tag"),
        pk=article_id,
    )
    data = article_out(article, detail=True)
    if data["kind"] == "live":  # stale on every post, like the story's page
        add_cache_keys(request, keys.live(article.pk))
    return data


def _by_pk(qs, cursor: str | None, limit: int):
    after = cursors.decode(cursor, 1)
    if after:
        if not isinstance(after[0], int):
            from ninja.errors import HttpError

            raise HttpError(400, "invalid cursor")
        qs = qs.filter(pk__gt=after[0])
    return _page(list(qs.order_by("pk")[: limit + 1]), limit, lambda o: [o.pk])


@api.get("/channels", response={200: schemas.ChannelList, 400: schemas.ErrorOut}, tags=["channels"])
def list_channels(
    request: HttpRequest, cursor: str | None = Query(None, max_length=500), limit: int = Limit
):
    _cache_keys(request)
    items, next_cursor = _by_pk(ChannelPage.objects.live(), cursor, limit)
    parents = channel_parents(items)
    return {"items": [channel_out(c, parents) for c in items], "next_cursor": next_cursor}


@api.get("/sites", response={200: schemas.SiteList, 400: schemas.ErrorOut}, tags=["sites"])
def list_sites(
    request: HttpRequest, cursor: str | None = Query(None, max_length=500), limit: int = Limit
):
    _cache_keys(request)
    items, next_cursor = _by_pk(Site.objects.select_related("root_page"), cursor, limit)
    return {"items": [site_out(s) for s in items], "next_cursor": next_cursor}


@api.get("/authors", response={200: schemas.AuthorList, 400: schemas.ErrorOut}, tags=["authors"])
def list_authors(
    request: HttpRequest, cursor: str | None = Query(None, max_length=500), limit: int = Limit
):
    _cache_keys(request)
    # Only people with a published byline: staff without public work stay private.
    public = Author.objects.filter(
        pk__in=ArticleAuthor.objects.filter(page__live=True).values("author_id")
    )
    items, next_cursor = _by_pk(public, cursor, limit)
    return {"items": [author_out(a) for a in items], "next_cursor": next_cursor}


@api.get("/topics", response={200: schemas.TopicList, 400: schemas.ErrorOut}, tags=["topics"])
def list_topics(
    request: HttpRequest, cursor: str | None = Query(None, max_length=500), limit: int = Limit
):
    _cache_keys(request)
    used = Tag.objects.filter(
        pk__in=ArticlePageTag.objects.filter(content_object__live=True).values("tag_id")
    )
    items, next_cursor = _by_pk(used, cursor, limit)
    return {"items": [topic_out(t) for t in items], "next_cursor": next_cursor}


@api.exception_handler(ArticlePage.DoesNotExist)
def not_found(request, exc):
    _cache_keys(request)
    return api.create_response(request, {"detail": "Not Found"}, status=404)
