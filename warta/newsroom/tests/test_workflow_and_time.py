from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.newsroom.services import EmbargoError, lift_embargo
from warta.newsroom.tests.conftest import edit_form, post_edit

pytestmark = pytest.mark.django_db


def submitted_by(client, reporter, story):
    ArticlePage.objects.filter(pk=story.pk).update(owner=reporter)
    client.force_login(reporter)
    post_edit(client, story, action="action-submit")
    story.refresh_from_db()
    assert story.workflow_in_progress
    return story.current_workflow_task_state


def test_rejection_returns_the_story_with_the_editors_comment(
    client, reporter, editor_user, ready_story
):
    task_state = submitted_by(client, reporter, ready_story)
    client.force_login(editor_user)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[ready_story.pk, "reject", task_state.pk]
    )
    response = client.post(url, {"comment": "Tambahkan konfirmasi dari kepolisian."})
    assert response.status_code in (200, 302)
    story = ArticlePage.objects.get(pk=ready_story.pk)
    assert not story.live
    client.force_login(reporter)
    history = client.get(reverse("wagtailadmin_pages:history", args=[story.pk]))
    assert "Tambahkan konfirmasi dari kepolisian." in history.content.decode()


def test_reporter_cannot_approve_their_own_story(client, reporter, ready_story):
    task_state = submitted_by(client, reporter, ready_story)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[ready_story.pk, "approve", task_state.pk]
    )
    client.post(url, {"comment": ""})
    assert not ArticlePage.objects.get(pk=ready_story.pk).live


def test_editor_approval_publishes(client, reporter, editor_user, ready_story):
    submitted_by(client, reporter, ready_story)
    client.force_login(editor_user)
    post_edit(
        client,
        ready_story,
        **{"action-workflow-action": "true", "workflow-action-name": "approve"},
    )
    assert ArticlePage.objects.get(pk=ready_story.pk).live


def test_scheduled_story_goes_live_on_the_first_tick_after_its_time_and_not_before(client, channel):
    import time

    story = ArticlePageFactory(parent=channel, title="Terjadwal", publish=False)
    story.go_live_at = timezone.now() + timedelta(seconds=2)
    story.save_revision().publish()  # with a future go-live, publishing schedules
    url = f"/internasional/{story.slug}/"

    call_command("worker", "--once", verbosity=0)  # a tick before the time
    assert not ArticlePage.objects.get(pk=story.pk).live
    assert client.get(url).status_code == 404

    time.sleep(2.1)
    call_command("worker", "--once", verbosity=0)  # the first tick after it
    assert ArticlePage.objects.get(pk=story.pk).live
    assert client.get(url).status_code == 200
    assert "Terjadwal" in client.get("/").content.decode()


def test_embargoed_story_is_nowhere_public_until_it_lifts(client, channel, editor_user):
    ArticlePageFactory(parent=channel, title="Berita biasa", tags=["Ekonomi"])
    story = ArticlePageFactory(
        parent=channel, title="Rahasia sampai besok", tags=["Ekonomi"], publish=False
    )
    story.embargo_until = timezone.now() + timedelta(hours=6)
    story.save_revision().publish()
    story = ArticlePage.objects.get(pk=story.pk)
    assert not story.live and story.go_live_at == story.embargo_until
    public = [
        "/",
        "/internasional/",
        "/tag/ekonomi/",
        "/koreksi/",
        "/penulis/" + story.bylines.first().author.slug + "/",
    ]
    for path in public:
        assert "Rahasia sampai besok" not in client.get(path).content.decode(), path
    assert client.get(f"/internasional/{story.slug}/").status_code == 404
    # Staff see it in the admin preview.
    client.force_login(editor_user)
    preview = client.get(reverse("wagtailadmin_pages:view_draft", args=[story.pk]))
    assert preview.status_code == 200 and b"Rahasia sampai besok" in preview.content

    lift_embargo(story, user=editor_user)
    client.logout()
    assert "Rahasia sampai besok" in client.get("/").content.decode()
    with pytest.raises(EmbargoError):
        lift_embargo(ArticlePage.objects.get(pk=story.pk))


def test_every_save_keeps_a_revision(client, editor_user, ready_story):
    client.force_login(editor_user)
    before = ready_story.revisions.count()
    post_edit(client, ready_story, title="Judul kedua")
    post_edit(client, ready_story, title="Judul ketiga")
    assert ready_story.revisions.count() == before + 2


def test_concurrent_edit_is_not_published_over_and_nothing_is_lost(
    client, editor_user, network_admin, ready_story
):
    client.force_login(editor_user)
    stale = edit_form(client, ready_story)  # the editor opens the story
    other = client.__class__()
    other.force_login(network_admin)
    post_edit(other, ready_story, title="Judul dari admin")  # someone saves meanwhile

    stale["title"] = "Judul dari editor"
    stale["action-publish"] = "action-publish"
    response = client.post(
        reverse("wagtailadmin_pages:edit", args=[ready_story.pk]), stale, follow=True
    )
    story = ArticlePage.objects.get(pk=ready_story.pk)
    assert not story.live
    assert "diubah orang lain" in response.content.decode()
    titles = {r.content["title"] for r in story.revisions.all()}
    assert {"Judul dari admin", "Judul dari editor"} <= titles
