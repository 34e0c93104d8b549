"""Structured data and sharing tags for gallery and video stories (schema.org ImageGallery,
ImageObject, VideoObject), built as plain data like `articles.seo`."""

from __future__ import annotations

from django.utils.translation import gettext as _

from warta.articles.seo import description
from warta.articles.video import iso_duration


def photo_title(headline: str, number: int, total: int) -> str:
    return _("Foto %(n)d dari %(total)d: %(headline)s") % {
        "n": number,
        "total": total,
        "headline": headline,
    }


def image_object(photo, *, headline: str, total: int) -> dict:
    data = {
        "@type": "ImageObject",
        "@id": photo.full_url,
        "url": photo.full_url,
        "contentUrl": photo.image_url,
        "name": photo_title(headline, photo.number, total),
        "caption": photo.caption or photo.alt,
        "width": photo.width,
        "height": photo.height,
        "position": photo.number,
    }
    if photo.credit:
        data["creditText"] = photo.credit
        data["copyrightNotice"] = photo.credit
    return data


def image_gallery(article, photos: list, *, site_name: str) -> dict:
    total = len(photos)
    return {
        "@context": "https://schema.org",
        "@type": "ImageGallery",
        "@id": article.get_canonical_url() + "#galeri",
        "url": article.get_canonical_url(),
        "name": article.title,
        "description": description(article),
        "datePublished": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "publisher": {"@type": "NewsMediaOrganization", "name": site_name},
        "numberOfItems": total,
        "associatedMedia": [image_object(p, headline=article.title, total=total) for p in photos],
    }


def focused_photo(article, photo, *, total: int, site_name: str) -> dict:
    """A photo's own page: the photo, part of the gallery."""
    data = image_object(photo, headline=article.title, total=total)
    data["@context"] = "https://schema.org"
    data["isPartOf"] = {
        "@type": "ImageGallery",
        "@id": article.get_canonical_url() + "#galeri",
        "url": article.get_canonical_url(),
        "name": article.title,
    }
    data["mainEntityOfPage"] = photo.full_url
    data["publisher"] = {"@type": "NewsMediaOrganization", "name": site_name}
    if article.first_published_at:
        data["datePublished"] = article.first_published_at.isoformat()
    return data


def photo_sharing_tags(tags: list, article, photo, *, total: int) -> list:
    """The story's sharing tags with the photo's title, address, description and image."""
    title = photo_title(article.title, photo.number, total)
    replaced = {
        "og:title": title,
        "twitter:title": title,
        "og:url": photo.full_url,
        "og:description": photo.caption or description(article),
        "twitter:description": photo.caption or description(article),
        "og:image": photo.image_url,
        "twitter:image": photo.image_url,
        "og:image:alt": photo.alt,
    }
    out = [(a, n, replaced.pop(n, c)) for a, n, c in tags]
    out += [("property", n, c) for n, c in replaced.items() if n.startswith("og:") and c]
    out += [("name", n, c) for n, c in replaced.items() if n.startswith("twitter:") and c]
    return out


def video_object(article, video, *, poster_url: str | None, site_name: str) -> dict:
    """Google's required fields: name, thumbnailUrl, uploadDate; and contentUrl or embedUrl."""
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "@id": article.get_canonical_url() + "#video",
        "name": article.title,
        "description": description(article),
        "thumbnailUrl": [poster_url] if poster_url else None,
        "uploadDate": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
        "duration": iso_duration(video["duration"]),
        "contentUrl": video.get("content_url"),
        "embedUrl": video.get("embed_url"),
        "publisher": {"@type": "NewsMediaOrganization", "name": site_name},
        "inLanguage": "id-ID",
    }
    return {k: v for k, v in data.items() if v is not None}
