"""Tag suggestions for the story editor (reads): which names a newsroom user's draft should
be tagged with, drawn from the topics of the user's sites, the shipped gazetteer and the names
recurring across published stories (`discovery.entities` does the finding and ranking).

The tenant rule: a user's topics are the tags of stories on the sites they may edit plus the
tags of published stories anywhere (public already); a tag that only another site's
unpublished story carries is never offered, so its name cannot leak."""

from __future__ import annotations

from dataclasses import dataclass, field

from taggit.utils import parse_tags
from wagtail.models import Page

from warta.discovery.entities import Lexicon, Suggestion, key
from warta.discovery.lexicons import (  # noqa: F401  (the desk's names for them)
    MAX_TEXT,
    TOPIC_WEIGHT,
    lexicon_of,
    story_lexicon,
    suggestions_for_text,
    topic_names_under,
)
from warta.discovery.models import TopicSuggestion
from warta.newsroom.isolation import sees_everything
from warta.newsroom.roles import sites_user_may_edit


def topic_names(user) -> list[str]:
    """Tag names the user's suggestions may draw on (one query)."""
    if sees_everything(user):
        return topic_names_under(None)
    return topic_names_under([site.root_page.path for site in sites_user_may_edit(user)])


def lexicon_for(user) -> Lexicon:
    """Topics first (their spelling wins), then the gazetteer, then recurring names."""
    return lexicon_of(topic_names(user))


@dataclass
class StoredTopics:
    """A published story's stored topic suggestions (`discovery.topics`): the pending ones,
    offered first in its editor, and the rejected names, never offered for it again."""

    pending: list[Suggestion] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def stored_topics(user, page_id: int) -> StoredTopics:
    """The story's stored suggestions, for a user who may edit it (else none)."""
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.permissions_for_user(user).can_edit():
        return StoredTopics()
    stored = StoredTopics()
    rows = TopicSuggestion.objects.filter(article_id=page_id).order_by("-score", "name")
    for row in rows.exclude(status=TopicSuggestion.ACCEPTED):
        if row.status == TopicSuggestion.REJECTED:
            stored.rejected.append(row.name)
        else:
            stored.pending.append(Suggestion(row.name, row.kind, row.score, mentions=0))
    return stored


def tag_suggestions(
    user,
    *,
    title: str,
    text: str,
    tags: str = "",
    limit: int = 8,
    stored: StoredTopics | None = None,
) -> list[Suggestion]:
    """Suggested tags for a draft, best first, without the tags it already has (`tags` as the
    editor's tag field holds them: comma-separated, multi-word tags quoted). A published
    story's stored suggestions come first; names rejected for it are left out."""
    stored = stored or StoredTopics()
    has = parse_tags(tags)
    found = suggestions_for_text(
        lexicon_for(user), title=title, text=text, exclude=[*has, *stored.rejected], limit=limit
    )
    taken = {key(name) for name in has}
    first = [s for s in stored.pending if key(s.name) not in taken]
    taken.update(key(s.name) for s in first)
    return [*first, *(s for s in found if key(s.name) not in taken)][:limit]
