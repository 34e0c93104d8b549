"""The admin's duplicate warning uses the one near-duplicate detector: saving a rewrite of a
published story (another publisher's wording, a new headline) names that story with a link;
a new column of a series with a fixed opening does not."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.discovery.tests import duplicate_texts as t
from warta.newsroom.wagtail_hooks import warn_about_near_duplicates

pytestmark = pytest.mark.django_db


def warnings_for(page) -> list[str]:
    request = RequestFactory().post("/admin/pages/")
    request.session = {}
    request._messages = FallbackStorage(request)
    warn_about_near_duplicates(request, page)
    return [str(m) for m in get_messages(request)]


def test_saving_a_rewrite_warns_with_a_link_and_a_series_column_does_not(
    channel, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        wire = ArticlePageFactory(parent=channel, title=t.FLOOD_TITLE, body=paragraph_body(t.FLOOD))
        ArticlePageFactory(
            parent=channel, title=t.COLUMN_ONE_TITLE, body=paragraph_body(t.COLUMN_ONE)
        )
    rewrite = ArticlePageFactory(
        parent=channel,
        title=t.FLOOD_REWRITE_TITLE,
        body=paragraph_body(t.FLOOD_REWRITE),
        live=False,
    )
    shown = warnings_for(rewrite)
    assert len(shown) == 1 and "Mungkin duplikat" in shown[0]
    assert wire.title in shown[0] and f'href="{wire.url}"' in shown[0]

    column = ArticlePageFactory(
        parent=channel,
        title=t.COLUMN_TWO_TITLE,
        body=paragraph_body(*t.COLUMN_TWO.split("\n\n")),
        live=False,
    )
    assert warnings_for(column) == []
