"""What the demo builds its people and pages with: plain model construction and the apps'
services, so it needs nothing from the dev extras (the tests' factory_boy factories)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from django.utils.text import slugify
from wagtail.models import Page

from warta.articles.models import ArticleAuthor, ArticlePage, Author
from warta.core.models import WartaImage

PageT = TypeVar("PageT", bound=Page)


def author(name: str, *, job_title: str) -> Author:
    """The author with this name's slug; made, with a one-line bio, when missing."""
    found, _ = Author.objects.get_or_create(
        slug=slugify(name),
        defaults={"name": name, "job_title": job_title, "bio": f"{name} menulis untuk Warta."},
    )
    return found


def add_published_page(page: PageT, *, parent: Page) -> PageT:
    """Add a section page (a home, a channel, the partner page) under `parent`, published."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def article_page(
    *,
    title: str,
    slug: str,
    summary: str,
    hero_image: WartaImage,
    hero_caption: str,
    dateline_place: str,
    editor: Author,
    body: list[tuple[str, object]],
    authors: Sequence[Author],
    tags: Sequence[str],
) -> ArticlePage:
    """An unsaved story with its bylines and tags, ready for `articles.services.create_story`."""
    article = ArticlePage(
        title=title,
        slug=slug,
        summary=summary,
        hero_image=hero_image,
        hero_caption=hero_caption,
        dateline_place=dateline_place,
        editor=editor,
        body=body,
    )
    for order, byline in enumerate(authors):
        article.bylines.add(ArticleAuthor(author=byline, sort_order=order))
    if tags:
        article.tags.add(*tags)
    return article
