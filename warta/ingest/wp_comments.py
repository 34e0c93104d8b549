"""Reader comments of a WordPress post, kept with its story as an archive (read-only, shown
under the story): approved comments with their threads; pingbacks and trackbacks kept but not
shown; pending, spam and trashed comments are not imported (they never were public), only
counted. E-mail and IP addresses are left behind (see warta.articles.comments).

The report gets one line per post that has comments (the counts), not one per comment: an
export of 200,000 posts may carry millions of comments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import strip_tags

from warta.articles.comments import ArchivedComment, clean_comment_html
from warta.articles.models import ArticlePage
from warta.ingest.wxr import WxrComment, WxrPost

LINK_KINDS = {"pingback", "trackback"}


@dataclass
class CommentCounts:
    imported: int = 0  # new or changed
    unchanged: int = 0
    links: int = 0  # pingbacks and trackbacks (kept, not shown)
    skipped: Counter[str] | None = None  # by status: "pending", "spam", "trash"

    removed: int = 0  # archived before, since unapproved (spam, trash) on the old site

    @property
    def fate(self) -> str:
        if self.imported or self.removed:
            return "updated" if self.unchanged or self.removed else "created"
        return "unchanged" if self.unchanged else "skipped"

    def summary(self) -> str:
        parts = [f"{self.imported} diimpor"]
        if self.unchanged:
            parts.append(f"{self.unchanged} tak berubah")
        if self.links:
            parts.append(f"{self.links} pingback/trackback disimpan, tidak ditampilkan")
        if self.removed:
            parts.append(f"{self.removed} dihapus (tidak lagi disetujui di situs lama)")
        for status, count in sorted((self.skipped or Counter()).items()):
            parts.append(f"{count} {status} dilewati")
        return "komentar: " + ", ".join(parts)


def _status(comment: WxrComment) -> str:
    if comment.approved == "1":
        return "approved"
    return {"0": "pending", "spam": "spam", "trash": "trash", "post-trashed": "trash"}.get(
        comment.approved, comment.approved or "pending"
    )


def _web_address(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    return url[:400] if parts.scheme in ("http", "https") and parts.netloc else ""


def import_comments(article: ArticlePage, post: WxrPost) -> CommentCounts:
    """Store a post's approved comments under its story; running it again changes nothing
    (each comment is kept once per story, by its WordPress id)."""
    counts = CommentCounts(skipped=Counter())
    wanted = []
    for comment in post.comments:
        status = _status(comment)
        if status != "approved" or not comment.id:
            counts.skipped[status if comment.id else "tanpa id"] += 1  # type: ignore[index]
            continue
        wanted.append(comment)
    existing = {row.source_id: row for row in ArchivedComment.objects.filter(article=article)}
    # A comment archived before and since moderated away (spam, trash, unapproved) goes; one
    # that is simply absent from this export stays (nothing is lost to a partial export).
    moderated = {c.id[:64] for c in post.comments if c.id} - {c.id[:64] for c in wanted}
    gone = [existing.pop(key).pk for key in moderated if key in existing]
    if gone:
        ArchivedComment.objects.filter(pk__in=gone).delete()
        counts.removed = len(gone)
    rows: dict[str, ArchivedComment] = {}
    for comment in wanted:
        kind = comment.comment_type if comment.comment_type in LINK_KINDS else "comment"
        values = {
            "kind": kind,
            "author_name": (strip_tags(comment.author).strip() or "Anonim")[:120],
            "author_url": _web_address(comment.author_url),
            "posted_at": comment.date,
            "text": clean_comment_html(comment.content),
        }
        row = existing.get(comment.id[:64])
        if row is None:
            row = ArchivedComment.objects.create(
                article=article, source_id=comment.id[:64], **values
            )
            counts.imported += 1
        elif any(getattr(row, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(row, key, value)
            row.save()
            counts.imported += 1
        else:
            counts.unchanged += 1
        counts.links += kind in LINK_KINDS
        rows[comment.id] = row
    _thread(post.comments, wanted, rows)
    return counts


def _thread(
    every: list[WxrComment], comments: list[WxrComment], rows: dict[str, ArchivedComment]
) -> None:
    """Replies point at their parent; a reply to a comment that was not imported (pending,
    spam) hangs from the nearest imported ancestor, or starts its own thread."""
    parent_of = {c.id: c.parent_id for c in every}
    for comment in comments:
        parent_id, hops = comment.parent_id, 0
        while parent_id and parent_id not in rows and hops < 50:
            parent_id, hops = parent_of.get(parent_id, ""), hops + 1
        parent = rows.get(parent_id) if parent_id and parent_id != comment.id else None
        row = rows[comment.id]
        if row.parent_id != (parent.pk if parent else None):
            row.parent = parent
            row.save(update_fields=["parent"])
