"""The story editor says up front which fields the site's quality gates require, from the gates
themselves (gates.gated_fields), and names the editor picker after what it picks."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from warta.newsroom.gates import gated_fields
from warta.newsroom.models import NewsroomSettings

pytestmark = pytest.mark.django_db
MARKER = "Wajib sebelum diajukan atau terbit."


def add_story_page(client, channel) -> BeautifulSoup:
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def marked(page: BeautifulSoup) -> set[str]:
    return {node["data-warta-gate"] for node in page.select("[data-warta-gate]")}


def help_text(page: BeautifulSoup, field: str) -> str:
    panel = page.select_one(f"[data-contentpath='{field}']")
    return panel.get_text(" ", strip=True) if panel else ""


def test_gated_fields_are_what_the_gates_refuse_in_an_empty_story():
    everything = gated_fields(NewsroomSettings())
    assert set(everything) == {"title", "summary", "hero_image", "dateline_place", "editor"}
    assert everything["editor"] == ["Editor wajib dipilih."]
    relaxed = NewsroomSettings(
        require_summary=False,
        require_dateline=False,
        require_editor=False,
        require_hero_alt=False,
        require_hero_credit=False,
    )
    assert set(gated_fields(relaxed)) == {"title"}


def test_the_add_form_marks_the_gated_fields_before_any_submit(client, reporter, channel):
    client.force_login(reporter)
    page = add_story_page(client, channel)
    # The title is required by the form itself (Wagtail's asterisk): no second marker.
    assert marked(page) == {"summary", "hero_image", "dateline_place", "editor"}
    for field in ("summary", "hero_image", "dateline_place", "editor"):
        assert MARKER in help_text(page, field), field
    assert MARKER not in help_text(page, "cited_sources")
    assert "Satu atau dua kalimat di bawah judul." in help_text(page, "summary")  # kept


def test_a_site_without_a_gate_shows_no_marker_for_it(client, reporter, site, channel):
    NewsroomSettings.objects.create(site=site, require_summary=False, require_editor=False)
    client.force_login(reporter)
    page = add_story_page(client, channel)
    assert marked(page) == {"hero_image", "dateline_place"}
    assert MARKER not in help_text(page, "summary")


def test_the_editor_picker_says_editor_and_the_byline_picker_writer(client, reporter, channel):
    client.force_login(reporter)
    page = add_story_page(client, channel)
    assert "Pilih editor" in help_text(page, "editor")
    assert "Pilih penulis" not in help_text(page, "editor")
    assert "Pilih penulis" in page.get_text(" ")  # the byline rows


def test_a_draft_still_saves_without_the_gated_fields(client, reporter, channel):
    from warta.articles.models import ArticlePage
    from warta.newsroom.tests.conftest import form_from_admin

    client.force_login(reporter)
    url = reverse("wagtailadmin_pages:add", args=["articles", "articlepage", channel.pk])
    data = form_from_admin(client, url)
    data.update({"title": "Draf tanpa ringkasan", "slug": "draf-tanpa-ringkasan", "summary": ""})
    data.update({"bylines-TOTAL_FORMS": "0"})
    client.post(url, data)
    assert ArticlePage.objects.filter(title="Draf tanpa ringkasan", live=False).exists()
