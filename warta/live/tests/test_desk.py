"""The live desk in the admin (live.admin_views): a reporter posts from the phone screen and
waits for review, an editor posts live, pins, approves, corrects, deletes and slows polling;
a reporter may do none of the editor's actions; another site's desk reaches nothing of the
story; bad input is refused with the typed text kept."""

from __future__ import annotations

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image as PILImage

from warta.articles.tests.factories import AuthorFactory
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage
from warta.live import services
from warta.live.models import LivePost, LiveStatus, LiveStoryPage
from warta.live.tests.factories import LivePostFactory, LiveStoryPageFactory, text_body
from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles
from warta.newsroom.tests.conftest import form_from_admin, make_user

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


def jpeg(size=(64, 48)) -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", size, "#1b4965").save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_regions, build_site, module_world

    with module_world(django_db_blocker):
        build_site()
        setup_roles()
        regions = build_regions()
        story = LiveStoryPageFactory(
            parent=ChannelPage.objects.get(pk=regions["channels"]["jatim"]),
            title="Live: Banjir Surabaya",
        )
        yield {**regions, "story": story.pk}


@pytest.fixture
def network(built_network, db):
    from conftest import load_regions

    story = LiveStoryPage.objects.get(pk=built_network["story"])
    return {**load_regions(built_network), "story": story}


@pytest.fixture
def people(network):
    jatim, bali = network["sites"]["jatim"], network["sites"]["bali"]
    reporter = make_user("dewi", group_name(REPORTER, jatim))
    AuthorFactory(name="Dewi Lestari", user=reporter, photo_credit="Dewi L./Warta")
    return {
        "reporter": reporter,
        "other_reporter": make_user("reporter-jatim-2", group_name(REPORTER, jatim)),
        "editor": make_user("redaktur", group_name(EDITOR, jatim)),
        "bali_reporter": make_user("reporter-bali", group_name(REPORTER, bali)),
        "bali_editor": make_user("redaktur-bali", group_name(EDITOR, bali)),
    }


def url(name: str, story) -> str:
    return reverse(name, args=[story.pk])


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def textarea(response) -> str:
    return BeautifulSoup(response.content, "html.parser").select_one("#id_text").get_text()


def send(client, story, **data):
    return client.post(url("live_desk", story), data, follow=True)


# ---- posting ---------------------------------------------------------------------------------


def test_a_reporters_post_waits_for_review_and_says_so(client, network, people):
    story = network["story"]
    client.force_login(people["reporter"])
    screen = client.get(url("live_desk", story))
    page = BeautifulSoup(screen.content, "html.parser")
    photo = page.select_one("input[type=file][name=photo]")
    assert photo["accept"] == "image/*" and photo["capture"] == "environment"
    assert page.select_one("[name=pinned]") is None and page.select_one("[name=key_event]") is None
    assert page.select_one(".live-desk__controls") is None  # status/polling: editors only

    response = send(
        client,
        story,
        text="Air setinggi lutut di Jalan Darmo.\n\nInfo: https://bpbd.jatimprov.go.id <b>x</b>",
        title="Banjir meluas",
        pinned="on",  # not offered to a reporter: ignored
        key_event="on",
    )
    assert response.redirect_chain[-1][0] == url("live_desk", story)
    assert "Terkirim, menunggu tinjauan editor." in text_of(response)
    post = LivePost.objects.get()
    assert post.state == LivePost.State.PENDING and not post.pinned and not post.key_event
    assert post.author.name == "Dewi Lestari" and post.posted_by == people["reporter"]
    paragraphs = [block.value.source for block in post.body]
    assert paragraphs[0] == "<p>Air setinggi lutut di Jalan Darmo.</p>"
    assert '<a href="https://bpbd.jatimprov.go.id"' in paragraphs[1]
    assert "&lt;b&gt;x&lt;/b&gt;" in paragraphs[1]  # typed markup is text, not HTML
    assert len(paragraphs) == 2
    story.refresh_from_db()
    assert story.live_version == 0  # nothing readers see has changed
    listed = BeautifulSoup(response.content, "html.parser").select_one(".live-desk-post--pending")
    assert "Menunggu tinjauan" in listed.get_text() and listed.select_one("form") is not None
    assert "Tayangkan" not in listed.get_text()


