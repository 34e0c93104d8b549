"""Reads for the reader pages: what a reader can choose to follow (channels, topics, authors,
by name) and the names of what they chose. Readers never see an internal slug."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count
from taggit.models import Tag

from warta.accounts.preferences import Preferences
from warta.articles.models import ArticlePageTag, Author
from warta.channels.models import ChannelPage

CHOICES_TTL = 600  # the lists change when a desk adds a topic or a writer: ten minutes is fine
TOPIC_CHOICES = 60  # the most used topics listed as checkboxes; the search endpoint finds more
AUTHOR_CHOICES = 200
SEARCH_RESULTS = 20

Choices = list[tuple[str, str]]  # (slug, name)


def _cached(key: str, load: Callable[[], Choices]) -> Choices:
    found = cache.get(key)
    if found is None:
        found = load()
        cache.set(key, found, CHOICES_TTL)
    return found


def channel_choices() -> Choices:
    """Top-level channels of every site, one per slug (a regional "ekonomi" and the national
    one are followed together), by title."""

    def load() -> Choices:
        seen: dict[str, str] = {}
        rows = ChannelPage.objects.live().filter(depth=3).values_list("slug", "title")
        for slug, title in rows.order_by("title"):
            seen.setdefault(slug, title)
        return sorted(seen.items(), key=lambda c: c[1].casefold())

    return _cached("reader-choices:channels", load)


def topic_choices() -> Choices:
    """The topics most used on stories, by name."""

    def load() -> Choices:
        rows = (
            ArticlePageTag.objects.values("tag__slug", "tag__name")
            .annotate(uses=Count("id"))
            .order_by("-uses", "tag__name")[:TOPIC_CHOICES]
        )
        return sorted(
            ((r["tag__slug"], r["tag__name"]) for r in rows), key=lambda c: c[1].casefold()
        )

    return _cached("reader-choices:topics", load)


def author_choices() -> Choices:
    """Writers with at least one byline, by name."""

    def load() -> Choices:
        return list(
            Author.objects.filter(bylines__isnull=False)
            .distinct()
            .order_by("name")
            .values_list("slug", "name")[:AUTHOR_CHOICES]
        )

    return _cached("reader-choices:authors", load)


def topic_names(slugs: list[str]) -> dict[str, str]:
    return dict(Tag.objects.filter(slug__in=slugs).values_list("slug", "name")) if slugs else {}


def author_names(slugs: list[str]) -> dict[str, str]:
    if not slugs:
        return {}
    return dict(Author.objects.filter(slug__in=slugs).values_list("slug", "name"))


def search_choices(kind: str, text: str) -> Choices:
    """Topics or authors whose name contains `text` (the for-you page's search-as-you-type for
    names beyond the listed ones). Cached per query: the answer is the same for everyone."""
    text = " ".join(text.split())[:40]
    if kind not in ("topics", "authors") or len(text) < 2:
        return []
    key = f"reader-choices:search:{kind}:{text.casefold().encode().hex()}"

    def load() -> Choices:
        model = Tag if kind == "topics" else Author
        return list(
            model.objects.filter(name__icontains=text)
            .order_by("name")
            .values_list("slug", "name")[:SEARCH_RESULTS]
        )

    return _cached(key, load)


@dataclass
class ChosenNames:
    """A reader's choices as the reader knows them: names, in the order chosen."""

    channels: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)


def chosen_names(prefs: Preferences) -> ChosenNames:
    """Names for the slugs a reader follows. A slug with no name any more (a topic merged, a
    writer removed) is shown readable, never as a slug."""

    def readable(slug: str) -> str:
        return slug.replace("-", " ").capitalize()

    channels = dict(channel_choices())
    topics = topic_names(prefs.topics)
    authors = author_names(prefs.authors)
    return ChosenNames(
        channels=[channels.get(s) or readable(s) for s in prefs.channels],
        topics=[topics.get(s) or readable(s) for s in prefs.topics],
        authors=[authors.get(s) or readable(s) for s in prefs.authors],
    )
