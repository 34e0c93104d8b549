"""Writes for discovery: index a story's terms, compute and store its related list, find
near-duplicates. Candidates come from one indexed postings query; the rerank is in Python."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Sum, Value, When
from django.utils import timezone

from warta.articles.models import ArticlePage, RelatedArticle
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import all_sites
from warta.discovery import duplicates, text
from warta.discovery.entities import Lexicon
from warta.discovery.entities import key as entity_key
from warta.discovery.gazetteer import known_names
from warta.discovery.models import ArticleProfile, StoryName, TermPosting
from warta.discovery.story_names import recurring_names

RELATED_COUNT = 5
CANDIDATES = 50
QUERY_TERMS = 20


def _story_body(article: ArticlePage) -> str:
    """The body alone: headline and summary differ between versions of one story."""
    full = article.plain_text()
    lead = "\n".join(p for p in (article.title, article.summary) if p)
    return full[len(lead) :] if full.startswith(lead) else full


def _body_text(article: ArticlePage) -> str:
    full = article.plain_text()
    return full[len(article.title) :] if full.startswith(article.title) else full


def _fingerprint(article: ArticlePage) -> duplicates.Fingerprint:
    """The near-duplicate fingerprint of a story (a draft counts as appearing now)."""
    when = article.first_published_at or timezone.now()
    return duplicates.fingerprint(article.title, _story_body(article), duplicates.days(when))


@transaction.atomic
def index_article(article: ArticlePage) -> ArticleProfile:
    """Store the story's TF-IDF vector, entities and postings (replacing earlier ones)."""
    body = _body_text(article)
    counts = text.term_frequencies(article.title, body)
    TermPosting.objects.filter(article=article).delete()
    total = ArticleProfile.objects.count() + 1
    frequencies = dict(
        TermPosting.objects.filter(term__in=list(counts)[:2000])
        .values("term")
        .annotate(n=Count("id"))
        .values_list("term", "n")
    )
    vector = text.tfidf(counts, frequencies, total)
    copy_print = _fingerprint(article)
    profile, _ = ArticleProfile.objects.update_or_create(
        article=article,
        defaults={
            "vector": vector,
            "entities": text.entities(article.title, body),
            "title_key": copy_print.title_key,
            "sketch": copy_print.sketch,
            "story_terms": copy_print.terms,
        },
    )
    TermPosting.objects.bulk_create(
        [TermPosting(article=article, term=t[:40], weight=w) for t, w in vector.items()]
    )
    return profile


def forget_article(article_id: int) -> list[int]:
    """Remove a story from the index; returns the stories whose lists named it."""
    sources = list(
        RelatedArticle.objects.filter(target_id=article_id).values_list("source_id", flat=True)
    )
    RelatedArticle.objects.filter(target_id=article_id).delete()
    RelatedArticle.objects.filter(source_id=article_id).delete()
    TermPosting.objects.filter(article_id=article_id).delete()
    ArticleProfile.objects.filter(article_id=article_id).delete()
    return sources


def _candidates(profile: ArticleProfile, limit: int = CANDIDATES) -> list[tuple[int, float]]:
    terms = sorted(profile.vector.items(), key=lambda kv: -kv[1])[:QUERY_TERMS]
    if not terms:
        return []
    weight_of_term = Case(
        *[When(term=t, then=Value(w)) for t, w in terms],
        default=Value(0.0),
        output_field=FloatField(),
    )
    rows = (
        TermPosting.objects.filter(term__in=[t for t, _ in terms], article__live=True)
        .exclude(article_id=profile.article_id)
        .values("article_id")
        .annotate(score=Sum(F("weight") * weight_of_term))
        .order_by("-score")[:limit]
    )
    return [(r["article_id"], r["score"]) for r in rows]


@dataclass
class Scored:
    article: ArticlePage
    score: float
    similarity: float
    reason: str


def _site_root(path: str) -> tuple[str, str, bool]:
    for site in all_sites():
        if path.startswith(site.root_page.path):
            return site.root_page.path, site.site_name, site.is_default_site
    return "", "", True


def rank_related(article: ArticlePage, profile: ArticleProfile) -> tuple[list[Scored], list]:
    """(related stories best first, near-duplicates) for `article`."""
    candidates = dict(_candidates(profile))
    if not candidates:
        return [], []
    stories = {
        a.pk: a
        for a in ArticlePage.objects.live()
        .filter(pk__in=list(candidates))
        .select_related("profile")
        .prefetch_related("tagged_items__tag")
    }
    my_tags = {t.tag.name for t in article.tagged_items.all()} if article.pk else set()
    my_entities = set(profile.entities)
    my_root, _, my_national = _site_root(article.path)
    mine = duplicates.of(profile)
    scored, copies = [], []
    for story in stories.values():
        other = getattr(story, "profile", None)
        if other is None:
            continue
        similarity = text.cosine(profile.vector, other.vector)
        overlap = duplicates.similarity(mine, duplicates.of(other))
        if overlap >= duplicates.duplicate_threshold():
            copies.append((story, overlap))
            continue
        tags = my_tags & {t.tag.name for t in story.tagged_items.all()}
        names = my_entities & set(other.entities)
        root, region_name, national = _site_root(story.path)
        same_region = bool(root) and root == my_root and not national
        score = similarity + 0.12 * min(len(tags), 3) + 0.06 * min(len(names), 3)
        score += 0.08 if same_region else 0.0
        if article.first_published_at and story.first_published_at:
            days = abs((article.first_published_at - story.first_published_at).days)
            score *= 0.55 + 0.45 * math.exp(-days / 10)
        if tags:
            reason = f"Topik: {sorted(tags)[0]}"
        elif names:
            reason = f"Tentang: {sorted(names, key=len, reverse=True)[0]}"
        elif same_region:
            reason = f"Wilayah: {region_name}"
        else:
            shared = sorted(
                (t for t in profile.vector if t in other.vector),
                key=lambda t: -(profile.vector[t] * other.vector[t]),
            )
            reason = f"Kata kunci: {shared[0]}" if shared else ""
        scored.append(Scored(story, score, similarity, reason))
    scored.sort(key=lambda s: -s.score)
    copies.sort(key=lambda d: -d[1])
    return scored, copies


