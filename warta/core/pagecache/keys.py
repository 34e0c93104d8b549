"""The names of surrogate keys: what a cached page or part depends on, built in one place.

A page carries a key for each thing it shows; purging a key makes every page and part that
carries it stale at once (warta.core.pagecache). Which keys a story's publish purges is
`warta.articles.purging.story_purge_keys`; the pages declare theirs in their queries.

- `article:<id>`: one story, on every page that shows it (its own page, each card, Terpopuler,
  Network Updates and ticker item);
- the lists a page shows: `latest:<site>`, `section:<page>`, `channel:<site>:<slug>`,
  `tag:<site>:<slug>`, `author-stories:<site>:<author>`, `network-updates`;
- `author:<id>`: a byline's name, photo and bio;
- `live:<id>`: a live story's posts: its own page and its updates address (not the cards
  that list it, which a new post does not change);
- `site:<id>`: the frame of a site's pages (navigation, settings, ticker membership);
- `stories:<site>`: pages that declare no lists (feeds, sitemaps, API), which any story change
  on that site makes stale;
- `sitemap:<site>:<block>`: one article sitemap page;
- `indeks:<site>:<YYYY-MM-DD>[:<channel>]`: the site's Indeks for one day (in the site's time
  zone), and for one channel that day;
- `trending:<site>`: the site's "Sedang tren" strip (home and channel pages);
- `trust:<kind>`: the trust pages of one kind (/redaksi/ …) on every site, which may show the
  network's default;
- network-wide: `network-sites` (the regions directory), `network-feed`, `api`, and
  `any-story` (purged by every story change anywhere: pages that show a little of every
  site, such as the regions directory, carry it instead of a key per story)."""

from __future__ import annotations

NETWORK_UPDATES = "network-updates"
NETWORK_SITES = "network-sites"
NETWORK_FEED = "network-feed"
ANY_STORY = "any-story"
API = "api"


def article(pk: int) -> str:
    return f"article:{pk}"


def live(pk: int) -> str:
    return f"live:{pk}"


def author(pk: int) -> str:
    return f"author:{pk}"


def site(pk: int) -> str:
    return f"site:{pk}"


def stories(site_pk: int | str) -> str:
    return f"stories:{site_pk}"


def section(page_pk: int) -> str:
    return f"section:{page_pk}"


def latest(site_pk: int) -> str:
    return f"latest:{site_pk}"


def channel(site_pk: int, slug: str) -> str:
    return f"channel:{site_pk}:{slug}"


def tag(site_pk: int, slug: str) -> str:
    return f"tag:{site_pk}:{slug}"


def author_stories(site_pk: int, author_pk: int) -> str:
    return f"author-stories:{site_pk}:{author_pk}"


def sitemap(site_pk: int, block: int) -> str:
    return f"sitemap:{site_pk}:{block}"


def indeks(site_pk: int, day: str, channel_slug: str = "") -> str:
    """The Indeks of a site for one day (`day` as YYYY-MM-DD in the site's time zone), or of
    one of its channels that day."""
    return f"indeks:{site_pk}:{day}:{channel_slug}" if channel_slug else f"indeks:{site_pk}:{day}"


def trust(kind: str) -> str:
    return f"trust:{kind}"


def site_of_latest(key: str) -> str | None:
    """The site id in a `latest:<site>` key, None for any other key."""
    prefix, _, rest = key.partition(":")
    return rest if prefix == "latest" else None


def trending(site_pk: int) -> str:
    """The "Sedang tren" strip of a site (warta.analytics.trending)."""
    return f"trending:{site_pk}"
