"""Each pre-publish quality gate blocks publishing with its own message in the editor."""

import pytest
from bs4 import BeautifulSoup

from warta.articles.models import ArticlePage
from warta.core.tests.factories import WartaImageFactory
from warta.newsroom.models import NewsroomSettings
from warta.newsroom.tests.conftest import post_edit

pytestmark = pytest.mark.django_db


def publish_with(client, story, **changes):
    response = post_edit(client, story, action="action-publish", **changes)
    page = BeautifulSoup(response.content, "html.parser")
    return ArticlePage.objects.get(pk=story.pk).live, page.get_text(" ", strip=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Judul tidak boleh kosong"),
        ({"title": "J" * 111}, "Judul 111 karakter; maksimum 110"),
        ({"summary": ""}, "Ringkasan wajib diisi"),
        ({"dateline_place": ""}, "Tempat dateline wajib diisi"),
        ({"editor": ""}, "Editor wajib dipilih"),
        ({"hero_image": ""}, "Foto utama wajib dipilih"),
    ],
)
def test_gate_blocks_publishing_with_a_message(client, editor_user, ready_story, changes, message):
    client.force_login(editor_user)
    live, text = publish_with(client, ready_story, **changes)
    assert not live
    assert message in text


def test_hero_without_alt_text_or_credit_is_blocked(client, editor_user, ready_story):
    bare = WartaImageFactory(description="", credit="", credit_source="")
    client.force_login(editor_user)
    live, text = publish_with(client, ready_story, hero_image=str(bare.pk))
    assert not live
    assert "teks alternatif" in text and "kredit foto" in text


def test_draft_save_is_never_blocked(client, editor_user, ready_story):
    client.force_login(editor_user)
    post_edit(client, ready_story, summary="", dateline_place="")
    story = ArticlePage.objects.get(pk=ready_story.pk)
    assert story.revisions.count() == 2 and not story.live


def test_gates_are_configurable_per_site(client, editor_user, ready_story, site):
    NewsroomSettings.objects.create(
        site=site, headline_max_length=200, require_summary=False, require_dateline=False
    )
    client.force_login(editor_user)
    live, _ = publish_with(client, ready_story, title="J" * 150, summary="", dateline_place="")
    assert live


def test_submitting_for_review_runs_the_gates_too(client, reporter, ready_story):
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=reporter)
    client.force_login(reporter)
    post_edit(client, ready_story, action="action-submit", summary="")
    assert not ArticlePage.objects.get(pk=ready_story.pk).workflow_in_progress
