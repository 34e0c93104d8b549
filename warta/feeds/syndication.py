"""RSS 2.0 and Atom through Django's syndication framework, plus JSON Feed 1.1."""

from __future__ import annotations

import json

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed

from warta.articles.models import ArticlePage
from warta.articles.renditions import FEED_RENDITION
from warta.core.pagecache import add_cache_keys, keys
from warta.core.sites.lookup import site_for_request, site_settings_for
from warta.feeds import live, queries


def article_guid(article: ArticlePage) -> str:
    # translation_key is a UUID fixed at creation: it survives slug and channel changes.
    return f"urn:uuid:{article.translation_key}"


class ArticleFeed(Feed):
    """One class for every subject; `kind` picks the subject, `feed_type` the format."""

    feed_type = Rss201rev2Feed
    language = "id"

    def __init__(self, kind: str, feed_type=Rss201rev2Feed) -> None:
        super().__init__()
        self.kind = kind
        self.feed_type = feed_type

    def get_object(self, request: HttpRequest, *args, **kwargs):
        site = site_for_request(request)
        if site is None:
            raise Http404("no site")
        self.base = site.root_url
        self.feed_path = request.path
        self.request = request
        self.zone = site_settings_for(site).time_zone or "Asia/Jakarta"
        self.live: dict[int, live.LiveEntry] = {}
        if self.kind == "network":
            add_cache_keys(request, keys.NETWORK_FEED)
        subject = {
            "site": lambda: queries.site_subject(site),
            "network": lambda: queries.network_subject(site),
            "channel": lambda: queries.channel_subject(site, kwargs["path"]),
            "tag": lambda: queries.tag_subject(site, kwargs["slug"]),
            "author": lambda: queries.author_subject(site, kwargs["slug"]),
        }[self.kind]()
        return subject

    def title(self, subject) -> str:
        return subject.title

    def description(self, subject) -> str:
        return subject.description

    subtitle = description

    def link(self, subject) -> str:
        return self.base + subject.link

    def feed_url(self, subject) -> str:
        return self.base + self.feed_path

    def items(self, subject):
        items = list(queries.for_feed(subject.articles))
        self.live = live.live_entries(self.request, items)
        return items

    def item_title(self, item: ArticlePage) -> str:
        return item.title

    def item_description(self, item: ArticlePage) -> str:
        entry = self.live.get(item.pk)
        if entry is not None:  # a live story: its summary and latest posts with their times
            return live.content_html(item.summary, entry, self.zone)
        return item.summary or item.title

    def item_link(self, item: ArticlePage) -> str:
        return item.get_full_url()

    def item_guid(self, item: ArticlePage) -> str:
        return article_guid(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: ArticlePage):
        return item.first_published_at

    def item_updateddate(self, item: ArticlePage):
        published = item.last_published_at or item.first_published_at
        entry = self.live.get(item.pk)
        last_post = entry.updated if entry is not None else None
        return max(published, last_post) if last_post else published

    def item_author_name(self, item: ArticlePage) -> str | None:
        names = [b.author.name for b in item.bylines.all()]
        return ", ".join(names) or None

    def item_categories(self, item: ArticlePage) -> list[str]:
        names = [item.channel.title] if item.channel else []
        return names + [t.tag.name for t in item.tagged_items.all()]

    def item_enclosures(self, item: ArticlePage) -> list[Enclosure]:
        if item.hero_image is None:
            return []
        rendition = item.hero_image.get_rendition(FEED_RENDITION)
        url = rendition.url if rendition.url.startswith("http") else self.base + rendition.url
        try:
            length = str(rendition.file.size)
        except OSError:
            length = "0"
        return [Enclosure(url, length, "image/jpeg")]


def json_feed(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 of the site's newest stories."""
    site = site_for_request(request)
    if site is None:
        raise Http404("no site")
    feed = ArticleFeed("site")
    subject = feed.get_object(request)
    items = []
    for item in feed.items(subject):
        enclosures = feed.item_enclosures(item)
        live_entry = feed.live.get(item.pk)
        entry = {
            "id": article_guid(item),
            "url": item.get_full_url(),
            "title": item.title,
            "summary": item.summary or item.title,
            "content_text": item.summary or item.title,
            "date_published": item.first_published_at.isoformat(),
            "date_modified": feed.item_updateddate(item).isoformat(),
            "authors": [{"name": b.author.name} for b in item.bylines.all()],
            "tags": feed.item_categories(item),
            "language": "id",
        }
        if live_entry is not None:
            entry["content_html"] = live.content_html(item.summary, live_entry, feed.zone)
            entry["content_text"] = live.content_text(item.summary, live_entry, feed.zone)
        if enclosures:
            entry["image"] = enclosures[0].url
        items.append(entry)
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": subject.title,
        "home_page_url": site.root_url + "/",
        "feed_url": site.root_url + request.path,
        "description": subject.description,
        "language": "id",
        "items": items,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/feed+json; charset=utf-8"
    )


def feed_view(kind: str, feed_type=Rss201rev2Feed):
    """A view that builds a fresh feed per request: the feed keeps per-request state (the
    site's base URL), which a shared instance would leak between threads."""

    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        return ArticleFeed(kind, feed_type)(request, **kwargs)

    return view


RSS, ATOM = Rss201rev2Feed, Atom1Feed
