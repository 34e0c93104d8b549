"""Which cached pages a story change makes stale (key names: warta.core.pagecache.keys).

Editing a story purges the pages that show it (`article:<id>`, registered by every card and
list item) and the pages that list nothing explicitly (`stories:<site>`: feeds, sitemaps,
API). Lists are purged only when the story enters or leaves them, or moves inside them: the
lists a story was in at its last publish are remembered, and a change compares the two.
The receivers that call this on publish, unpublish and move are in warta.articles.receivers."""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage
from warta.articles.queries import circulation_targets
from warta.core.indonesia import dates
from warta.core.pagecache import keys
from warta.core.sites.lookup import site_holding

MEMBERSHIP_PREFIX = "warta:story-lists:v1:"


def story_sites(article: ArticlePage) -> list[Site]:
    """The story's own site, then every site it circulates to."""
    own = site_holding(article.path)
    return ([own] if own is not None else []) + circulation_targets(article)


def story_list_keys(article: ArticlePage, sites: list[Site] | None = None) -> set[str]:
    """The lists a story is in while it is published, on every site that shows it."""
    sites = story_sites(article) if sites is None else sites
    if not sites:
        return set()
    own, targets = sites[0], sites[1:]
    step = Page.steplen
    ancestor_paths = [article.path[:i] for i in range(step, len(article.path), step)]
    sections = list(Page.objects.filter(path__in=ancestor_paths).values_list("pk", "path", "slug"))
    tag_slugs = [tag.slug for tag in article.tags.all()]
    author_ids = list(article.bylines.values_list("author_id", flat=True))
    found = {keys.section(pk) for pk, _, _ in sections}
    top_path = article.path[: len(own.root_page.path) + step]
    own_channel = next((slug for _, path, slug in sections if path == top_path), "")
    parent_slug = next((slug for _, path, slug in sections if path == article.path[:-step]), "")
    for site in sites:
        found.add(keys.latest(site.pk))
        found.update(keys.tag(site.pk, slug) for slug in tag_slugs)
        found.update(keys.author_stories(site.pk, pk) for pk in author_ids)
        if article.first_published_at is not None:
            # The Indeks of its day, and of its channel that day, on every site listing it.
            zone = getattr(getattr(site, "warta_settings", None), "time_zone", "Asia/Jakarta")
            day = dates.localise(article.first_published_at, zone).date().isoformat()
            # As articles.listing files it: its top channel at home, its channel elsewhere.
            channel_slug = own_channel if site == own else parent_slug
            found.add(keys.indeks(site.pk, day))
            if channel_slug:
                found.add(keys.indeks(site.pk, day, channel_slug))
    if article.channel_id:
        found.update(keys.channel(site.pk, article.channel.slug) for site in targets)
    if not own.is_default_site:
        found.add(keys.NETWORK_UPDATES)  # regional stories appear on every site
    if article.breaking_until and article.breaking_until > timezone.now():
        found.add(keys.site(own.pk))  # the ticker on every page of its site
    return found


def story_purge_keys(article: ArticlePage) -> set[str]:
    """Every key a publish, edit, unpublish or correction of this story must purge."""
    sites = story_sites(article)
    lists = story_list_keys(article, sites)
    # Lists sort by first publication; revisions keep it to the millisecond, so compare seconds.
    published = article.first_published_at
    order = str(int(published.timestamp())) if published else ""
    snapshot_key = f"{MEMBERSHIP_PREFIX}{article.pk}"
    before = cache.get(snapshot_key)
    if article.live:
        cache.set(snapshot_key, {"lists": lists, "order": order}, None)
    else:
        cache.delete(snapshot_key)
    if before is None or before["order"] != order or not article.live:
        changed = lists | (before["lists"] if before else set())
    else:
        changed = lists ^ before["lists"]
    always = {keys.article(article.pk), keys.API, keys.NETWORK_FEED, keys.ANY_STORY}
    always.update(keys.stories(site.pk) for site in sites)
    if before:  # the sites it was listed on at its last publish
        for key in before["lists"]:
            site_pk = keys.site_of_latest(key)
            if site_pk is not None:
                always.add(keys.stories(site_pk))
    return always | changed
