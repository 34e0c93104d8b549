"""The updates address: one answer per story state, whatever the reader; every write raises
the version and makes the cached answer stale; reporters' posts wait for review."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from warta.live import services
from warta.live.models import LivePost, LiveStatus
from warta.live.tests.factories import LiveStoryPageFactory, text_body
from warta.newsroom.roles import EDITOR, REPORTER, setup_roles

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    return LiveStoryPageFactory(parent=channel)


@pytest.fixture
def staff(django_user_model, site):
    setup_roles()
    editor = django_user_model.objects.create_user("redaktur", password="x", is_staff=True)
    editor.groups.add(Group.objects.get(name=EDITOR))
    reporter = django_user_model.objects.create_user("reporter", password="x", is_staff=True)
    reporter.groups.add(Group.objects.get(name=REPORTER))
    return {"editor": editor, "reporter": reporter}


def test_an_editor_posts_live_and_every_reader_gets_the_same_new_answer(client, story, staff):
    url = f"/live/{story.pk}/updates/"
    before = client.get(url).json()
    assert before["version"] == 0 and before["posts"] == []
    services.add_post(story, user=staff["editor"], body=text_body("Hasil hitung cepat masuk."))
    first = client.get(url, HTTP_X_FORWARDED_FOR="10.0.0.1")
    second = client.get(url, HTTP_X_FORWARDED_FOR="10.0.0.2")
    assert first.json()["version"] == 1
    assert "Hasil hitung cepat masuk." in first.json()["posts"][0]["html"]
    assert second.content == first.content
    assert second["X-Cache"] == "HIT"


def test_a_reporters_post_waits_for_review_and_goes_live_when_approved(client, story, staff):
    result = services.add_post(story, user=staff["reporter"], body=text_body("Antrean TPS."))
    assert result.needs_review and result.post.state == LivePost.State.PENDING
    assert client.get(f"/live/{story.pk}/updates/").json()["posts"] == []
    with pytest.raises(PermissionDenied):
        services.approve_post(result.post, user=staff["reporter"])
    services.approve_post(result.post, user=staff["editor"])
    posts = client.get(f"/live/{story.pk}/updates/").json()["posts"]
    assert [p["id"] for p in posts] == [result.post.pk]


def test_a_deleted_post_is_announced_as_deleted_and_a_correction_carries_its_note(
    client, story, staff
):
    kept = services.add_post(story, user=staff["editor"], body=text_body("Angka awal 51%.")).post
    gone = services.add_post(story, user=staff["editor"], body=text_body("Salah kirim.")).post
    services.correct_post(kept, user=staff["editor"], body=text_body("Angka awal 52%."), note="x")
    services.delete_post(gone, user=staff["editor"])
    answer = client.get(f"/live/{story.pk}/updates/").json()
    by_id = {p["id"]: p for p in answer["posts"]}
    assert by_id[gone.pk] == {"id": gone.pk, "version": 4, "deleted": True}
    assert "52%" in by_id[kept.pk]["html"] and "Dikoreksi" in by_id[kept.pk]["html"]
    assert answer["version"] == 4
    assert LivePost.objects.filter(pk=gone.pk).exists()  # nothing is lost


def test_finished_or_stopped_stories_tell_readers_to_stop_polling(client, story, staff):
    services.set_live_controls(story, user=staff["editor"], poll_seconds=30)
    assert client.get(f"/live/{story.pk}/updates/").json()["poll"] == 30
    services.set_live_controls(story, user=staff["editor"], status=LiveStatus.FINISHED)
    answer = client.get(f"/live/{story.pk}/updates/").json()
    assert answer["poll"] == 0 and answer["status"] == "finished"
    with pytest.raises(ValidationError):
        services.add_post(story, user=staff["editor"], body=text_body("Terlambat."))
    with pytest.raises(ValidationError):
        services.set_live_controls(story, user=staff["editor"], poll_seconds=601)


def test_empty_posts_and_unknown_stories_are_refused(client, story, staff):
    with pytest.raises(ValidationError):
        services.add_post(story, user=staff["editor"], body=[])
    assert client.get("/live/999999/updates/").status_code == 404


def test_another_sites_reporter_may_not_post(story, django_user_model, staff):
    from warta.channels.tests.factories import make_site
    from warta.newsroom.roles import group_name, setup_site_roles

    other = make_site(hostname="bali.localhost", name="Warta Bali", default=False)
    setup_site_roles(other)
    outsider = django_user_model.objects.create_user("bali", password="x", is_staff=True)
    outsider.groups.add(Group.objects.get(name=group_name(REPORTER, other)))
    with pytest.raises(PermissionDenied):
        services.add_post(story, user=outsider, body=text_body("Bukan situs saya."))
