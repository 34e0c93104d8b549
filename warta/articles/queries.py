"""Reads for article pages and lists. Every list comes with its joins and prefetches applied,
so templates never set off one query per card."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Page, Site

from warta.articles import seo
from warta.articles.baca_juga import BacaJugaLinks
from warta.articles.comments import archived_comments
from warta.articles.models import (
    BACA_JUGA_MAX_PINS,
    ArticleAuthor,
    ArticleCorrection,
    ArticlePage,
    ArticlePageTag,
    Author,
    Listing,
    RelatedArticle,
)
from warta.core.pagecache import declare_lists, depends_on, keys
from warta.core.pagecache.fragments import cached_part
from warta.core.request import WartaRequest
from warta.core.sites.lookup import all_sites, regional_sites, site_for_request, site_holding


def suspended_roots() -> list[str]:
    return [s.root_page.path for s in all_sites() if getattr(s, "suspended", False)]


def without_suspended(qs: QuerySet, field: str = "path") -> QuerySet:
    """Stories of a suspended site leave every list (they are kept, just not shown)."""
    for root in suspended_roots():
        qs = qs.exclude(**{f"{field}__startswith": root})
    return qs


def circulated_to(site: Site) -> Q:
    """Stories of other sites shown in `site`'s lists: chosen by an editor ("sebarkan ke
    situs"), or, for the national site, by a regional site's rule (its channels that always
    circulate). They keep their one URL at the origin: lists link there, nothing is copied."""
    through = ArticlePage.circulate_to.through
    match = Q(pk__in=through.objects.filter(site_id=site.pk).values("articlepage_id"))
    if site.is_default_site:
        match |= circulated_by_rule(regional_sites())
    return match


def circulated_by_rule(origins: list[Site]) -> Q:
    """Stories in the channels these regional sites always circulate to the national site."""
    channels = Q(pk__in=[])
    for origin in origins:
        slugs = origin.warta_settings.circulating_channel_slugs
        if slugs:
            channels |= Q(path__startswith=origin.root_page.path, slug__in=slugs)
    if channels == Q(pk__in=[]):
        return channels
    # A subquery on the channel rather than a join on its slug.
    channel_model = ArticlePage._meta.get_field("channel").related_model  # channels.ChannelPage
    return Q(channel_id__in=channel_model.objects.filter(channels).values("pk"))


def circulation_targets(article: ArticlePage) -> list[Site]:
    """Every site other than its own whose lists show the story (for cache purges)."""
    sites = all_sites()
    own = site_holding(article.path)
    chosen = set(article.circulate_to.values_list("pk", flat=True)) if article.pk else set()
    targets = [s for s in sites if s.pk in chosen and s != own]
    if own is not None and not own.is_default_site:
        settings = getattr(own, "warta_settings", None)
        channel_slug = article.channel.slug if article.channel_id else ""
        if settings and channel_slug in settings.circulating_channel_slugs:
            targets += [s for s in sites if s.is_default_site and s not in targets]
    return targets


def live_articles() -> QuerySet[ArticlePage]:
    """Published articles, newest first, ready for cards (channel, hero image, bylines)."""
    return (
        without_suspended(ArticlePage.objects.live())
        .select_related("channel", "hero_image")
        .prefetch_related(
            Prefetch(
                "bylines",
                queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
            )
        )
        .order_by("-first_published_at", "-pk")
    )


def articles_in_site(site: Site) -> QuerySet[ArticlePage]:
    """The site's own stories and those circulated to it, newest first: one range of the
    listing index (see Listing), whatever the size of the network."""
    return listed(site)


def articles_in_channel(site: Site, slug: str) -> QuerySet[ArticlePage]:
    """A top-level channel's list: its own stories and those circulated to the site from a
    channel of the same name."""
    return listed(site, listings__channel_slug=slug)


def listed(site: Site, **filters) -> QuerySet[ArticlePage]:
    # Filter and order name the same listing row (one join), so the database walks the
    # (site, newest) index and stops after a page of rows.
    return (
        live_articles()
        .filter(listings__site=site, **filters)
        .order_by("-listings__published_at", "-listings__article")
    )


def articles_in_section(section: Page) -> QuerySet[ArticlePage]:
    return live_articles().filter(path__startswith=section.path).exclude(pk=section.pk)


def latest_articles(site: Site, *, exclude: ArticlePage | None = None, limit: int = 5) -> list:
    """ "Berita Terkini": the newest stories of the site (kept until one is published,
    unpublished or edited)."""

    def newest() -> list:
        stories = list(articles_in_site(site).prefetch_related(None)[: limit + 1])
        _shown(stories)
        return stories

    stories = cached_part("latest", [site.pk, limit], [keys.latest(site.pk)], newest)
    return [s for s in stories if exclude is None or s.pk != exclude.pk][:limit]


def _shown(stories) -> None:
    """A cached list depends on each story it holds (headline, photo, channel)."""
    depends_on(*(keys.article(story.pk) for story in stories))


def stored_related(article: ArticlePage, *, limit: int = 4) -> list[ArticlePage]:
    """The ranked list discovery stored at publish time, each story with its `related_reason`;
    one query plus the card renditions."""
    entries = (
        without_suspended(
            RelatedArticle.objects.filter(source=article, target__live=True), "target__path"
        )
        .select_related("target__channel", "target__hero_image")
        .prefetch_related("target__hero_image__renditions")
        .order_by("rank")[:limit]
    )
    stories = []
    for entry in entries:
        entry.target.related_reason = entry.reason
        stories.append(entry.target)
    return stories


def related_articles(
    article: ArticlePage, *, tag_ids: list[int] | None = None, limit: int = 4
) -> list[ArticlePage]:
    """ "Artikel Terkait": the stored content-based list (empty when discovery found no story
    sharing something specific); until it is computed (a story just published), stories
    sharing a tag or the channel, most shared tags first, then newest.
    Kept until the story, a listed story or (for the interim list) the site's newest change."""

    def compute() -> list[ArticlePage]:
        stories = _related_articles(article, tag_ids=tag_ids, limit=limit)
        _shown(stories)
        return stories

    return cached_part("related", [article.pk, limit], [keys.article(article.pk)], compute)


