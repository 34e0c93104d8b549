"""Submitting a story for review sends its writer back to the desk home, where it waits under
"Menunggu persetujuan" (issue 22); saving a draft stays in the editor; a `next` address wins."""

import pytest
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.newsroom.tests.conftest import edit_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_story(reporter, ready_story):
    ArticlePage.objects.filter(pk=ready_story.pk).update(owner=reporter)
    ready_story.refresh_from_db()
    return ready_story


def send(client, story, action: str | None, query: str = ""):
    data = edit_form(client, story)
    if action:
        data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[story.pk]) + query, data)


def test_submitting_returns_to_the_desk_home(client, reporter, own_story):
    client.force_login(reporter)
    response = send(client, own_story, "action-submit")
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    own_story.refresh_from_db()
    assert own_story.workflow_in_progress
    desk = client.get(response["Location"]).content.decode()
    assert own_story.title in desk  # under "Menunggu persetujuan"


def test_saving_a_draft_stays_in_the_editor(client, reporter, own_story):
    client.force_login(reporter)
    response = send(client, own_story, None)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[own_story.pk])


def test_a_next_address_wins(client, reporter, own_story, channel):
    client.force_login(reporter)
    explore = reverse("wagtailadmin_explore", args=[channel.pk])
    response = send(client, own_story, "action-submit", f"?next={explore}")
    assert response["Location"] == explore
