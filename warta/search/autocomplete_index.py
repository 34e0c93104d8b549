"""Writes of the search box's prefix index (warta.search.autocomplete_models): a story's
headline on its own site while it is published, and each topic with its number of published
stories there. Called inside the publish's own transaction by
warta.search.autocomplete_receivers, so the page cache's purge of `stories:<site>` (bumped
again after the commit) can never keep an answer read before the change."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import transaction
from django.db.models import Count
from taggit.models import Tag
from wagtail.models import Site

from warta.articles.models import ArticlePage, ArticlePageTag
from warta.core.sites.lookup import all_sites, site_holding
from warta.search.autocomplete import index_text, index_words
from warta.search.autocomplete_models import Suggestion, SuggestionWord

BATCH = 2000


def site_path(url_path: str, root_url_path: str) -> str:
    """A page's path on its own site ("/warta/nasional/x/" under "/warta/" is "/nasional/x/")."""
    return url_path[len(root_url_path) - 1 :]


def topic_url(slug: str) -> str:
    return f"/tag/{slug}/"


def _ids(text: str) -> set[int]:
    return {int(x) for x in text.split(",") if x.isdigit()}


def _words(suggestion: Suggestion) -> list[SuggestionWord]:
    return [
        SuggestionWord(
            suggestion=suggestion,
            site_id=suggestion.site_id,
            kind=suggestion.kind,
            word=w,
            weight=suggestion.weight,
        )
        for w in dict.fromkeys(index_words(suggestion.label))
    ]


def _save(suggestion: Suggestion) -> None:
    """Insert or update one suggestion and its words."""
    existing = Suggestion.objects.filter(
        site_id=suggestion.site_id, kind=suggestion.kind, object_id=suggestion.object_id
    ).first()
    if existing is not None:
        suggestion.pk = existing.pk
        if existing.label == suggestion.label:  # same words: only the rows change
            suggestion.save()
            if existing.weight != suggestion.weight:
                SuggestionWord.objects.filter(suggestion=existing).update(weight=suggestion.weight)
            return
        SuggestionWord.objects.filter(suggestion=existing).delete()
    suggestion.save()
    SuggestionWord.objects.bulk_create(_words(suggestion))


def story_suggestion(article: ArticlePage, site: Site, topic_ids: Iterable[int]) -> Suggestion:
    published = article.first_published_at or article.last_published_at
    return Suggestion(
        site_id=site.pk,
        kind=Suggestion.STORY,
        object_id=article.pk,
        label=article.title[:255],
        url=site_path(article.url_path, site.root_page.url_path)[:512],
        text=index_text(article.title)[:600],
        weight=int(published.timestamp()) if published else 0,
        topic_ids=",".join(str(t) for t in sorted(topic_ids))[:255],
    )


@transaction.atomic
def index_story(article: ArticlePage) -> None:
    """The story's headline offered on its own site while it is published, gone otherwise;
    the topics it has or had counted again there."""
    before = Suggestion.objects.filter(kind=Suggestion.STORY, object_id=article.pk).first()
    site = site_holding(article.path) if article.live else None
    topic_ids: set[int] = set()
    if site is not None:
        topic_ids = set(
            ArticlePageTag.objects.filter(content_object_id=article.pk).values_list(
                "tag_id", flat=True
            )
        )
    if before is not None and (site is None or before.site_id != site.pk):
        before.delete()
    if site is not None:
        _save(story_suggestion(article, site, topic_ids))
        count_topics(site, topic_ids | (_ids(before.topic_ids) if before else set()))
    if before is not None and (site is None or before.site_id != site.pk):
        old_site = Site.objects.filter(pk=before.site_id).select_related("root_page").first()
        if old_site is not None:
            count_topics(old_site, _ids(before.topic_ids))


@transaction.atomic
def forget_story(article_id: int) -> None:
    """A deleted story: its headline and its share of its topics."""
    before = Suggestion.objects.filter(kind=Suggestion.STORY, object_id=article_id).first()
    if before is None:
        return
    before.delete()
    site = Site.objects.filter(pk=before.site_id).select_related("root_page").first()
    if site is not None:
        count_topics(site, _ids(before.topic_ids), excluding=article_id)


