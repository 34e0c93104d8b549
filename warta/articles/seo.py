"""Structured data (schema.org NewsArticle, BreadcrumbList) and sharing tags for articles,
built as plain data so templates only serialise them and tests can read them back."""

from __future__ import annotations

import json

from django.templatetags.static import static
from django.utils.html import strip_tags

from warta.articles.models import ArticlePage, Author
from warta.articles.renditions import HERO_RENDITIONS
from warta.core.media.licences import LICENCE_URLS
from warta.core.models import WartaImage

LD_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def absolute(base: str, path: str) -> str:
    """An absolute URL on the site's own root (the one canonical URLs use), never the host
    the request happened to arrive on."""
    if path.startswith(("http://", "https://")):
        return path
    return base.rstrip("/") + path


def hero_image_url(article: ArticlePage, base: str) -> str | None:
    if article.hero_image is None:
        return None
    return absolute(base, article.hero_image.get_rendition(HERO_RENDITIONS[-1]).url)


def licensed_image(photo: WartaImage, url: str) -> str | dict:
    """The photo as its URL, or, when its licence is known, as an ImageObject carrying the
    credit and the licence (Google's image licence metadata)."""
    if not photo.licence:
        return url
    data = {
        "@type": "ImageObject",
        "url": url,
        "contentUrl": url,
        "creditText": photo.credit_line or None,
        "copyrightNotice": str(photo.get_licence_display()),
        "license": LICENCE_URLS.get(photo.licence),
    }
    return {k: v for k, v in data.items() if v}


def description(article: ArticlePage) -> str:
    if article.search_description or article.summary:
        return (article.search_description or article.summary).strip()
    for block in article.body:
        if block.block_type == "paragraph":
            return strip_tags(block.value.source)[:200].strip()
    return article.title


def person(author: Author, base: str) -> dict:
    return {
        "@type": "Person",
        "name": author.name,
        "url": absolute(base, author.get_absolute_url()),
    }


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def news_article(
    article, *, request, base, authors, tags, corrections, site_name, updated_at
) -> dict:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": article.get_canonical_url(request)},
        "headline": article.title[:110],
        "description": description(article),
        "datePublished": _iso(article.first_published_at),
        "dateModified": _iso(updated_at or article.last_published_at or article.first_published_at),
        "author": [person(a, base) for a in authors],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": site_name,
            "url": absolute(base, "/"),
            "logo": {
                "@type": "ImageObject",
                "url": absolute(base, static("warta/logo.png")),
                "width": 600,
                "height": 60,
            },
        },
        "isAccessibleForFree": True,
        "inLanguage": "id-ID",
    }
    image = hero_image_url(article, base)
    if image:
        data["image"] = [licensed_image(article.hero_image, image)]
    if article.channel:
        data["articleSection"] = article.channel.title
    if article.dateline_place:
        data["dateline"] = f"{article.dateline_place.upper()}, {site_name}"
    if tags:
        data["keywords"] = [t.name for t in tags]
    if article.editor:
        data["editor"] = person(article.editor, base)
    if corrections:
        data["correction"] = [
            {"@type": "CorrectionComment", "text": c.text, "datePublished": c.noted_at.isoformat()}
            for c in corrections
        ]
    return {k: v for k, v in data.items() if v is not None}


def breadcrumbs(article: ArticlePage, *, request, base: str, site_name: str) -> dict:
    items = [("Beranda" if site_name else "Home", absolute(base, "/"))]
    if article.channel:
        items.append((article.channel.title, absolute(base, article.channel.get_url(request))))
    items.append((article.title, article.get_canonical_url(request)))
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": url}
            for n, (name, url) in enumerate(items, 1)
        ],
    }


def as_json_ld(data: dict) -> str:
    """JSON safe inside <script>: no '</script>' can close it early."""
    return json.dumps(data, ensure_ascii=False).translate(LD_ESCAPES)


def sharing_tags(
    article, *, request, base, tags, site_name, updated_at
) -> list[tuple[str, str, str]]:
    """(attribute, name, content) for OpenGraph and Twitter card meta tags."""
    image = hero_image_url(article, base)
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_name),
        ("property", "og:locale", "id_ID"),
        ("property", "og:title", article.title),
        ("property", "og:description", description(article)),
        ("property", "og:url", article.get_canonical_url(request)),
        ("name", "twitter:card", "summary_large_image" if image else "summary"),
        ("name", "twitter:title", article.title),
        ("name", "twitter:description", description(article)),
    ]
    if image:
        meta += [("property", "og:image", image), ("name", "twitter:image", image)]
        if article.hero_image.description:
            meta.append(("property", "og:image:alt", article.hero_image.description))
    if article.first_published_at:
        meta.append(("property", "article:published_time", article.first_published_at.isoformat()))
    if updated_at:
        meta.append(("property", "article:modified_time", updated_at.isoformat()))
    if article.channel:
        meta.append(("property", "article:section", article.channel.title))
    meta += [("property", "article:tag", t.name) for t in tags]
    return meta