def _same_story_as_any(profile: ArticleProfile, others: list[ArticleProfile]) -> bool:
    mine = duplicates.of(profile)
    return any(duplicates.same_story(mine, duplicates.of(other)) for other in others)


@transaction.atomic
def store_related(article: ArticlePage, scored: list[Scored]) -> list[RelatedArticle]:
    """Editor pins first, then the ranking, RELATED_COUNT in all."""
    pinned = [
        p.target
        for p in article.related_pins.select_related("target").order_by("sort_order")
        if p.target.live and p.target_id != article.pk
    ]
    entries, seen = [], {article.pk}
    for story in pinned:
        if story.pk not in seen:
            entries.append((story.pk, 1e6, "Pilihan editor"))
            seen.add(story.pk)
    chosen: list = []  # profiles of ranked items, to keep copies of one story out
    for item in scored:
        if len(entries) >= RELATED_COUNT:
            break  # the rest would be cut anyway; comparing them cost O(n²) overlap checks
        profile = getattr(item.article, "profile", None)
        if item.article.pk in seen or (profile and _same_story_as_any(profile, chosen)):
            continue
        entries.append((item.article.pk, item.score, item.reason))
        seen.add(item.article.pk)
        if profile is not None:
            chosen.append(profile)
    entries = entries[:RELATED_COUNT]
    RelatedArticle.objects.filter(source=article).delete()
    # The story's cached page shows this list: make it stale once the new list is committed.
    transaction.on_commit(lambda: purge_keys([keys.article(article.pk)]))
    return RelatedArticle.objects.bulk_create(
        [
            RelatedArticle(source=article, target_id=pk, rank=n, score=score, reason=reason)
            for n, (pk, score, reason) in enumerate(entries)
        ]
    )


def refresh_related(article: ArticlePage, *, neighbours: bool = True) -> list[RelatedArticle]:
    """Index a published story, store its related list and, with `neighbours`, refresh the
    lists of the stories it relates to, so the new story appears there too."""
    profile = index_article(article)
    scored, _ = rank_related(article, profile)
    stored = store_related(article, scored)
    if neighbours:
        for item in scored[:RELATED_COUNT]:
            offer(item.article, article, profile, item.score, item.reason)
    return stored


@transaction.atomic
def offer(
    source: ArticlePage, story: ArticlePage, profile: ArticleProfile, score: float, reason: str
) -> bool:
    """Put `story` into `source`'s stored list if it beats the weakest ranked entry. The
    score is symmetric (cosine, shared tags, names and region, age gap), so the one computed
    for the pair from the new story's side holds; no re-ranking of `source` is needed, which
    keeps adding a story to a large index cheap. Returns whether the list changed."""
    current = list(
        RelatedArticle.objects.filter(source=source)
        .select_related("target__profile")
        .order_by("rank")
    )
    if any(entry.target_id == story.pk for entry in current):
        return False
    ranked = [e for e in current if e.reason != "Pilihan editor"]
    if len(current) >= RELATED_COUNT and (not ranked or score <= ranked[-1].score):
        return False
    others = [getattr(e.target, "profile", None) for e in current]
    if _same_story_as_any(profile, [p for p in others if p is not None]):
        return False  # a copy of a story already listed
    entries = [(e.target_id, e.score, e.reason) for e in current] + [(story.pk, score, reason)]
    entries.sort(key=lambda e: -e[1])
    RelatedArticle.objects.filter(source=source).delete()
    RelatedArticle.objects.bulk_create(
        [
            RelatedArticle(source=source, target_id=pk, rank=n, score=s, reason=r)
            for n, (pk, s, r) in enumerate(entries[:RELATED_COUNT])
        ]
    )
    transaction.on_commit(lambda: purge_keys([keys.article(source.pk)]))
    return True


def find_duplicates(article: ArticlePage) -> list[tuple[ArticlePage, float]]:
    """Published stories whose text nearly matches this one (the draft is indexed in memory)."""
    body = _body_text(article)
    counts = text.term_frequencies(article.title, body)
    total = ArticleProfile.objects.count() + 1
    frequencies = dict(
        TermPosting.objects.filter(term__in=list(counts)[:2000])
        .values("term")
        .annotate(n=Count("id"))
        .values_list("term", "n")
    )
    copy_print = _fingerprint(article)
    profile = ArticleProfile(
        article_id=article.pk or 0,
        vector=text.tfidf(counts, frequencies, total),
        entities=[],
        title_key=copy_print.title_key,
        sketch=copy_print.sketch,
        story_terms=copy_print.terms,
    )
    return rank_related(article, profile)[1]


@transaction.atomic
def refresh_story_names(*, min_stories: int = 3) -> int:
    """Replace the stored list of names recurring across published stories; returns its size.
    Only published text is read, so the list (which any newsroom user's suggestions draw on)
    never carries a draft's names to another site."""
    stories = ArticlePage.objects.live().only("title", "summary", "body").iterator(chunk_size=500)
    found = recurring_names(
        ((a.title, _body_text(a)) for a in stories),
        min_stories=min_stories,
        known=Lexicon(known_names()),
    )
    StoryName.objects.all().delete()
    StoryName.objects.bulk_create(
        StoryName(name=n.name, key=entity_key(n.name)[:100], stories=n.stories) for n in found
    )
    return len(found)
