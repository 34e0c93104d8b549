"""Topics from the text: tags suggested for every published story from the names it carries,
stored until an editor accepts (the story gets the tag, so topic pages and related lists use
it) or rejects them (never offered for that story again).

The finder is the desk's ("Saran tag", `newsroom.suggestions`), with the topics the story's
own site may see (the tenant rule: a tag only another site's unpublished story carries is
never offered). Suggestions are computed when a story is published (`refresh_related_task`)
and for stories already there by `warta suggest_topics`. Writes and the review screen's reads
live here; `discovery/services.py` (related lists) is not touched."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision
from wagtail.permissions import page_permission_policy

from warta.articles.models import ArticlePage
from warta.articles.purging import story_sites
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import site_holding
from warta.discovery.entities import Lexicon
from warta.discovery.entities import key as entity_key
from warta.discovery.lexicons import story_lexicon, suggestions_for_text
from warta.discovery.models import TopicSuggestion

SUGGESTIONS = 6  # per story: the strongest names, as many as an editor reads at a glance
ACCEPT_ACTION = "warta.topics.accept"


class TopicConflict(Exception):
    """Accepting would publish over something the editor has not seen (a pending draft, a
    workflow, a lock): the message says what and where to add the tag instead."""


def story_text(article: ArticlePage) -> tuple[str, str]:
    """Headline, and the summary and body below it, as the editor's panel sends them."""
    full = article.plain_text()
    body = full[len(article.title) :] if full.startswith(article.title) else full
    return article.title, body


def site_path_of(article: ArticlePage) -> str | None:
    site = site_holding(article.path)
    return site.root_page.path if site else None


def lexicon_for_story(article: ArticlePage) -> Lexicon:
    """The names the story's own site may be offered (the tenant rule, as for its desk)."""
    return story_lexicon(site_path_of(article))


def _key(name: str) -> str:
    return entity_key(name)[:100]


@transaction.atomic
def store_topic_suggestions(
    article: ArticlePage, *, lexicon: Lexicon | None = None, limit: int = SUGGESTIONS
) -> list[str]:
    """Recompute a story's pending suggestions from its text; returns their names. Decided
    rows are kept: a rejected name is never suggested again, a name the story now has as a
    tag is marked accepted (the editor added it in the editor). Safe to run twice.
    `lexicon`: the story's site's (`lexicon_for_story`), when the caller reuses one."""
    rows = {row.key: row for row in TopicSuggestion.objects.filter(article=article)}
    tags = list(article.tags.names())
    tag_keys = {entity_key(t) for t in tags}
    rejected = [r.name for r in rows.values() if r.status == TopicSuggestion.REJECTED]
    title, body = story_text(article)
    found = suggestions_for_text(
        lexicon or lexicon_for_story(article),
        title=title,
        text=body,
        exclude=[*tags, *rejected],
        limit=limit,
    )
    now = timezone.now()
    pending = [r for r in rows.values() if r.status == TopicSuggestion.SUGGESTED]
    taken = [r.pk for r in pending if entity_key(r.name) in tag_keys]
    TopicSuggestion.objects.filter(pk__in=taken).update(
        status=TopicSuggestion.ACCEPTED, decided_at=now
    )
    wanted = {_key(s.name): s for s in found}
    TopicSuggestion.objects.filter(
        pk__in=[r.pk for r in pending if r.pk not in taken and r.key not in wanted]
    ).delete()
    names = []
    for row_key, found_one in wanted.items():
        row = rows.get(row_key)
        if row is not None and row.status != TopicSuggestion.SUGGESTED:
            continue
        TopicSuggestion.objects.update_or_create(
            article=article,
            key=row_key,
            defaults={
                "name": found_one.name[:100],
                "kind": found_one.kind[:10],
                "score": found_one.score,
            },
        )
        names.append(found_one.name)
    return names


def stories_to_suggest(site_path: str | None = None) -> QuerySet[ArticlePage]:
    """Published stories (of the site at `site_path`), newest first, for `suggest_topics`."""
    stories = ArticlePage.objects.live().order_by("-first_published_at", "-pk")
    if site_path:
        stories = stories.filter(path__startswith=site_path)
    return stories


# ---- who may decide: those who may publish on the story's site ---------------------------


