"""Keeping `Listing` rows true: which sites' lists show each published story.

A story is listed on every site whose root holds it (its own) and on every site it circulates
to: chosen by an editor (`circulate_to`), or, for the national site, by the regional site's
rule (its channels that always circulate). `relist` rewrites the rows of given stories from
their current state in the database, in batches, so the same code serves one story's save, a
moved channel with thousands of stories, a changed circulation rule and the data migration.

Who calls it: ArticlePage.save (publish, unpublish, any full save), the page-move receiver,
the site-settings receiver (circulation rules), `warta relist` (repairs after bulk imports)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.db import transaction
from wagtail.models import Page as TreePage

from warta.articles.models import ArticlePage
from warta.core.sites.lookup import all_sites

BATCH = 2000


@dataclass(frozen=True)
class SiteRoot:
    pk: int
    path: str
    is_default: bool
    circulating_slugs: frozenset[str]


def slugs(text: str) -> frozenset[str]:
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def default_rule(apps=django_apps) -> frozenset[str]:
    """What a site without saved settings circulates: the settings field's default."""
    SiteSettings = apps.get_model("core", "SiteSettings")
    return slugs(SiteSettings._meta.get_field("circulate_channels").get_default())


def site_roots(apps=django_apps) -> list[SiteRoot]:
    Site = apps.get_model("wagtailcore", "Site")
    SiteSettings = apps.get_model("core", "SiteSettings")
    rules = {
        settings.site_id: slugs(settings.circulate_channels)
        for settings in SiteSettings.objects.all()
    }
    default = default_rule(apps)
    # Plain values: building 500 sites' root pages as models cost 0.2 s on every publish.
    return [
        SiteRoot(pk, path, is_default, rules.get(pk, default))
        for pk, path, is_default in Site.objects.order_by("pk").values_list(
            "pk", "root_page__path", "is_default_site"
        )
    ]


# The held site list (warta.core.sites.lookup) and the roots built from it, rebuilt only when
# that list is read again; one pair, replaced whole (threads of a worker read it).
_held_roots: dict[str, tuple[Any, list[SiteRoot]]] = {"pair": (None, [])}


def held_site_roots() -> list[SiteRoot]:
    """`site_roots()` from the site list each process holds (warta.core.sites.lookup), its
    shared version read now: no query while no site changed. Reading the 500 sites and their
    settings on every publish cost 10-30 ms before the purge (docs/scale/sites.md)."""
    sites = all_sites(recheck=True)
    held, roots = _held_roots["pair"]
    if held is not sites:
        # Sites without saved settings carry unsaved defaults: the default rule.
        roots = [
            SiteRoot(
                site.pk,
                site.root_page.path,
                site.is_default_site,
                slugs(site.warta_settings.circulate_channels),
            )
            for site in sites
        ]
        _held_roots["pair"] = (sites, roots)
    return roots


def listing_rows(
    story: dict, slugs_by_path: dict[str, str], chosen: set[int], sites: list[SiteRoot]
):
    """(site pk, channel slug, own, origin site pk) for each site listing `story` (a dict of
    its page fields); `slugs_by_path` holds the slugs of its parent and of its top-level
    channel on each site."""
    if not story["live"] or story["first_published_at"] is None:
        return []
    path, step = story["path"], TreePage.steplen
    parent_slug = slugs_by_path.get(path[:-step], "")
    rows: dict[int, tuple[int, str, bool, int | None]] = {}
    for site in sites:
        if path.startswith(site.path) and path != site.path:
            # Directly under the root (not a channel) it is in no channel list.
            inside = len(path) > len(site.path) + step
            top = slugs_by_path.get(path[: len(site.path) + step], "") if inside else ""
            rows[site.pk] = (site.pk, top, True, site.pk)
    owners = [site for site in sites if site.pk in rows]
    # The innermost root holding it, should one site's root lie inside another's.
    origin = max(owners, key=lambda site: len(site.path)).pk if owners else None
    targets = set(chosen)
    if any(not s.is_default and parent_slug in s.circulating_slugs for s in owners):
        targets.update(s.pk for s in sites if s.is_default)
    for pk in sorted(targets):
        if pk not in rows and any(site.pk == pk for site in sites):
            rows[pk] = (pk, parent_slug, False, origin)
    return list(rows.values())


def relist(
    article_ids: Iterable[int] | None = None, *, apps=django_apps, held_sites: bool = False
) -> int:
    """Rewrite the listing rows of these stories (every story when None); returns how many
    rows now exist for them. Rows already true are left alone (no write, no commit).
    `held_sites`: read the sites from the list this process holds (a story's own save, on the
    publish path), not from the database (site changes, migrations)."""
    ArticlePage = apps.get_model("articles", "ArticlePage")
    Listing = apps.get_model("articles", "Listing")
    Page = apps.get_model("wagtailcore", "Page")
    through = ArticlePage._meta.get_field("circulate_to").remote_field.through
    sites = held_site_roots() if held_sites and apps is django_apps else site_roots(apps)
    if article_ids is None:
        ids = list(ArticlePage.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(article_ids))
    steplen = TreePage.steplen
    # Migrations call this with their own (older) models: set only the fields those have.
    attnames = {field.attname for field in Listing._meta.concrete_fields}

    def known(**values):
        return {name: value for name, value in values.items() if name in attnames}

    compared = [
        name
        for name in ("article_id", "site_id", "channel_slug", "own", "origin_id", "published_at")
        if name in attnames
    ]

    written = 0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        stories = list(
            ArticlePage.objects.filter(pk__in=batch).values(
                "pk", "path", "live", "first_published_at"
            )
        )
        # Channels are read from the tree (the stored channel may be older than a move): the
        # parent of each story, and its top-level channel on every site holding it.
        wanted = {s["path"][:-steplen] for s in stories} | {
            s["path"][: len(site.path) + steplen]
            for s in stories
            for site in sites
            if s["path"].startswith(site.path)
        }
        slugs_by_path = dict(Page.objects.filter(path__in=wanted).values_list("path", "slug"))
        chosen: dict[int, set[int]] = {}
        for article_id, site_id in through.objects.filter(articlepage_id__in=batch).values_list(
            "articlepage_id", "site_id"
        ):
            chosen.setdefault(article_id, set()).add(site_id)
        rows = [
            Listing(
                **known(
                    article_id=story["pk"],
                    site_id=site_pk,
                    channel_slug=slug,
                    own=own,
                    origin_id=origin,
                    published_at=story["first_published_at"],
                )
            )
            for story in stories
            for site_pk, slug, own, origin in listing_rows(
                story, slugs_by_path, chosen.get(story["pk"], set()), sites
            )
        ]
        written += len(rows)
        stored = Counter(Listing.objects.filter(article_id__in=batch).values_list(*compared))
        if stored == Counter(tuple(getattr(row, name) for name in compared) for row in rows):
            continue  # e.g. a new headline: the story stays where it was listed
        with transaction.atomic():
            Listing.objects.filter(article_id__in=batch).delete()
            Listing.objects.bulk_create(rows, batch_size=BATCH)
    return written


def relist_under(path: str) -> int:
    """Every story at or below a page (a moved or renamed channel, a site's root)."""
    return relist(ArticlePage.objects.filter(path__startswith=path).values_list("pk", flat=True))