def count_topics(site: Site, tag_ids: Iterable[int], *, excluding: int | None = None) -> None:
    """Each topic's published stories on the site; a topic with none is not offered."""
    tag_ids = set(tag_ids)
    if not tag_ids:
        return
    tagged = ArticlePageTag.objects.filter(
        tag_id__in=tag_ids,
        content_object__live=True,
        content_object__path__startswith=site.root_page.path,
    )
    if excluding is not None:
        tagged = tagged.exclude(content_object_id=excluding)
    counts = dict(
        tagged.values("tag_id")
        .annotate(n=Count("content_object_id", distinct=True))
        .values_list("tag_id", "n")
    )
    for tag in Tag.objects.filter(pk__in=tag_ids):
        if counts.get(tag.pk):
            _save(topic_suggestion(tag.pk, tag.name, tag.slug, site.pk, counts[tag.pk]))
        else:
            Suggestion.objects.filter(
                site_id=site.pk, kind=Suggestion.TOPIC, object_id=tag.pk
            ).delete()


def topic_suggestion(tag_id: int, name: str, slug: str, site_id: int, stories: int) -> Suggestion:
    return Suggestion(
        site_id=site_id,
        kind=Suggestion.TOPIC,
        object_id=tag_id,
        label=name[:255],
        url=topic_url(slug),
        text=index_text(name)[:600],
        weight=stories,
    )


@transaction.atomic
def rename_topic(tag: Tag) -> None:
    """A topic renamed (or its slug changed) on every site that offers it."""
    for suggestion in Suggestion.objects.filter(kind=Suggestion.TOPIC, object_id=tag.pk):
        suggestion.label, suggestion.url = tag.name[:255], topic_url(tag.slug)
        suggestion.text = index_text(tag.name)[:600]
        _save(suggestion)


def forget_topic(tag_id: int) -> None:
    Suggestion.objects.filter(kind=Suggestion.TOPIC, object_id=tag_id).delete()


def bulk_insert(suggestions: list[Suggestion]) -> None:
    """Insert new suggestions and their words in batches (the rebuild and the benchmark)."""
    for start in range(0, len(suggestions), BATCH):
        batch = Suggestion.objects.bulk_create(suggestions[start : start + BATCH])
        SuggestionWord.objects.bulk_create(
            [w for s in batch for w in _words(s)], batch_size=BATCH * 4
        )


@transaction.atomic
def rebuild(*, log: Callable[[str], None] = lambda m: None) -> dict[str, int]:
    """The whole index again from the published stories and their topics, site by site."""
    SuggestionWord.objects.all().delete()
    Suggestion.objects.all().delete()
    totals = {"stories": 0, "topics": 0}
    for site in all_sites():
        root = site.root_page
        stories = ArticlePage.objects.live().filter(path__startswith=root.path)
        tags: dict[int, set[int]] = {}
        topics: dict[int, tuple[str, str, int]] = {}
        for page_id, tag_id, name, slug in ArticlePageTag.objects.filter(
            content_object__live=True, content_object__path__startswith=root.path
        ).values_list("content_object_id", "tag_id", "tag__name", "tag__slug"):
            tags.setdefault(page_id, set()).add(tag_id)
            _, _, n = topics.get(tag_id, (name, slug, 0))
            topics[tag_id] = (name, slug, n + 1)
        rows = [
            story_suggestion(article, site, tags.get(article.pk, ()))
            for article in stories.only(
                "pk", "title", "url_path", "first_published_at", "last_published_at"
            ).iterator(chunk_size=BATCH)
        ]
        # A page is counted once per topic even if tagged twice (taggit forbids it anyway).
        bulk_insert(rows)
        bulk_insert(
            [topic_suggestion(t, name, slug, site.pk, n) for t, (name, slug, n) in topics.items()]
        )
        totals["stories"] += len(rows)
        totals["topics"] += len(topics)
        log(f"{site.site_name or site.hostname}: {len(rows)} headlines, {len(topics)} topics")
    return totals
