"""Writes for discovery: index a story's terms, compute and store its related list, find
near-duplicates. Candidates come from one indexed postings query; the rerank is in Python."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Case, Count, F, FloatField, Max, Sum, Value, When
from django.utils import timezone
from taggit.models import Tag

from warta.articles.models import ArticlePage, ArticlePageTag, RelatedArticle
from warta.core.pagecache import keys, purge_keys
from warta.core.sites.lookup import all_sites
from warta.discovery import duplicates, entities, text
from warta.discovery.entities import KnownName, Lexicon
from warta.discovery.entities import key as entity_key
from warta.discovery.gazetteer import known_names
from warta.discovery.models import ArticleProfile, StoryName, TermPosting
from warta.discovery.story_names import recurring_names

RELATED_COUNT = 5
CANDIDATES = 50
QUERY_TERMS = 20
MAX_NAME_TEXT = 20_000
# A related story must share something specific (see `_evidence`): a name, a multi-word term
# or a rare word, weighed by idf; below MIN_EVIDENCE, or below MIN_SCORE overall, it is left
# out and the list is shorter rather than padded.
ENTITY_MAX_SHARE = 0.05  # a name in more than 5% of stories ("Indonesia", "Jakarta") is common
COLLOCATION_MAX_SHARE = 0.02
RARE_MAX_SHARE = 0.004  # a single word counts only when this rare
SPECIFIC_DF = 3
EVIDENCE_WEIGHT = {text.ENTITY_MARK: 1.0, text.COLLOCATION_MARK: 1.0, "": 0.5}
MIN_EVIDENCE = 1.0
MIN_SCORE = 0.35  # below it, no shared editor's topic: left out (first blind round; docs)
HUB_SCALE = 25  # a story already in HUB_SCALE lists counts half


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


def _lexicon_version() -> tuple:
    names = StoryName.objects.aggregate(n=Count("id"), at=Max("refreshed_at"))
    tags = Tag.objects.aggregate(n=Count("id"), last=Max("id"))
    return (names["n"], names["at"], tags["n"], tags["last"])


_lexicon_cache: dict[tuple, Lexicon] = {}


def known_lexicon() -> Lexicon:
    """The names stories are compared on: tags first, then the gazetteer, then the recurring
    names (`refresh_story_names`). Rebuilt only when one of those changes (four cheap
    aggregates a publish)."""
    version = _lexicon_version()
    if version not in _lexicon_cache:
        topics = [
            KnownName(name, "topik", weight=1.3)
            for name in Tag.objects.filter(articles_articlepagetag_items__isnull=False)
            .values_list("name", flat=True)
            .distinct()
        ]
        recurring = [
            KnownName(name, "tokoh") for name in StoryName.objects.values_list("name", flat=True)
        ]
        _lexicon_cache.clear()
        _lexicon_cache[version] = Lexicon([*topics, *known_names(), *recurring])
    return _lexicon_cache[version]


def story_names(title: str, body: str, lexicon: Lexicon) -> dict[str, int]:
    """Name (as written) -> mentions: known names, and new ones the story repeats."""
    found = entities.suggest(title, body[:MAX_NAME_TEXT], lexicon, limit=text.TOP_FEATURES)
    return {s.name: s.mentions for s in found}


def _document_frequencies(terms: list[str]) -> dict[str, int]:
    return dict(
        TermPosting.objects.filter(term__in=terms[:2000])
        .values("term")
        .annotate(n=Count("id"))
        .values_list("term", "n")
    )


def _features(
    article: ArticlePage, lexicon: Lexicon | None = None
) -> tuple[dict, list, dict[str, int]]:
    """(vector, names, document frequencies) for a story: stems, names, multi-word terms."""
    body = _body_text(article)
    counts = text.term_frequencies(article.title, body)
    named = story_names(article.title, body, lexicon or known_lexicon())
    names = Counter({entity_key(n)[:39]: c for n, c in named.items()})
    terms = text.collocations(article.title, body)
    total = ArticleProfile.objects.count() + 1
    frequencies = _document_frequencies(list(counts)[:2000] + text.feature_terms(names, terms))
    vector = text.tfidf(counts, frequencies, total, names=names, terms=terms)
    return vector, list(named), frequencies


@transaction.atomic
def index_article(article: ArticlePage) -> ArticleProfile:
    """Store the story's TF-IDF vector (stems, names, multi-word terms), names and postings
    (replacing earlier ones)."""
    TermPosting.objects.filter(article=article).delete()
    vector, names, frequencies = _features(article)
    copy_print = _fingerprint(article)
    profile, _ = ArticleProfile.objects.update_or_create(
        article=article,
        defaults={
            "vector": vector,
            "entities": names,
            "title_key": copy_print.title_key,
            "sketch": copy_print.sketch,
            "story_terms": copy_print.terms,
        },
    )
    TermPosting.objects.bulk_create(
        [TermPosting(article=article, term=t[:40], weight=w) for t, w in vector.items()]
    )
    # rank_related needs these counts (with this story's own postings): spare it the query.
    profile.frequencies = {t: frequencies.get(t, 0) + 1 for t in vector}  # type: ignore[attr-defined]
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


TOPIC_CANDIDATES = 20


def _same_topic(article: ArticlePage) -> list[int]:
    """The newest published stories sharing a tag with `article` (one indexed query)."""
    if not article.pk:
        return []
    tags = ArticlePageTag.objects.filter(content_object_id=article.pk).values("tag_id")
    return list(
        ArticlePageTag.objects.filter(tag_id__in=tags, content_object__live=True)
        .exclude(content_object_id=article.pk)
        .order_by("-content_object_id")
        .values_list("content_object_id", flat=True)
        .distinct()[:TOPIC_CANDIDATES]
    )


def _site_root(path: str) -> tuple[str, str, bool]:
    for site in all_sites():
        if path.startswith(site.root_page.path):
            return site.root_page.path, site.site_name, site.is_default_site
    return "", "", True


def _kind(term: str) -> str:
    return term[:1] if term[:1] in (text.ENTITY_MARK, text.COLLOCATION_MARK) else ""


def _evidence(shared: list[str], frequencies: dict[str, int], total: int) -> list[str]:
    """The specific features among those two stories share: names in at most
    ENTITY_MAX_SHARE of the stories, multi-word terms in at most COLLOCATION_MAX_SHARE, single
    words in at most RARE_MAX_SHARE (a feature in at most SPECIFIC_DF stories always is)."""
    limits = {
        text.ENTITY_MARK: ENTITY_MAX_SHARE,
        text.COLLOCATION_MARK: COLLOCATION_MAX_SHARE,
        "": RARE_MAX_SHARE,
    }
    found = []
    for term in shared:
        kind = _kind(term)
        df = frequencies.get(term, 1)
        if (df <= SPECIFIC_DF or df <= limits[kind] * total) and (kind or len(term) >= 4):
            found.append(term)
    return found


def _evidence_strength(terms: list[str]) -> float:
    """A name or a multi-word term counts 1, a rare word EVIDENCE_WEIGHT[""]: one ordinary
    shared word ("kedaluwarsa") never reaches MIN_EVIDENCE alone."""
    return sum(EVIDENCE_WEIGHT[_kind(term)] for term in terms)


def _in_lists(ids: list[int]) -> dict[int, int]:
    """How many stored lists name each story (one aggregate over the target index)."""
    return dict(
        RelatedArticle.objects.filter(target_id__in=ids)
        .values("target_id")
        .annotate(n=Count("id"))
        .values_list("target_id", "n")
    )


def rank_related(article: ArticlePage, profile: ArticleProfile) -> tuple[list[Scored], list]:
    """(related stories best first, near-duplicates) for `article`. A story is related only
    when it shares specific features (`_evidence`) strong enough (MIN_EVIDENCE) or a tag, and
    scores at least MIN_SCORE; stories already in many lists (hubs) are damped. Stories
    sharing one of its topics (editors' tags) are candidates whatever their words."""
    candidates = dict(_candidates(profile))
    candidates.update((pk, 0.0) for pk in _same_topic(article) if pk not in candidates)
    if not candidates:
        return [], []
    stories = {
        a.pk: a
        for a in ArticlePage.objects.live()
        .filter(pk__in=list(candidates))
        .select_related("profile")
        .prefetch_related("tagged_items__tag")
    }
    frequencies = getattr(profile, "frequencies", None) or _document_frequencies(
        list(profile.vector)
    )
    total = ArticleProfile.objects.count() or 1
    listed = _in_lists(list(stories))
    my_tags = {t.tag.name for t in article.tagged_items.all()} if article.pk else set()
    my_root, _, my_national = _site_root(article.path)
    mine = duplicates.of(profile)
    scored, copies = [], []
    for story in stories.values():
        other = getattr(story, "profile", None)
        if other is None:
            continue
        overlap = duplicates.similarity(mine, duplicates.of(other))
        if overlap >= duplicates.duplicate_threshold():
            copies.append((story, overlap))
            continue
        similarity = text.cosine(profile.vector, other.vector)
        tags = my_tags & {t.tag.name for t in story.tagged_items.all()}
        shared = [t for t in profile.vector if t in other.vector]
        specific = _evidence(shared, frequencies, total)
        strength = _evidence_strength(specific)
        if strength < MIN_EVIDENCE and not tags:
            continue  # only common words in common: the same section, not the same story
        names = [t for t in specific if t.startswith(text.ENTITY_MARK)]
        root, region_name, national = _site_root(story.path)
        same_region = bool(root) and root == my_root and not national
        score = similarity + 0.12 * min(len(tags), 3) + 0.05 * min(strength, 4.0)
        score += 0.08 if same_region else 0.0
        if article.first_published_at and story.first_published_at:
            days = abs((article.first_published_at - story.first_published_at).days)
            score *= 0.55 + 0.45 * math.exp(-days / 10)
        score /= 1 + listed.get(story.pk, 0) / HUB_SCALE
        if score < MIN_SCORE and not tags:  # an editor's shared topic is evidence enough
            continue
        if tags:
            reason = f"Topik: {sorted(tags)[0]}"
        elif names:
            reason = f"Tentang: {_display_name(names, profile, other)}"
        elif same_region:
            reason = f"Wilayah: {region_name}"
        else:
            best = max(specific, key=lambda t: profile.vector[t] * other.vector[t])
            reason = f"Kata kunci: {best.lstrip(text.COLLOCATION_MARK)}"
        scored.append(Scored(story, score, similarity, reason))
    scored.sort(key=lambda s: -s.score)
    copies.sort(key=lambda d: -d[1])
    return scored, copies


def _display_name(features: list[str], profile: ArticleProfile, other: ArticleProfile) -> str:
    """The shared name weighing most in both stories, as the story writes it."""
    best = max(features, key=lambda t: profile.vector[t] * other.vector[t])
    for name in profile.entities:
        if f"{text.ENTITY_MARK}{entity_key(name)}"[:40] == best:
            return name
    return best[1:]


def _same_story_as_any(profile: ArticleProfile, others: list[ArticleProfile]) -> bool:
    mine = duplicates.of(profile)
    return any(duplicates.same_story(mine, duplicates.of(other)) for other in others)


def stored_choice(
    scored: list[Scored], *, exclude: Collection[int] = (), count: int = RELATED_COUNT
) -> list[Scored]:
    """The ranked items a list keeps: best first, at most `count`, never two copies of one
    story, none of `exclude` (ids)."""
    chosen: list[Scored] = []
    profiles: list = []  # of the chosen items, to keep copies of one story out
    for item in scored:
        if len(chosen) >= count:
            break  # the rest would be cut anyway; comparing them cost O(n²) overlap checks
        profile = getattr(item.article, "profile", None)
        if item.article.pk in exclude or (profile and _same_story_as_any(profile, profiles)):
            continue
        chosen.append(item)
        if profile is not None:
            profiles.append(profile)
    return chosen


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
    room = RELATED_COUNT - len(entries)
    for item in stored_choice(scored, exclude=seen, count=room):
        entries.append((item.article.pk, item.score, item.reason))
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
    vector, names, _ = _features(article)
    copy_print = _fingerprint(article)
    profile = ArticleProfile(
        article_id=article.pk or 0,
        vector=vector,
        entities=names,
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
