"""Sitemaps per site: an index, paged article sitemaps with image entries, a sections sitemap
and a Google News sitemap (last 2 days, at most 1,000 stories), plus robots.txt."""

from __future__ import annotations

from datetime import timedelta
from math import ceil

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import Author
from warta.articles.queries import live_articles
from warta.articles.renditions import HERO_RENDITIONS
from warta.channels.models import ChannelPage
from warta.core.sites import site_for_request

ARTICLES_PER_SITEMAP = 5000
NEWS_WINDOW = timedelta(days=2)
NEWS_LIMIT = 1000
XML = "application/xml; charset=utf-8"


def _site(request: HttpRequest) -> Site:
    site = site_for_request(request)
    if site is None:
        raise Http404("no site")
    return site


def _site_articles(site: Site):
    return live_articles().prefetch_related(None).filter(path__startswith=site.root_page.path)


def sitemap_index(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    articles = _site_articles(site)
    pages = max(1, ceil(articles.count() / ARTICLES_PER_SITEMAP))
    newest = articles.values_list("last_published_at", flat=True).first()
    entries = [{"loc": f"{site.root_url}/sitemap-sections.xml", "lastmod": newest}]
    entries += [
        {"loc": f"{site.root_url}/sitemap-articles-{n}.xml", "lastmod": newest}
        for n in range(1, pages + 1)
    ]
    entries.append({"loc": f"{site.root_url}/sitemap-news.xml", "lastmod": newest})
    return render(request, "feeds/sitemap_index.xml", {"entries": entries}, content_type=XML)


def articles_sitemap(request: HttpRequest, number: int) -> HttpResponse:
    site = _site(request)
    if number < 1:
        raise Http404("sitemap pages start at 1")
    start = (number - 1) * ARTICLES_PER_SITEMAP
    articles = list(
        _site_articles(site)
        .order_by("pk")
        .prefetch_related("hero_image__renditions")[start : start + ARTICLES_PER_SITEMAP]
    )
    if not articles and number > 1:
        raise Http404("no such sitemap page")
    urls = [
        {
            "loc": a.get_canonical_url(),
            "lastmod": a.last_published_at,
            "image": _image(a, site),
        }
        for a in articles
    ]
    return render(request, "feeds/sitemap.xml", {"urls": urls}, content_type=XML)


def _image(article, site: Site) -> dict | None:
    if article.hero_image is None:
        return None
    url = article.hero_image.get_rendition(HERO_RENDITIONS[-1]).url
    return {"loc": url if url.startswith("http") else site.root_url + url}


def sections_sitemap(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    urls = [{"loc": site.root_url + "/", "lastmod": None}]
    for channel in ChannelPage.objects.live().descendant_of(site.root_page).order_by("path"):
        urls.append({"loc": channel.get_full_url(request), "lastmod": channel.last_published_at})
    author_ids = _site_articles(site).values("bylines__author")
    for author in Author.objects.filter(pk__in=author_ids).order_by("slug"):
        urls.append({"loc": site.root_url + author.get_absolute_url(), "lastmod": None})
    return render(request, "feeds/sitemap.xml", {"urls": urls}, content_type=XML)


def news_sitemap(request: HttpRequest) -> HttpResponse:
    """Google News: stories first published in the last two days, newest first, at most 1,000."""
    site = _site(request)
    since = timezone.now() - NEWS_WINDOW
    articles = _site_articles(site).filter(first_published_at__gte=since)[:NEWS_LIMIT]
    urls = [
        {
            "loc": a.get_canonical_url(),
            "published": a.first_published_at,
            "title": a.title,
            "keywords": "",
        }
        for a in articles
    ]
    return render(
        request,
        "feeds/sitemap_news.xml",
        {"urls": urls, "publication": site.site_name},
        content_type=XML,
    )


def robots_txt(request: HttpRequest) -> HttpResponse:
    site = _site(request)
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /akun/",
        "Disallow: /cari/",
        "Disallow: /documents/",
        "",
        f"Sitemap: {site.root_url}/sitemap.xml",
        f"Sitemap: {site.root_url}/sitemap-news.xml",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