def publishing_paths(user) -> list[str] | None:
    """Tree paths under which the user may publish (None: everywhere, a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    grants = page_permission_policy.get_cached_permissions_for_user(user)
    return [g.page.path for g in grants if g.permission.codename == "publish_page"]


def _under(paths: list[str] | None) -> Q:
    if paths is None:
        return Q()
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(article__path__startswith=path)
    return condition


def reviewable_suggestions(user) -> QuerySet[TopicSuggestion]:
    """Pending suggestions of published stories the user may publish (any site for none)."""
    return TopicSuggestion.objects.filter(
        _under(publishing_paths(user)), status=TopicSuggestion.SUGGESTED, article__live=True
    )


def stories_with_pending_topics(user) -> QuerySet[ArticlePage]:
    """The review screen's list: published stories of the user's sites with pending
    suggestions, newest first, each with `.pending` (best first) and its tags prefetched."""
    story_ids = reviewable_suggestions(user).values("article_id")
    return (
        ArticlePage.objects.live()
        .filter(pk__in=story_ids)
        .order_by("-first_published_at", "-pk")
        .prefetch_related(
            "tags",
            Prefetch(
                "topic_suggestions",
                queryset=TopicSuggestion.objects.filter(status=TopicSuggestion.SUGGESTED).order_by(
                    "-score", "name"
                ),
                to_attr="pending",
            ),
        )
    )


# ---- decisions ---------------------------------------------------------------------------


def _workflow_in_progress(article: ArticlePage) -> bool:
    state = article.current_workflow_state
    return state is not None


def _check_publishable(article: ArticlePage, user) -> None:
    if not article.live:
        raise TopicConflict(_("“%(title)s” belum terbit.") % {"title": article.title})
    if article.has_unpublished_changes or _workflow_in_progress(article):
        raise TopicConflict(
            _(
                "“%(title)s” punya perubahan yang belum diterbitkan. Tag tidak ditambahkan "
                "agar perubahan itu tidak ikut terbit: tambahkan tagnya di editor."
            )
            % {"title": article.title}
        )
    if article.locked and article.locked_by_id != user.pk:
        raise TopicConflict(
            _("“%(title)s” sedang dikunci. Tag tidak ditambahkan.") % {"title": article.title}
        )


@transaction.atomic
def accept_topics(
    article: ArticlePage, suggestions: list[TopicSuggestion], *, user
) -> Revision | None:
    """Add the suggested tags to a published story and publish that as a new revision, as
    `user` (with a log entry naming the tags). Refuses (TopicConflict) rather than publish a
    pending draft along with them. The publish purges the story and the lists it entered
    (its new tag pages included); the tag pages are purged here as well, by name."""
    _check_publishable(article, user)
    page = article.get_latest_revision_as_object()
    have = {entity_key(name) for name in page.tags.names()}
    new = [s.name for s in suggestions if entity_key(s.name) not in have]
    revision = None
    if new:
        page.tags.add(*new)
        revision = page.save_revision(user=user, log_action=True)
        revision.publish(user=user)
        log(instance=page, action=ACCEPT_ACTION, user=user, data={"tags": new})
    TopicSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
        status=TopicSuggestion.ACCEPTED, decided_by=user, decided_at=timezone.now()
    )
    if new:
        sites = story_sites(article)
        tag_keys = [keys.tag(site.pk, slug) for site in sites for slug in _slugs(page)]
        transaction.on_commit(lambda: purge_keys([keys.article(article.pk), *tag_keys]))
    return revision


def _slugs(page: ArticlePage) -> list[str]:
    return [tag.slug or slugify(tag.name) for tag in page.tags.all()]


def reject_topics(suggestions: list[TopicSuggestion], *, user) -> int:
    """Never offer these names for their stories again."""
    return TopicSuggestion.objects.filter(pk__in=[s.pk for s in suggestions]).update(
        status=TopicSuggestion.REJECTED, decided_by=user, decided_at=timezone.now()
    )


def decide_topics(user, *, accept: list[int], reject: list[int]) -> tuple[int, int, list[str]]:
    """Accept and reject suggestions by id for `user` (ids outside `reviewable_suggestions`
    are left alone; the view refuses them first). Returns (accepted, rejected, conflicts'
    messages); a story in conflict keeps its suggestions pending."""
    chosen = reviewable_suggestions(user)
    by_story: dict[int, list[TopicSuggestion]] = defaultdict(list)
    for row in chosen.filter(pk__in=accept):
        by_story[row.article_id].append(row)
    accepted, problems = 0, []
    for story_id, rows in by_story.items():
        article = ArticlePage.objects.get(pk=story_id)
        try:
            accept_topics(article, rows, user=user)
        except TopicConflict as conflict:
            problems.append(str(conflict))
            continue
        accepted += len(rows)
    rejected = reject_topics(list(chosen.filter(pk__in=reject).exclude(pk__in=accept)), user=user)
    return accepted, rejected, problems