def _related_articles(
    article: ArticlePage, *, tag_ids: list[int] | None, limit: int
) -> list[ArticlePage]:
    stored = stored_related(article, limit=limit)
    if stored:
        return stored
    if ArticlePage.objects.filter(pk=article.pk, profile__isnull=False).exists():
        # Discovery has read the story and found nothing it shares something specific with:
        # no list rather than the channel's newest (the false friends the issue names).
        return []
    site = site_holding(article.path)
    if site is not None:
        depends_on(keys.latest(site.pk))  # the interim list follows new stories of the site
    if tag_ids is None:
        tag_ids = [tag.pk for tag in article.tags.all()]
    if not article.channel_id and not tag_ids:
        return []
    # Ranked among the newest stories of the channel and of the topics only (newest by id,
    # which both follow with an index), so the interim list costs the same with a million
    # stories as with a hundred.
    pool: list[int] = []
    if article.channel_id:
        pool += list(
            ArticlePage.objects.filter(channel_id=article.channel_id)
            .order_by("-pk")
            .values_list("pk", flat=True)[:INTERIM_POOL]
        )
    if tag_ids:
        pool += list(
            ArticlePageTag.objects.filter(tag_id__in=tag_ids)
            .order_by("-content_object_id")
            .values_list("content_object_id", flat=True)[:INTERIM_POOL]
        )
    pool = [pk for pk in pool if pk != article.pk]
    qs = (
        live_articles()
        .prefetch_related(None)
        .prefetch_related("hero_image__renditions")
        .filter(pk__in=pool)
        .annotate(shared_tags=Count("tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)))
        .order_by("-shared_tags", "-first_published_at")
    )
    return list(qs[:limit])


INTERIM_POOL = 300


def baca_juga_links(article: ArticlePage, *, tag_ids: list[int] | None = None) -> BacaJugaLinks:
    """The stories a story's 'Baca juga' boxes link to (warta.articles.baca_juga): the editor's
    published picks, else the related list (the same cached list as "Artikel Terkait"); never
    the story itself. The picks cost one query when there are any (none otherwise); kept until
    the story or a linked one changes (each linked story's headline is on the page)."""
    if not article.baca_juga_enabled:
        return BacaJugaLinks()

    def picks() -> list[ArticlePage]:
        roots = tuple(suspended_roots())
        stories = [
            story
            for story in (block.value for block in article.baca_juga_picks)
            if story is not None
            and story.live
            and story.pk != article.pk
            and not story.path.startswith(roots)
        ][:BACA_JUGA_MAX_PINS]
        _shown(stories)
        return stories

    chosen = cached_part("baca-juga-picks", [article.pk], [keys.article(article.pk)], picks)
    automatic = [] if chosen else related_articles(article, tag_ids=tag_ids)
    return BacaJugaLinks(
        picks=chosen,
        automatic=[story for story in automatic if story.pk != article.pk],
        paragraph=article.baca_juga_paragraph,
    )


def updated_at(article: ArticlePage, *, has_corrections: bool):
    """The "Diperbarui" time: shown after a correction, or an edit a minute or more later."""
    first, last = article.first_published_at, article.last_published_at
    if not first or not last:
        return None
    if has_corrections or (last - first).total_seconds() >= 60:
        return last
    return None


def bylines(article: ArticlePage) -> list[Author]:
    return [
        byline.author
        for byline in article.bylines.select_related("author", "author__photo").order_by(
            "sort_order"
        )
    ]


def article_facts(article: ArticlePage) -> tuple[list, list, list]:
    """Tags, corrections and bylines of a story: read once, kept until the story or one of
    its authors changes."""

    def read() -> tuple[list, list, list]:
        authors = bylines(article)
        depends_on(*(keys.author(author.pk) for author in authors))  # photo, bio
        corrections = list(article.corrections.order_by("noted_at"))
        for note in corrections:  # kept without the story it belongs to
            note._state.fields_cache.pop("page", None)
        return list(article.tags.all()), corrections, authors

    return cached_part("article-facts", [article.pk], [keys.article(article.pk)], read)


def article_page_context(article: ArticlePage, request: HttpRequest) -> dict:
    """Everything the story page shows. The lists and blocks are computed only when the
    template needs them: the page's main part and sidebar are kept as rendered fragments
    (warta.core.pagecache.fragments) and a warm page costs a few cache reads and the page lookup."""
    site = site_for_request(request) or article.get_site()
    tags, corrections, authors = article_facts(article)
    cast(WartaRequest, request).warta_story_id = article.pk
    story_keys = [keys.article(article.pk), keys.site(site.pk)]
    sidebar_keys = [keys.latest(site.pk), keys.NETWORK_UPDATES, keys.site(site.pk)]
    declare_lists(request, *story_keys, *sidebar_keys)
    updated = updated_at(article, has_corrections=bool(corrections))

    def head() -> dict:
        return article_head(
            article,
            request,
            site=site,
            tags=tags,
            authors=authors,
            corrections=corrections,
            updated=updated,
        )

    vary = [article.pk, site.pk, request.get_host(), request.path]
    return {
        "authors": authors,
        "corrections": corrections,
        "updated_at": updated,
        **cached_part("article-head", vary, story_keys, head),
        "article_tags": tags,
        "related_articles": lambda: related_articles(article, tag_ids=[t.pk for t in tags]),
        "baca_juga": lambda: baca_juga_links(article, tag_ids=[t.pk for t in tags]),
        "latest_articles": lambda: latest_articles(site, exclude=article),
        # Comments a migrated story brought from its old site: read inside the cached main
        # part, and only where the routed row says there are some (a re-import that changes
        # them saves the story, which purges the page and its route).
        "archived_comments": lambda: archived_comments(article),
        "network_updates": lambda: network_updates(site),
        "active_channel_slug": top_channel_slug(article),
        "cited_sources": [s.strip() for s in article.cited_sources.split(",") if s.strip()],
        "fragment_keys": story_keys,
        "sidebar_keys": sidebar_keys,
    }


def article_head(article, request, *, site, tags, authors, corrections, updated) -> dict:
    """Canonical URL, sharing tags and structured data of a story page."""
    site_name = site.site_name or "Warta"
    base = site.root_url
    news = seo.news_article(
        article,
        base=base,
        request=request,
        authors=authors,
        tags=tags,
        corrections=corrections,
        site_name=site_name,
        updated_at=updated,
    )
    crumbs = seo.breadcrumbs(article, request=request, base=base, site_name=site_name)
    return {
        "json_ld": [seo.as_json_ld(news), seo.as_json_ld(crumbs)],
        "sharing_tags": seo.sharing_tags(
            article, request=request, base=base, tags=tags, site_name=site_name, updated_at=updated
        ),
        "canonical_url": article.get_canonical_url(request),
    }


def _byline_ids(author: Author) -> QuerySet:
    # A subquery rather than a join, so no DISTINCT is needed to avoid duplicate rows.
    return ArticleAuthor.objects.filter(author=author).values("page_id")


def _tagged_ids(tag) -> QuerySet:
    return ArticlePageTag.objects.filter(tag=tag).values("content_object_id")


def articles_by_author(author: Author, site: Site) -> QuerySet[ArticlePage]:
    """An author's stories on this site, newest first (bylines only, not edits)."""
    return (
        articles_in_site(site)
        .filter(pk__in=_byline_ids(author))
        .prefetch_related("hero_image__renditions")
    )


def articles_with_tag(tag, site: Site) -> QuerySet[ArticlePage]:
    return (
        articles_in_site(site)
        .filter(pk__in=_tagged_ids(tag))
        .prefetch_related("hero_image__renditions")
    )


# The same lists as listing rows alone: what their page counts read. Counting through the story
# tables joins two more tables per row (0.34 s against 0.03 s for a topic at a million).
def listings_by_author(author: Author, site: Site) -> QuerySet[Listing]:
    return Listing.objects.filter(site=site, article_id__in=_byline_ids(author))


def listings_with_tag(tag, site: Site) -> QuerySet[Listing]:
    return Listing.objects.filter(site=site, article_id__in=_tagged_ids(tag))


def stories_on_day(
    site: Site, start, end, *, channel_slug: str = "", origin: Site | None = None
) -> tuple[QuerySet[ArticlePage], QuerySet[Listing]]:
    """The Indeks: the site's listed stories first published in [start, end), newest first,
    optionally of one top-level channel or from one regional site; with the listing rows that
    count them (one index range either way)."""
    filters: dict = {"published_at__gte": start, "published_at__lt": end}
    if channel_slug:
        filters["channel_slug"] = channel_slug
    if origin is not None:
        filters["origin"] = origin
    stories = listed(site, **{f"listings__{name}": value for name, value in filters.items()})
    return stories, Listing.objects.filter(site=site, **filters)


def corrections_in_site(site: Site):
    """Every correction and update on the site's published stories, newest first."""
    return (
        ArticleCorrection.objects.filter(
            page__live=True, page__path__startswith=site.root_page.path
        )
        .select_related("page")
        .order_by("-noted_at", "-pk")
    )


def top_channel_slug(page: Page) -> str | None:
    """The top-level channel a page sits in, read from its url_path without a query."""
    parts = page.url_path.strip("/").split("/")
    return parts[1] if len(parts) > 1 else None


# --- Network Updates ------------------------------------------------------------------------
# The block on every home, channel and story page: the newest stories the regional sites
# circulate, from regions other than the one being read.

NETWORK_UPDATES_LIMIT = 4
NETWORK_UPDATES_TTL = 60
NETWORK_UPDATES_MAX_ROWS = 240  # circulated rows read at most (a story has one per site it reaches)
NETWORK_UPDATES_PREFIX = "warta:network-updates:v2:"


@dataclass
class NetworkUpdates:
    region_count: int
    articles: list = field(default_factory=list)


def network_updates(site: Site) -> NetworkUpdates:
    """Newest stories circulated from the regional sites other than `site` (to any site, by an
    editor or by a site's rule), with the count of active regions. Cached briefly per site:
    it is the same for every page of a site; any publish or unpublish forgets it."""
    key = f"{NETWORK_UPDATES_PREFIX}{site.pk}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    limit = NETWORK_UPDATES_LIMIT
    regions = regional_sites()
    others = [s for s in regions if s.pk != site.pk]
    articles: list = []
    if others:
        # Circulated rows (own=False) newest first, by index; a story circulated to several
        # sites has a row for each, so more rows are read than shown.
        newest = (
            live_articles()
            .prefetch_related(None)
            .filter(listings__own=False, listings__origin__in=others)
            .order_by("-listings__published_at", "-listings__article")
        )
        # Read a few rows at a time (not a slice as long as the network: with 500 regions
        # that was thousands of stories read to show four), until enough distinct ones.
        seen: set[str] = set()
        batch = limit * 3
        for start in range(0, NETWORK_UPDATES_MAX_ROWS, batch):
            rows = list(newest[start : start + batch])
            for story in rows:
                headline = story.title.strip().lower()
                if headline not in seen:  # one story circulated twice, or two desks filing
                    seen.add(headline)  # the same headline: shown once
                    articles.append(story)
                if len(articles) == limit:
                    break
            if len(articles) == limit or len(rows) < batch:
                break
    result = NetworkUpdates(region_count=len(regions), articles=articles)
    cache.set(key, result, NETWORK_UPDATES_TTL)
    return result


def forget_network_updates() -> None:
    cache.delete_many([f"{NETWORK_UPDATES_PREFIX}{site.pk}" for site in all_sites()])
