"""Reader comments a story brought from the site it was migrated from (WordPress): kept with
the story and shown read-only under it. Warta takes no new comments; these are the archive.

Privacy: neither the commenter's e-mail address nor IP address is stored (they were given to
another site, for moderation there, and Warta never shows or uses them); the name, an optional
web address (shown as a nofollow link), the date and the cleaned text are kept."""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from django.db import models
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

COMMENT_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "blockquote", "code", "q"}
LINK_WITHOUT_ADDRESS = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.S)
MAX_DEPTH = 4  # deeper replies are shown at this depth (still after their parent)


class ArchivedComment(models.Model):
    KIND_COMMENT = "comment"
    KIND_PINGBACK = "pingback"
    KIND_TRACKBACK = "trackback"
    KINDS = [
        (KIND_COMMENT, _("komentar")),
        (KIND_PINGBACK, "pingback"),
        (KIND_TRACKBACK, "trackback"),
    ]

    article = models.ForeignKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="archived_comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies"
    )
    source_id = models.CharField(_("ID di situs lama"), max_length=64)
    kind = models.CharField(_("jenis"), max_length=12, choices=KINDS, default=KIND_COMMENT)
    author_name = models.CharField(_("nama"), max_length=120)
    author_url = models.URLField(_("situs web"), max_length=400, blank=True)
    posted_at = models.DateTimeField(_("waktu"), null=True, blank=True)
    text = models.TextField(_("isi"))  # cleaned HTML (clean_comment_html)

    class Meta:
        ordering = ["posted_at", "pk"]
        verbose_name = _("komentar arsip")
        verbose_name_plural = _("komentar arsip")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "source_id"], name="archived_comment_once_per_story"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:40]}"


def clean_comment_html(text: str) -> str:
    """WordPress keeps comments as typed (line breaks, a few tags): paragraphs and line breaks
    as WordPress showed them, then a small whitelist; links get rel="nofollow ugc"."""
    text = text.replace("\r\n", "\n").strip()
    if "<p" not in text:
        paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
        text = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    cleaned = nh3.clean(
        text,
        tags=COMMENT_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return LINK_WITHOUT_ADDRESS.sub(r"\1", cleaned)  # a dropped javascript: link: its text


@dataclass(frozen=True)
class ShownComment:
    comment: ArchivedComment
    depth: int


def with_comment_flag(stories: QuerySet) -> QuerySet:
    """Story rows that know whether there are archived comments (`has_archived_comments`), in
    the query that loads them: a story without any (nearly all) costs no query for them."""
    return stories.annotate(
        has_archived_comments=Exists(ArchivedComment.objects.filter(article=OuterRef("pk")))
    )


def archived_comments(article) -> list[ShownComment]:
    """A story's archived comments (not pingbacks) in thread order, each reply after its
    parent: one query, none when the row loaded says there are none (`with_comment_flag`)."""
    if not getattr(article, "has_archived_comments", True):
        return []
    rows = list(
        ArchivedComment.objects.filter(article_id=article.pk, kind=ArchivedComment.KIND_COMMENT)
    )
    known = {row.pk for row in rows}
    children: dict[int | None, list[ArchivedComment]] = {}
    for row in rows:
        parent = row.parent_id if row.parent_id in known else None
        children.setdefault(parent, []).append(row)
    shown: list[ShownComment] = []
    seen: set[int] = set()
    # The top of each thread; then any reply left out by a loop of parents, at the top.
    for start in [*children.get(None, []), *rows]:
        stack = [(start, 0)]
        while stack:
            row, depth = stack.pop()
            if row.pk in seen:
                continue
            seen.add(row.pk)
            shown.append(ShownComment(row, min(depth, MAX_DEPTH)))
            stack += [(child, depth + 1) for child in reversed(children.get(row.pk, []))]
    return shown
