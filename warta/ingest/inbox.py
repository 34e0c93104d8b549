"""Writes for the wire inbox: pull sources into `IngestItem`s (de-duplicated) and turn an item
into a draft story. Nothing here publishes."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from warta.articles.models import ArticleAuthor, ArticlePage
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.discovery import duplicates
from warta.ingest.models import FeedSource, IngestItem
from warta.ingest.services import author_named, free_slug
from warta.ingest.wire import FeedError, WireEntry, fetch, parse

logger = logging.getLogger(__name__)
DUPLICATE_WINDOW = timedelta(days=7)
BLOCK_RE = re.compile(r"<(p|ul|ol|h2|h3|h4)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)


@dataclass
class PullReport:
    source: str
    new: int = 0
    updated: int = 0
    duplicates: int = 0
    error: str = ""
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        if self.error:
            return f"gagal: {self.error}"[:255]
        text_ = f"{self.new} baru, {self.updated} diperbarui, {self.duplicates} duplikat"
        return (text_ + (f"; {len(self.notes)} catatan" if self.notes else ""))[:255]


def _plain(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _near_duplicate(mine: duplicates.Fingerprint):
    """An earlier item (any source, last 7 days) that is the same story, by the one detector
    (`discovery.duplicates`): a copy, a rewrite by another agency or a retitled version."""
    recent = IngestItem.objects.filter(received_at__gte=timezone.now() - DUPLICATE_WINDOW)
    candidates = recent.only("pk", "title_key", "sketch", "story_terms").order_by("pk")
    for candidate in candidates.iterator(chunk_size=500):
        if duplicates.same_story(mine, duplicates.of(candidate)):
            return candidate
    return None


def _store(source: FeedSource, entry: WireEntry, report: PullReport) -> None:
    existing = IngestItem.objects.filter(source=source, guid=entry.guid).first()
    copy_print = duplicates.fingerprint(
        entry.title,
        _plain(entry.body_html) or entry.summary,
        duplicates.days(entry.published_at or timezone.now()),
    )
    fields = {
        "link": entry.link,
        "title": entry.title,
        "summary": entry.summary,
        "body_html": entry.body_html,
        "byline": entry.byline,
        "published_at": entry.published_at,
        "credit": source.organisation,
        "title_key": copy_print.title_key,
        "sketch": copy_print.sketch,
        "story_terms": copy_print.terms,
    }
    if existing is not None:
        if existing.status == IngestItem.NEW and any(
            getattr(existing, k) != v
            for k, v in fields.items()
            if k not in ("sketch", "story_terms")
        ):
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.save()
            report.updated += 1
        return
    if entry.link and IngestItem.objects.filter(link=entry.link).exists():
        report.duplicates += 1  # the same URL through another source: nothing new to read
        return
    original = _near_duplicate(copy_print)
    IngestItem.objects.create(
        source=source,
        guid=entry.guid,
        **fields,
        status=IngestItem.DUPLICATE if original else IngestItem.NEW,
        duplicate_of=original,
    )
    if original:
        report.duplicates += 1
    else:
        report.new += 1


def pull_source(source: FeedSource) -> PullReport:
    """Fetch, parse and store one source; failures are recorded on the source, never raised."""
    report = PullReport(source.name)
    now = timezone.now()
    try:
        parsed = parse(fetch(source.url), source.format)
        with transaction.atomic():
            for entry in parsed.entries:
                _store(source, entry, report)
        report.notes = parsed.notes
    except FeedError as error:
        report.error = str(error)
    except Exception as error:  # noqa: BLE001 - one broken source must not stop the others
        logger.exception("pulling %s failed", source.name)
        report.error = f"kesalahan tak terduga: {error.__class__.__name__}: {error}"
    source.last_pulled_at = now
    if report.error:
        source.last_error = report.error
    else:
        source.last_success_at = now
        source.last_error = "; ".join(report.notes)[:2000]
    source.last_report = report.summary()
    source.save(update_fields=["last_pulled_at", "last_success_at", "last_error", "last_report"])
    return report


def pull_due_sources() -> list[PullReport]:
    """Every enabled source whose interval has passed (the worker calls this each tick)."""
    now = timezone.now()
    return [pull_source(s) for s in FeedSource.objects.filter(enabled=True) if s.is_due(now)]


def _body_blocks(html: str) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = []
    for match in BLOCK_RE.finditer(html):
        tag = match.group(1).lower()
        if tag.startswith("h"):
            heading = re.sub(r"<[^>]+>", "", match.group(0)).strip()
            if heading:
                blocks.append(("subheading", heading[:255]))
        else:
            blocks.append(("paragraph", match.group(0)))
    if not blocks and html.strip():
        blocks.append(("paragraph", f"<p>{html.strip()}</p>"))
    return blocks


def _lead(item: IngestItem) -> str:
    if item.summary:
        return item.summary[:300]
    plain = re.sub(r"\s+", " ", _plain(item.body_html)).strip()
    return re.split(r"(?<=[.!?])\s", plain, maxsplit=1)[0][:300]


class InboxError(ValueError):
    """The item cannot be opened as a story (already used, no channel to put it in)."""


def target_channel(item: IngestItem) -> ChannelPage:
    source = item.source
    if source.default_channel_id and source.default_channel.live:
        return source.default_channel
    channel = (
        ChannelPage.objects.descendant_of(source.site.root_page).order_by("path").first()
        if source.site_id
        else None
    )
    if channel is None:
        raise InboxError(f"situs {source.site} belum punya kanal untuk menampung berita")
    return channel


@transaction.atomic
def open_as_draft(item: IngestItem, user) -> ArticlePage:
    """Create a draft story from the item (one revision, owned by `user`), keep the credit as
    the story's cited source, and mark the item used. Opening it twice returns the same draft."""
    item = IngestItem.objects.select_for_update().select_related("source").get(pk=item.pk)
    if item.story_id:
        return item.story
    if item.status == IngestItem.DISMISSED:
        raise InboxError("item ini sudah diabaikan")
    channel = target_channel(item)
    article = ArticlePage(
        title=item.title,
        slug=free_slug(channel, slugify(item.title)[:80] or "berita-wire"),
        summary=_lead(item),
        body=_body_blocks(item.body_html),
        cited_sources=item.credit,
    )
    names = [n.strip() for n in re.split(r",| dan | and ", item.byline) if n.strip()]
    for order, name in enumerate(names[:5]):
        article.bylines.add(ArticleAuthor(author=author_named(name[:120]), sort_order=order))
    create_story(article, parent=channel, user=user, log_action=True)  # owner: `user`
    item.story = article
    item.status = IngestItem.USED
    item.save(update_fields=["story", "status"])
    return article
