"""What a hostile review of live coverage found (2026-12-04), each fixed: a writer's correction
bypassing review, text escaped again by every correction, HTML in the feeds, entities shown
as text, posts credited to the story's byline, 500s for absurd ids, invisible posts, approving
into a finished story."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError

from warta.live import services
from warta.live.forms import LivePostForm, text_of_body, text_to_paragraphs
from warta.live.models import LivePost
from warta.live.seo import post_text
from warta.live.tests.factories import LiveStoryPageFactory, text_body
from warta.live.tests.test_updates import staff  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    return LiveStoryPageFactory(parent=channel)


def test_a_writer_changes_their_post_only_while_it_waits(story, staff):  # noqa: F811
    post = services.add_post(story, user=staff["reporter"], body=text_body("Antre.")).post
    services.correct_post(post, user=staff["reporter"], body=text_body("Antre panjang."))
    services.approve_post(post, user=staff["editor"])
    with pytest.raises(PermissionDenied):
        services.correct_post(post, user=staff["reporter"], body=text_body("Apa saja."), note="x")
    with pytest.raises(PermissionDenied):
        services.delete_post(post, user=staff["reporter"])
    services.correct_post(post, user=staff["editor"], body=text_body("Antre 2 km."), note="Jarak")


def test_a_correction_gives_back_the_text_as_typed(story, staff):  # noqa: F811
    typed = 'A & B "kutip" it\'s <b>'
    body = text_to_paragraphs(typed)
    post = services.add_post(story, user=staff["editor"], body=body).post
    assert text_of_body(post.body) == typed
    again = text_to_paragraphs(text_of_body(post.body))
    assert again[0][1] == body[0][1]  # a second round escapes nothing twice
    assert post_text(post) == typed
    assert LivePost.objects.get(pk=post.pk).plain_text() == typed


def test_feeds_carry_post_text_as_text(client, story, staff):  # noqa: F811
    quote = [("quote", {"text": "</blockquote><script>alert(2)</script>", "speaker": "<b>X</b>"})]
    services.add_post(story, user=staff["editor"], body=quote, key_event=True)
    feed = json.loads(client.get("/feed.json").content)
    html = next(i["content_html"] for i in feed["items"] if i["title"] == story.title)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>X</b>" not in html


def test_a_post_without_a_byline_is_credited_to_its_sender_not_the_story(client, story, staff):  # noqa: F811
    editor = staff["editor"]
    editor.first_name, editor.last_name = "Intan", "Maharani"
    editor.save()
    services.add_post(story, user=editor, body=text_body("Tanpa profil."))
    LivePost.objects.create(story=story, body=text_body("Dari skrip."), version=99)
    page = BeautifulSoup(client.get(story.url).content, "html.parser")
    data = [json.loads(s.string) for s in page.select('script[type="application/ld+json"]')]
    live = next(d for d in data if d.get("@type") == "LiveBlogPosting")
    by_text = {u["articleBody"]: u.get("author") for u in live["liveBlogUpdate"]}
    assert by_text["Tanpa profil."] == [{"@type": "Person", "name": "Intan Maharani"}]
    assert by_text["Dari skrip."] is None


def test_absurd_ids_are_not_found(client, story, staff):  # noqa: F811
    assert client.get("/live/99999999999999999999/updates/").status_code == 404
    client.force_login(staff["editor"])
    assert client.get("/admin/live/99999999999999999999/").status_code == 404
    response = client.post(f"/admin/live/{story.pk}/hapus/", {"post": "²"})
    assert response.status_code == 404


def test_text_of_only_invisible_characters_is_refused(story):
    form = LivePostForm(data={"text": "\u00a0\u200b\u3000"})
    assert not form.is_valid() and "text" in form.errors


def test_a_pending_post_cannot_be_approved_into_a_finished_story(story, staff):  # noqa: F811
    post = services.add_post(story, user=staff["reporter"], body=text_body("Telat.")).post
    services.set_live_controls(story, user=staff["editor"], status="finished")
    with pytest.raises(ValidationError):
        services.approve_post(post, user=staff["editor"])
