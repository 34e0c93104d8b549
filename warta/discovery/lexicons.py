"""The names a story may be tagged with, without a request: the finder's lexicon for a site
(its topics and the published network's: the tenant rule) and the finder itself. The story
editor's "Saran tag" (`newsroom.suggestions`) and the stored topic suggestions
(`discovery.topics`) both read it."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from warta.articles.models import ArticlePageTag
from warta.discovery.entities import KnownName, Lexicon, Suggestion, suggest
from warta.discovery.gazetteer import known_names
from warta.discovery.models import StoryName

TOPIC_WEIGHT = 1.3  # a tag the newsroom already uses beats a new spelling of the same subject
MAX_TEXT = 100_000


def topic_names_under(paths: list[str] | None) -> list[str]:
    """Tag names of published stories anywhere and of any story under `paths` (the home
    pages of the sites whose drafts may be read; None: every story's), one query."""
    tagged = ArticlePageTag.objects.all()
    if paths is not None:
        visible = Q(content_object__live=True)
        for path in paths:
            visible |= Q(content_object__path__startswith=path)
        tagged = tagged.filter(visible)
    return sorted(set(tagged.values_list("tag__name", flat=True)))


def lexicon_of(topics: list[str]) -> Lexicon:
    """The finder's names: `topics` first (their spelling wins), then the gazetteer, then
    the names recurring across published stories."""
    known_topics = [KnownName(name, "topik", weight=TOPIC_WEIGHT) for name in topics]
    recurring = [
        KnownName(name, "tokoh") for name in StoryName.objects.values_list("name", flat=True)
    ]
    return Lexicon([*known_topics, *known_names(), *recurring])


def suggestions_for_text(
    lexicon: Lexicon, *, title: str, text: str, exclude: Iterable[str] = (), limit: int = 8
) -> list[Suggestion]:
    """The desk's finder without a request: what the "Saran tag" panel and the stored topic
    suggestions (`discovery.topics`) both call."""
    return suggest(title[:MAX_TEXT], text[:MAX_TEXT], lexicon, exclude=exclude, limit=limit)


def story_lexicon(site_path: str | None) -> Lexicon:
    """The names a story of the site at `site_path` may be given: its site's topics and the
    published network's (the tenant rule, as for that site's desk); None: a story on no
    site, only published topics."""
    return lexicon_of(topic_names_under([site_path] if site_path else []))
