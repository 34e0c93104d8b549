"""One-day visitors across roll-ups: a reader already counted today by a site or story is not
counted again by a later batch, however the lookups are split."""

from __future__ import annotations

import pytest

from warta.analytics import rollup
from warta.analytics.models import DAY, SITE, STORY, Stat
from warta.analytics.tests.factories import BROWSER, beacon, roll
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def visitors(dimension, key) -> int:
    return Stat.objects.get(grain=DAY, dimension=dimension, key=key).visitors


@pytest.mark.parametrize("chunk", [2, rollup.SEEN_CHUNK])
def test_readers_seen_in_an_earlier_batch_are_not_counted_again(
    client, site, channel, monkeypatch, chunk
):
    monkeypatch.setattr(rollup, "SEEN_CHUNK", chunk)
    first = ArticlePageFactory(parent=channel, title="Pertama")
    second = ArticlePageFactory(parent=channel, title="Kedua")
    for reader in range(3):
        beacon(client, site, first, agent=f"{BROWSER} r{reader}")
    roll()
    assert (visitors(SITE, site.pk), visitors(STORY, first.pk)) == (3, 3)
    # The same three again, on both stories, and one new reader of the second story.
    for reader in range(4):
        beacon(client, site, first, agent=f"{BROWSER} r{reader}")
        beacon(client, site, second, agent=f"{BROWSER} r{reader}")
    roll()
    assert visitors(SITE, site.pk) == 4
    assert visitors(STORY, first.pk) == 4
    assert visitors(STORY, second.pk) == 4
    roll()
    assert visitors(SITE, site.pk) == 4
