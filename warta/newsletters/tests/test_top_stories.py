"""An issue's stories: the most read on the list's own site first (the analytics roll-ups),
then the newest."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from warta.analytics.models import HOUR, STORY, Stat
from warta.articles.tests.factories import ArticlePageFactory
from warta.newsletters.queries import top_stories
from warta.newsletters.tests.factories import NewsletterListFactory

pytestmark = pytest.mark.django_db


def test_the_most_read_on_the_lists_site_come_first(site, channel):
    newest = ArticlePageFactory(parent=channel, title="Terbaru tapi sepi")
    read = ArticlePageFactory(parent=channel, title="Banyak dibaca")
    newest.listings.update(published_at=timezone.now())
    read.listings.update(published_at=timezone.now() - timedelta(hours=2))
    hour = timezone.now().replace(minute=0, second=0, microsecond=0)
    Stat.objects.create(
        grain=HOUR, dimension=STORY, key=read.pk, site_id=site.pk, bucket=hour, views=40
    )
    Stat.objects.create(
        grain=HOUR, dimension=STORY, key=newest.pk, site_id=site.pk + 99, bucket=hour, views=500
    )  # read elsewhere: not this list's readers
    newsletter = NewsletterListFactory(site=site)
    since = timezone.now() - timedelta(days=1)
    assert [s.title for s in top_stories(newsletter, since=since, limit=5)] == [
        "Banyak dibaca",
        "Terbaru tapi sepi",
    ]