def test_an_editor_posts_live_pinned_and_as_a_key_event(client, network, people):
    story = network["story"]
    client.force_login(people["editor"])
    response = send(
        client, story, text="KPU mulai rekapitulasi.", pinned="on", key_event="on", as_quote=""
    )
    assert "Terkirim, tayang." in text_of(response)
    post = LivePost.objects.get()
    assert post.state == LivePost.State.PUBLISHED and post.pinned and post.key_event
    assert client.get(f"/live/{story.pk}/updates/").json()["posts"][0]["id"] == post.pk


def test_a_quote_and_a_photo_from_the_camera_roll(client, network, people):
    story = network["story"]
    client.force_login(people["reporter"])
    photo = SimpleUploadedFile("IMG_0712.jpg", jpeg(), content_type="image/jpeg")
    send(
        client,
        story,
        text="Kami butuh perahu karet.",
        as_quote="on",
        speaker="Lurah Darmo",
        photo=photo,
        caption="Warga mengungsi ke balai desa",
    )
    post = LivePost.objects.get()
    quote, image = list(post.body)
    assert quote.block_type == "quote"
    assert (quote.value["text"], quote.value["speaker"]) == (
        "Kami butuh perahu karet.",
        "Lurah Darmo",
    )
    assert image.block_type == "image"
    assert image.value["caption"] == "Warga mengungsi ke balai desa"
    stored = WartaImage.objects.get(uploaded_by_user=people["reporter"])
    assert stored.collection.name == "Warta Jatim"  # the story's site's own collection
    assert (stored.credit, stored.credit_source) == ("Dewi L./Warta", "Warta Jatim")
    assert stored.uploaded_by_user == people["reporter"]


def test_an_empty_post_is_refused_and_the_title_kept(client, network, people):
    client.force_login(people["reporter"])
    response = client.post(
        url("live_desk", network["story"]), {"text": "  \n ", "title": "Judul saya"}
    )
    assert response.status_code == 400
    assert "Tulis dulu isi pembaruannya." in text_of(response)
    assert 'value="Judul saya"' in response.content.decode()
    assert not LivePost.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "content_type", "message"),
    [
        (b"%PDF-1.4 bukan foto", "surat.pdf", "application/pdf", "Berkas ini bukan foto."),
        (b"bukan gambar sama sekali", "foto.jpg", "image/jpeg", "Berkas ini bukan foto."),
    ],
)
def test_a_file_that_is_not_a_photo_is_refused_and_the_text_kept(
    client, network, people, content, name, content_type, message
):
    client.force_login(people["reporter"])
    typed = "Jembatan Kali Mas putus.\nWarga diminta menjauh."
    response = client.post(
        url("live_desk", network["story"]),
        {"text": typed, "photo": SimpleUploadedFile(name, content, content_type=content_type)},
    )
    assert response.status_code == 400
    assert message in text_of(response) and "Pilih fotonya lagi." in text_of(response)
    assert textarea(response).strip() == typed
    assert not LivePost.objects.exists()
    assert not WartaImage.objects.filter(uploaded_by_user=people["reporter"]).exists()


@override_settings(WAGTAILIMAGES_MAX_UPLOAD_SIZE=1000)
def test_an_oversized_photo_is_refused_and_the_text_kept(client, network, people):
    client.force_login(people["reporter"])
    big = SimpleUploadedFile("besar.jpg", jpeg((400, 400)) + b"\0" * 2000, "image/jpeg")
    response = client.post(
        url("live_desk", network["story"]), {"text": "Hujan deras lagi.", "photo": big}
    )
    assert response.status_code == 400
    assert "Berkas terlalu besar" in text_of(response) and "maksimum 1000" in text_of(response)
    assert textarea(response).strip() == "Hujan deras lagi."
    assert not LivePost.objects.exists()


def test_the_script_gets_json_with_the_new_lists_or_the_errors(client, network, people):
    story = network["story"]
    client.force_login(people["reporter"])
    sent = client.post(url("live_desk", story), {"text": "Lewat fetch."}, **JSON)
    assert sent.status_code == 200
    assert sent.json()["ok"] and sent.json()["message"] == "Terkirim, menunggu tinjauan editor."
    assert "Lewat fetch." in sent.json()["lists"]
    refused = client.post(url("live_desk", story), {"text": ""}, **JSON)
    assert refused.status_code == 400 and not refused.json()["ok"]
    assert refused.json()["errors"]["text"] == ["Tulis dulu isi pembaruannya."]
    polled = client.get(url("live_desk_lists", story))
    assert "Lewat fetch." in polled.json()["lists"]


