"""Posting to a live story from a 390 px phone (issue 24, "Posting from a phone"): a reporter
signs in, opens the live screen from the desk home's "Berita live" panel, types an update,
attaches a photo from the camera roll and sends it; the screen stays in place, the form is
cleared and the update waits for review. An editor at a desk screen approves it. Screenshots
go to /work/notes/shots/24-desk-*.png (test-results/ when that folder is missing); no step may
overflow the phone's width."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RESULTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kata-sandi-uji"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}
NOTES_SHOTS = Path("/work/notes/shots")
UPDATE = "Air mulai surut di Jalan Darmo.\nPosko pengungsian dibuka di balai RW 3."


@pytest.fixture
def shots() -> Path:
    folder = NOTES_SHOTS if NOTES_SHOTS.is_dir() else RESULTS
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def newsroom(live_server, site, channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import AuthorFactory
    from warta.live import services
    from warta.live.tests.factories import LiveStoryPageFactory, text_body
    from warta.newsroom.roles import EDITOR, REPORTER, setup_roles

    setup_roles()
    users = get_user_model().objects
    reporter = users.create_user("dewi", password=PASSWORD, first_name="Dewi")
    reporter.groups.add(Group.objects.get(name=REPORTER))
    AuthorFactory(name="Dewi Lestari", user=reporter, photo_credit="Dewi Lestari")
    editor = users.create_user("anisa", password=PASSWORD, first_name="Anisa")
    editor.groups.add(Group.objects.get(name=EDITOR))
    story = LiveStoryPageFactory(parent=channel, title="Live: Banjir Surabaya")
    services.add_post(
        story,
        user=editor,
        body=text_body("BPBD membuka posko di Kecamatan Tegalsari."),
        pinned=True,
    )
    return {"url": live_server.url, "story": story}


def photo_file() -> dict:
    from PIL import Image, ImageDraw

    picture = Image.new("RGB", (800, 600), "#1b4965")
    ImageDraw.Draw(picture).rectangle((150, 200, 650, 520), fill="#b5651d")
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=80)
    return {"name": "IMG_20261204_1012.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def sign_in(browser, base: str, username: str, viewport: dict):
    page = browser.new_context(viewport=viewport, device_scale_factor=1).new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page


def shot(page, shots: Path, name: str, *, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width} px wide on a {width} px screen"
    # The screen's own parts lie within it (the admin scrolls inside its own container).
    right = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.live-desk__form, .live-desk-post')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert right <= width, f"the live screen reaches {right} px on a {width} px screen"
    page.screenshot(path=str(shots / f"24-desk-{name}.png"), full_page=True)


def test_a_reporter_posts_from_a_phone_and_an_editor_approves(browser, newsroom, shots):
    from warta.core.models import WartaImage
    from warta.live.models import LivePost

    base, story = newsroom["url"], newsroom["story"]
    phone = sign_in(browser, base, "dewi", PHONE)
    panel = phone.locator("#desk-live")
    expect(panel).to_contain_text("Live: Banjir Surabaya")
    panel.scroll_into_view_if_needed()
    phone.screenshot(path=str(shots / "24-desk-1-home-390.png"))
    with phone.expect_navigation():
        panel.get_by_role("link", name="Tulis pembaruan").click()
    assert phone.url.endswith(f"/admin/live/{story.pk}/")

    phone.get_by_role("button", name="Kirim").click()  # nothing typed yet
    expect(phone.locator("[data-error-for=text]")).to_have_text("Tulis dulu isi pembaruannya.")
    expect(phone.locator("[data-live-notice]")).to_contain_text("Belum terkirim")
    shot(phone, shots, "2a-empty-390", width=PHONE["width"])

    phone.fill("#id_text", UPDATE)
    phone.locator("#id_photo").set_input_files(photo_file())
    phone.fill("#id_caption", "Warga menunggu perahu karet")
    expect(phone.locator("#id_pinned")).to_have_count(0)  # the editor's flags
    shot(phone, shots, "2-typed-390", width=PHONE["width"])

    address = phone.url
    phone.get_by_role("button", name="Kirim").click()
    notice = phone.locator("[data-live-notice]")
    expect(notice).to_have_text("Terkirim, menunggu tinjauan editor.")
    assert phone.url == address  # sent by the script: the screen stayed in place
    expect(phone.locator("#id_text")).to_have_value("")
    pending = phone.locator(".live-desk-post--pending")
    expect(pending).to_contain_text("Posko pengungsian dibuka di balai RW 3.")
    expect(pending).to_contain_text("Menunggu tinjauan")
    expect(pending.locator("img")).to_have_count(1)
    shot(phone, shots, "3-sent-390", width=PHONE["width"])

    post = LivePost.objects.get(state=LivePost.State.PENDING)
    photo = WartaImage.objects.get(uploaded_by_user__username="dewi")
    assert photo.credit == "Dewi Lestari" and photo.description == "Warga menunggu perahu karet"
    assert [b.block_type for b in post.body] == ["paragraph", "paragraph", "image"]

    desk = sign_in(browser, base, "anisa", DESK)
    desk.goto(f"{base}/admin/live/{story.pk}/")
    row = desk.locator(f"#desk-post-{post.pk}")
    expect(row).to_contain_text("Air mulai surut di Jalan Darmo.")
    expect(desk.locator(".live-desk__controls")).to_contain_text("Berlangsung")
    shot(desk, shots, "4-editor-1366", width=DESK["width"])
    row.get_by_role("button", name="Tayangkan").click()
    expect(desk.locator("[data-live-notice]")).to_have_text("Pembaruan ditayangkan.")
    expect(desk.locator(".live-desk-post--pending")).to_have_count(0)
    expect(desk.locator(f"#desk-post-{post.pk}")).to_contain_text("Air mulai surut")
    shot(desk, shots, "5-approved-1366", width=DESK["width"])
    post.refresh_from_db()
    assert post.state == LivePost.State.PUBLISHED and post.version > 0

    # The editor on a phone: the same screen with the flags and the controls.
    editor_phone = sign_in(browser, base, "anisa", PHONE)
    editor_phone.goto(f"{base}/admin/live/{story.pk}/")
    expect(editor_phone.locator("#id_pinned")).to_have_count(1)
    shot(editor_phone, shots, "6-editor-390", width=PHONE["width"])
    # A correction of a published post, from the phone: the note is asked for.
    row = editor_phone.locator(f"#desk-post-{post.pk}")
    row.get_by_text("Koreksi", exact=True).click()
    row.locator("textarea[name=text]").fill("Air mulai surut di Jalan Darmo dan Jalan Raya Gubeng.")
    row.locator("input[name=note]").fill("Menambah Jalan Raya Gubeng.")
    row.scroll_into_view_if_needed()
    shot(editor_phone, shots, "7-correction-390", width=PHONE["width"])
    row.get_by_role("button", name="Simpan").click()
    expect(editor_phone.locator("[data-live-notice]")).to_have_text("Koreksi tayang.")
    expect(editor_phone.locator(f"#desk-post-{post.pk}")).to_contain_text("Jalan Raya Gubeng")
    post.refresh_from_db()
    assert post.correction_note == "Menambah Jalan Raya Gubeng."
