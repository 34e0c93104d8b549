"""An editor sends an alert from a story in the admin: the form comes prefilled with the
headline and summary and a preview; sending creates the alert and queues its fan-out. Only
whoever may publish the story on its own site may send: another site's editor finds nothing,
a reporter is refused; only a published story readers can open; a per-site hourly limit."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from django.urls import reverse

from warta.alerts.models import Alert
from warta.alerts.wagtail_hooks import alert_header_button, alert_listing_button
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


def send_url(story) -> str:
    return reverse("alerts_send", args=[story.pk])


def test_the_form_is_prefilled_with_a_preview(client, network, people):
    client.force_login(people["editor"])
    response = client.get(send_url(network["story"]))
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", attrs={"name": "title"})["value"] == "Banjir besar melanda Surabaya"
    assert "Air setinggi satu meter" in soup.find("textarea", attrs={"name": "body"}).text
    preview = soup.select_one("[data-alert-preview]")
    assert "Banjir besar melanda Surabaya" in preview.text and "Warta Jatim" in preview.text


def test_the_preview_shows_what_was_typed_without_sending(client, network, people):
    client.force_login(people["editor"])
    data = {"title": "BANJIR: jalan ditutup", "body": "Hindari Jalan Darmo.", "pratinjau": "1"}
    response = client.post(send_url(network["story"]), data)
    preview = BeautifulSoup(response.content, "html.parser").select_one("[data-alert-preview]")
    assert "BANJIR: jalan ditutup" in preview.text and "Hindari Jalan Darmo." in preview.text
    assert not Alert.objects.exists()


def test_sending_creates_the_alert_and_queues_the_fan_out(
    client, network, people, django_capture_on_commit_callbacks
):
    client.force_login(people["editor"])
    data = {"title": "BANJIR: jalan ditutup", "body": "Hindari Jalan Darmo.", "kirim": "1"}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(send_url(network["story"]), data)
    assert response.status_code == 302
    alert = Alert.objects.get()
    assert (alert.site, alert.story_id, alert.created_by) == (
        network["sites"]["jatim"],
        network["story"].pk,
        people["editor"],
    )
    assert alert.url == "berita/banjir-besar-melanda-surabaya/" and alert.channel == "berita"
    assert len(callbacks) == 1  # the fan-out task, queued once the alert is committed


def test_another_sites_editor_finds_nothing_and_sends_nothing(client, network, people):
    client.force_login(people["bali_editor"])
    story = network["story"]
    assert client.get(send_url(story)).status_code == 404
    data = {"title": "Palsu", "body": "", "kirim": "1"}
    assert client.post(send_url(story), data).status_code == 404
    assert not Alert.objects.exists()
    # Nor is the action offered anywhere.
    assert not list(alert_header_button(story, people["bali_editor"], "edit"))
    assert not list(alert_listing_button(story, people["bali_editor"]))
    assert list(alert_header_button(story, people["editor"], "edit"))


def test_a_reporter_may_not_send(client, network, people):
    client.force_login(people["reporter"])
    response = client.post(send_url(network["story"]), {"title": "X", "kirim": "1"})
    assert response.status_code == 403
    assert "boleh menerbitkan" in response.content.decode()
    assert not Alert.objects.exists()
    assert not list(alert_header_button(network["story"], people["reporter"], "edit"))


def test_only_a_published_story_readers_can_open(client, network, people):
    draft = ArticlePageFactory(parent=network["channels"]["jatim"], title="Draf", publish=False)
    client.force_login(people["editor"])
    response = client.post(send_url(draft), {"title": "Draf", "kirim": "1"})
    assert response.status_code == 400
    assert "sudah terbit" in response.content.decode()
    assert not Alert.objects.exists()


@override_settings(WARTA_ALERTS_PER_HOUR=2)
def test_the_hourly_limit_per_site_refuses_with_a_clear_message(client, network, people):
    client.force_login(people["editor"])
    story = network["story"]
    for n in range(2):
        assert client.post(send_url(story), {"title": f"Ke-{n}", "kirim": "1"}).status_code == 302
    refused = client.post(send_url(story), {"title": "Ketiga", "kirim": "1"})
    assert refused.status_code == 400
    text = BeautifulSoup(refused.content, "html.parser").get_text(" ")
    assert "Batas peringatan tercapai" in text and "2 peringatan per jam" in text
    assert Alert.objects.count() == 2
    # Another site's limit is its own.
    other = ArticlePageFactory(parent=network["channels"]["bali"], title="Gempa Bali")
    client.force_login(people["bali_editor"])
    assert client.post(send_url(other), {"title": "Gempa", "kirim": "1"}).status_code == 302


def test_the_editor_sees_the_action_in_the_story_editor(client, network, people):
    client.force_login(people["editor"])
    response = client.get(reverse("wagtailadmin_pages:edit", args=[network["story"].pk]))
    assert send_url(network["story"]) in response.content.decode()
