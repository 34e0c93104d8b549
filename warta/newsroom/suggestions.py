"""Tag suggestions for the story editor (reads): which names a newsroom user's draft should
be tagged with, drawn from the topics of the user's sites, the shipped gazetteer and the names
recurring across published stories (`discovery.entities` does the finding and ranking).

The tenant rule: a user's topics are the tags of stories on the sites they may edit plus the
tags of published stories anywhere (public already); a tag that only another site's
unpublished story carries is never offered, so its name cannot leak."""

from __future__ import annotations

from django.db.models import Q
from taggit.utils import parse_tags

from warta.articles.models import ArticlePageTag
from warta.discovery.entities import KnownName, Lexicon, Suggestion, suggest
from warta.discovery.gazetteer import known_names
from warta.discovery.models import StoryName
from warta.newsroom.isolation import sees_everything
from warta.newsroom.roles import sites_user_may_edit

TOPIC_WEIGHT = 1.3  # a tag the newsroom already uses beats a new spelling of the same subject
MAX_TEXT = 100_000


def topic_names(user) -> list[str]:
    """Tag names the user's suggestions may draw on (one query)."""
    tagged = ArticlePageTag.objects.all()
    if not sees_everything(user):
        visible = Q(content_object__live=True)
        for site in sites_user_may_edit(user):
            visible |= Q(content_object__path__startswith=site.root_page.path)
        tagged = tagged.filter(visible)
    return sorted(set(tagged.values_list("tag__name", flat=True)))


def lexicon_for(user) -> Lexicon:
    """Topics first (their spelling wins), then the gazetteer, then recurring names."""
    topics = [KnownName(name, "topik", weight=TOPIC_WEIGHT) for name in topic_names(user)]
    recurring = [
        KnownName(name, "tokoh") for name in StoryName.objects.values_list("name", flat=True)
    ]
    return Lexicon([*topics, *known_names(), *recurring])


def tag_suggestions(
    user, *, title: str, text: str, tags: str = "", limit: int = 8
) -> list[Suggestion]:
    """Suggested tags for a draft, best first, without the tags it already has (`tags` as the
    editor's tag field holds them: comma-separated, multi-word tags quoted)."""
    return suggest(
        title[:MAX_TEXT],
        text[:MAX_TEXT],
        lexicon_for(user),
        exclude=parse_tags(tags),
        limit=limit,
    )
