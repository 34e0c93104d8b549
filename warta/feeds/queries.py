"""Which stories a feed or sitemap lists. Only live stories: drafts, scheduled and embargoed
stories are not live, so they can never appear here."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from taggit.models import Tag
from wagtail.models import Site

from warta.articles.models import ArticleAuthor, ArticlePageTag, Author
from warta.articles.queries import live_articles
from warta.channels.models import ChannelPage

FEED_SIZE = 50


@dataclass
class FeedSubject:
    title: str
    description: str
    link: str  # path on the site
    articles: QuerySet


def for_feed(queryset: QuerySet) -> QuerySet:
    return queryset.prefetch_related(None).prefetch_related(
        Prefetch(
            "bylines",
            queryset=ArticleAuthor.objects.select_related("author").order_by("sort_order"),
        ),
        Prefetch("tagged_items", queryset=ArticlePageTag.objects.select_related("tag")),
        "hero_image__renditions",
    )[:FEED_SIZE]


def site_subject(site: Site) -> FeedSubject:
    return FeedSubject(
        title=site.site_name,
        description=f"Berita terbaru {site.site_name}",
        link="/",
        articles=live_articles().filter(path__startswith=site.root_page.path),
    )


def network_subject(site: Site) -> FeedSubject:
    return FeedSubject(
        title=f"{site.site_name}: seluruh jaringan",
        description="Berita terbaru dari semua situs jaringan",
        link="/",
        articles=live_articles(),
    )


def channel_subject(site: Site, channel_path: str) -> FeedSubject:
    url_path = site.root_page.url_path + channel_path.strip("/") + "/"
    channel = ChannelPage.objects.live().filter(url_path=url_path).first()
    if channel is None:
        raise Http404("no such channel")
    return FeedSubject(
        title=f"{channel.title} - {site.site_name}",
        description=channel.intro or f"Berita {channel.title} terbaru",
        link="/" + channel_path.strip("/") + "/",
        articles=live_articles().filter(path__startswith=channel.path).exclude(pk=channel.pk),
    )


def tag_subject(site: Site, slug: str) -> FeedSubject:
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        raise Http404("no such topic")
    ids = ArticlePageTag.objects.filter(tag=tag).values("content_object_id")
    return FeedSubject(
        title=f"Topik {tag.name} - {site.site_name}",
        description=f"Berita tentang {tag.name}",
        link=f"/tag/{tag.slug}/",
        articles=live_articles().filter(path__startswith=site.root_page.path, pk__in=ids),
    )


def author_subject(site: Site, slug: str) -> FeedSubject:
    author = Author.objects.filter(slug=slug).first()
    if author is None:
        raise Http404("no such author")
    ids = ArticleAuthor.objects.filter(author=author).values("page_id")
    return FeedSubject(
        title=f"{author.name} - {site.site_name}",
        description=author.bio or f"Berita oleh {author.name}",
        link=author.get_absolute_url(),
        articles=live_articles().filter(path__startswith=site.root_page.path, pk__in=ids),
    )
