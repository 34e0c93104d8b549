"""The wire inbox uses the one near-duplicate detector: another agency's rewrite of a story
already in the inbox is kept but flagged as its duplicate; a different column of a series
is not."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.html import escape

from warta.discovery.tests import duplicate_texts as t
from warta.ingest.inbox import PullReport, _store
from warta.ingest.models import FeedSource, IngestItem
from warta.ingest.wire import WireEntry

pytestmark = pytest.mark.django_db


def source(site, name):
    return FeedSource.objects.create(
        name=name, organisation=name, url=f"https://{name.lower()}.example/feed", site=site
    )


def entry(guid, title, text, when):
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
    return WireEntry(
        guid=guid,
        title=title,
        link=f"https://wire.example/{guid}",
        body_html=paragraphs,
        published_at=when,
    )


def test_rewrite_from_another_agency_is_flagged_and_a_series_column_is_not(site):
    now = timezone.now()
    antara, kantor = source(site, "Antara"), source(site, "Kantor")
    first = PullReport("Antara")
    _store(antara, entry("a-1", t.FLOOD_TITLE, t.FLOOD, now - timedelta(hours=2)), first)
    _store(antara, entry("a-2", t.COLUMN_ONE_TITLE, t.COLUMN_ONE, now - timedelta(days=1)), first)
    assert (first.new, first.duplicates) == (2, 0)

    second = PullReport("Kantor")
    _store(kantor, entry("k-1", t.FLOOD_REWRITE_TITLE, t.FLOOD_REWRITE, now), second)
    _store(kantor, entry("k-2", t.COLUMN_TWO_TITLE, t.COLUMN_TWO, now), second)
    assert (second.new, second.duplicates) == (1, 1)
    rewrite = IngestItem.objects.get(guid="k-1")
    assert rewrite.status == IngestItem.DUPLICATE
    assert rewrite.duplicate_of.guid == "a-1"
    assert rewrite.story_terms["t"]  # stems stored for later comparisons
    column = IngestItem.objects.get(guid="k-2")
    assert (column.status, column.duplicate_of) == (IngestItem.NEW, None)