def test_a_finished_story_takes_no_post_and_keeps_the_text(client, network, people):
    story = network["story"]
    services.set_live_controls(story, user=people["editor"], status=LiveStatus.FINISHED)
    client.force_login(people["editor"])
    response = client.post(url("live_desk", story), {"text": "Terlambat."})
    assert response.status_code == 400
    assert "sudah selesai" in text_of(response) and textarea(response).strip() == "Terlambat."


# ---- review, corrections, deletion, flags, controls -------------------------------------------


def pending_post(story, user):
    return services.add_post(story, user=user, body=text_body("Antrean pengungsi.")).post


def test_an_editor_approves_a_pending_post(client, network, people):
    story = network["story"]
    post = pending_post(story, people["reporter"])
    client.force_login(people["reporter"])
    refused = client.post(url("live_desk_approve", story), {"post": post.pk})
    assert refused.status_code == 403
    assert "Hanya editor yang boleh menayangkan pembaruan ini." in text_of(refused)
    assert "Kembali ke layar live" in text_of(refused)
    scripted = client.post(url("live_desk_approve", story), {"post": post.pk}, **JSON)
    assert scripted.status_code == 403
    assert scripted.json() == {
        "ok": False,
        "message": "Hanya editor yang boleh menayangkan pembaruan ini.",
    }
    client.force_login(people["editor"])
    screen = BeautifulSoup(client.get(url("live_desk", story)).content, "html.parser")
    assert "Tayangkan" in screen.select_one(f"#desk-post-{post.pk}").get_text()
    response = client.post(url("live_desk_approve", story), {"post": post.pk}, follow=True)
    assert "Pembaruan ditayangkan." in text_of(response)
    post.refresh_from_db()
    assert post.state == LivePost.State.PUBLISHED


def test_a_correction_of_a_published_post_needs_its_note(client, network, people):
    story = network["story"]
    post = services.add_post(story, user=people["editor"], body=text_body("Korban 3 orang.")).post
    client.force_login(people["editor"])
    refused = client.post(
        url("live_desk_correct", story), {"post": post.pk, "text": "Korban 4 orang."}, follow=True
    )
    assert "Tulis catatan koreksi" in text_of(refused)
    post.refresh_from_db()
    assert "3 orang" in post.body[0].value.source and post.corrected_at is None
    client.post(
        url("live_desk_correct", story),
        {"post": post.pk, "text": "Korban 4 orang.", "note": "Angka dari BPBD diperbarui."},
    )
    post.refresh_from_db()
    assert "4 orang" in post.body[0].value.source
    assert post.correction_note == "Angka dari BPBD diperbarui." and post.corrected_at


def test_a_correction_keeps_the_photo(client, network, people):
    story = network["story"]
    client.force_login(people["reporter"])
    photo = SimpleUploadedFile("IMG.jpg", jpeg(), content_type="image/jpeg")
    send(client, story, text="Salah ketk.", photo=photo)
    post = LivePost.objects.get()
    client.post(url("live_desk_correct", story), {"post": post.pk, "text": "Salah ketik."})
    post.refresh_from_db()
    assert [b.block_type for b in post.body] == ["paragraph", "image"]
    assert "Salah ketik." in post.body[0].value.source and post.corrected_at is None  # pending


def test_a_reporter_changes_and_deletes_only_their_own_posts(client, network, people):
    story = network["story"]
    mine = pending_post(story, people["reporter"])
    theirs = pending_post(story, people["other_reporter"])
    client.force_login(people["reporter"])
    screen = BeautifulSoup(client.get(url("live_desk", story)).content, "html.parser")
    assert screen.select_one(f"#desk-post-{theirs.pk} form") is None
    for name, data in [
        ("live_desk_correct", {"text": "Diubah."}),
        ("live_desk_delete", {}),
    ]:
        assert client.post(url(name, story), {"post": theirs.pk, **data}).status_code == 403
    response = client.post(url("live_desk_delete", story), {"post": mine.pk}, follow=True)
    assert "Pembaruan dihapus." in text_of(response)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == LivePost.State.DELETED and theirs.state == LivePost.State.PENDING


def test_only_editors_pin_mark_key_events_and_change_status_or_polling(client, network, people):
    story = network["story"]
    post = services.add_post(story, user=people["editor"], body=text_body("Pukul 12.")).post
    client.force_login(people["reporter"])
    for name, data in [
        ("live_desk_flags", {"post": post.pk, "pinned": "1"}),
        ("live_desk_flags", {"post": post.pk, "key_event": "1"}),
        ("live_desk_controls", {"status": "finished"}),
        ("live_desk_controls", {"poll_seconds": "60"}),
    ]:
        assert client.post(url(name, story), data).status_code == 403, (name, data)
    post.refresh_from_db()
    story.refresh_from_db()
    assert not post.pinned and not post.key_event
    assert story.live_status == LiveStatus.LIVE and story.poll_seconds == 10

    client.force_login(people["editor"])
    client.post(url("live_desk_flags", story), {"post": post.pk, "pinned": "1"})
    client.post(url("live_desk_flags", story), {"post": post.pk, "key_event": "1"})
    post.refresh_from_db()
    assert post.pinned and post.key_event
    client.post(url("live_desk_flags", story), {"post": post.pk, "pinned": "0"})
    post.refresh_from_db()
    assert not post.pinned and post.key_event
    client.post(url("live_desk_controls", story), {"poll_seconds": "0"})
    response = client.post(url("live_desk_controls", story), {"status": "finished"}, follow=True)
    assert "Pengaturan siaran disimpan." in text_of(response)
    story.refresh_from_db()
    assert story.live_status == LiveStatus.FINISHED and story.poll_seconds == 0
    bad = client.post(url("live_desk_controls", story), {"poll_seconds": "5"}, follow=True)
    assert bad.redirect_chain and story.poll_seconds == 0


# ---- the tenant rule and signing in -----------------------------------------------------------

ACTIONS = [
    "live_desk_approve",
    "live_desk_correct",
    "live_desk_delete",
    "live_desk_flags",
    "live_desk_controls",
]


@pytest.mark.parametrize("who", ["bali_reporter", "bali_editor"])
def test_another_sites_desk_reaches_nothing_of_the_story(client, network, people, who):
    story = network["story"]
    post = services.add_post(story, user=people["editor"], body=text_body("Rahasia Jatim.")).post
    pending = pending_post(story, people["reporter"])
    client.force_login(people[who])
    assert client.get(url("live_desk", story)).status_code == 404
    assert client.get(url("live_desk_lists", story)).status_code == 404
    assert client.post(url("live_desk", story), {"text": "Dibajak."}).status_code == 404
    for name in ACTIONS:
        for target in (post, pending):
            data = {
                "post": target.pk,
                "text": "Dibajak",
                "note": "x",
                "pinned": "1",
                "status": "finished",
            }
            assert client.post(url(name, story), data).status_code == 404, name
    assert LivePost.objects.filter(state=LivePost.State.PUBLISHED).count() == 1
    assert LivePost.objects.count() == 2
    story.refresh_from_db()
    assert story.live_status == LiveStatus.LIVE
    home = client.get(reverse("wagtailadmin_home"))
    assert "Live: Banjir Surabaya" not in home.content.decode()


def test_a_post_of_another_story_is_not_found_through_this_one(client, network, people):
    story = network["story"]
    other = LiveStoryPageFactory(parent=network["channels"]["jatim"])
    foreign = LivePostFactory(story=other, body=text_body("Lain."))
    client.force_login(people["editor"])
    assert client.post(url("live_desk_delete", story), {"post": foreign.pk}).status_code == 404


def test_signed_out_every_address_asks_to_sign_in(client, network):
    story = network["story"]
    for name in ["live_desk", "live_desk_lists"]:
        response = client.get(url(name, story))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    for name in ACTIONS:
        response = client.post(url(name, story), {"post": "1"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


# ---- entry points and the live story's form ----------------------------------------------------


def test_the_desk_home_lists_live_stories_with_a_button_to_post(client, network, people):
    story = network["story"]
    LiveStoryPageFactory(
        parent=network["channels"]["jatim"], title="Live: selesai", live_status="finished"
    )
    LiveStoryPageFactory(parent=network["channels"]["bali"], title="Live: Bali")
    pending_post(story, people["reporter"])
    client.force_login(people["editor"])
    panel = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    live = panel.select_one("#desk-live")
    assert [a.get_text(strip=True) for a in live.select(".warta-desk__title")] == [story.title]
    assert live.select_one(f'a[href="{url("live_desk", story)}"].button').get_text() == (
        "Tulis pembaruan"
    )
    assert "1 menunggu tinjauan" in live.get_text()


def test_the_story_in_the_admin_opens_the_live_screen(client, network, people):
    story = network["story"]
    client.force_login(people["editor"])
    listing = client.get(reverse("wagtailadmin_explore", args=[network["channels"]["jatim"].pk]))
    assert url("live_desk", story) in listing.content.decode()
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk]))
    assert url("live_desk", story) in edit.content.decode()
    assert "Buka layar live" in text_of(edit)


def test_a_reporter_creates_a_live_story_with_its_live_settings(client, network, people):
    channel = network["channels"]["jatim"]
    client.force_login(people["reporter"])
    types = client.get(reverse("wagtailadmin_pages:add_subpage", args=[channel.pk]))
    assert "Berita live" in text_of(types)
    form = client.get(reverse("wagtailadmin_pages:add", args=["live", "livestorypage", channel.pk]))
    assert form.status_code == 200
    fields = BeautifulSoup(form.content, "html.parser")
    for name in ["summary", "coverage_start", "coverage_end"]:
        assert fields.select_one(f'[name="{name}"]') is not None, name
    for name in ["live_status", "poll_seconds"]:  # the live screen's
        assert fields.select_one(f'[name="{name}"]') is None, name
    assert fields.select_one('[name^="live_posts"]') is None  # posts are not in the page form
    assert LiveStoryPage.objects.count() == 1


def test_a_reporter_saves_a_new_live_story_as_a_draft(client, network, people):
    channel = network["channels"]["jatim"]
    client.force_login(people["reporter"])
    add = reverse("wagtailadmin_pages:add", args=["live", "livestorypage", channel.pk])
    data = form_from_admin(client, add)
    byline = AuthorFactory(name="Dewi L.").pk
    data.update({"bylines-TOTAL_FORMS": "1", "bylines-0-author": str(byline)})
    data.update({"bylines-0-ORDER": "1", "bylines-0-id": "", "bylines-0-DELETE": ""})
    data.update(
        {
            "title": "Live: Final Liga 1",
            "slug": "live-final-liga-1",
            "summary": "Persebaya menjamu Persib di Gelora Bung Tomo.",
            "coverage_start": "2099-06-01 19:00",
        }
    )
    response = client.post(add, data)
    assert response.status_code == 302, text_of(response)[:2000]
    story = LiveStoryPage.objects.get(slug="live-final-liga-1")
    draft = story.get_latest_revision_as_object()
    assert (draft.live_status, draft.poll_seconds) == ("upcoming", 10)  # announced ahead
    assert story.owner == people["reporter"] and not story.live
    assert client.get(url("live_desk", story)).status_code == 200  # and posts in it at once


def test_publishing_an_edit_opened_before_the_latest_posts_keeps_the_version(network, people):
    story = network["story"]
    edit = story.save_revision(user=people["editor"])  # the editor opened it at version 0
    for text in ("Satu.", "Dua."):
        services.add_post(story, user=people["editor"], body=text_body(text))
    edit.publish(user=people["editor"])
    story.refresh_from_db()
    assert story.live_version == 2


def test_publishing_an_edit_opened_before_the_desk_ended_the_story_keeps_it_ended(network, people):
    story = network["story"]
    edit = story.save_revision(user=people["editor"])  # opened while on air
    services.set_live_controls(story, user=people["editor"], status="finished", poll_seconds=0)
    edit.publish(user=people["editor"])
    story.refresh_from_db()
    assert (story.live_status, story.poll_seconds) == ("finished", 0)


def test_a_video_address_on_its_own_line_becomes_a_video_readers_start_with_a_tap(
    client, network, people
):
    story = network["story"]
    client.force_login(people["editor"])
    send(
        client,
        story,
        text="Pidato:\nhttps://youtu.be/dQw4w9WgXcQ\nLihat https://vimeo.com/76979871 juga",
    )
    post = LivePost.objects.get()
    assert [b.block_type for b in post.body] == ["paragraph", "video", "paragraph"]
    client.logout()
    site = network["sites"]["jatim"]
    public = client.get(story.relative_url(site), HTTP_HOST=site.hostname)
    page = BeautifulSoup(public.content, "html.parser")
    facade = page.select_one(f"#{post.anchor} .video__facade")
    assert facade is not None, page.select_one(f"#{post.anchor}")
    assert facade["data-player"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    assert page.select_one(f"#{post.anchor} iframe") is None  # nothing from YouTube before a tap
    assert page.select_one("script[src*='video.js']") is not None
    # An address inside a sentence stays a link; the correction form gives the line back.
    assert "vimeo.com/76979871" in post.body[2].value.source
    from warta.live.forms import text_of_body

    assert "https://youtu.be/dQw4w9WgXcQ" in text_of_body(post.body).splitlines()
