"""Issue 24's "Done when", in browsers: a reader has a live story open on a phone and is
reading further down; a reporter posts from the live screen on their phone (it waits for
review), the editor taps "Tayangkan", and within the story's poll interval the reader's page
offers "1 pembaruan baru" without moving; a tap shows the post. Screenshots go to
/work/notes/shots/24-e2e-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, PHONE, new_page, shot, shots_folder, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
UPDATE = "Petugas KPPS di TPS 12 Tegalsari mulai menghitung surat suara."


@pytest.fixture
def coverage(live_server, site, channel):
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
    story = LiveStoryPageFactory(
        parent=channel, title="Live: Pilkada Surabaya", poll_seconds=2, summary="Hitung suara."
    )
    for n in range(8):
        services.add_post(
            story,
            user=editor,
            body=text_body(f"Laporan ke-{n + 1} dari TPS di Surabaya. " + "Pemilih antre. " * 12),
            pinned=n == 0,
            key_event=n in (1, 4),
        )
    return {"url": live_server.url, "story": story}


def test_a_reporters_post_reaches_a_reader_who_keeps_their_place(browser, coverage):
    from warta.live.models import LivePost

    base, story = coverage["url"], coverage["story"]
    shots = shots_folder()
    reader = new_page(browser, PHONE)
    reader.goto(f"{base}{story.url}")
    expect(reader.locator(".live-status")).to_contain_text("Berlangsung")
    reading = reader.locator(".live-stream > .live-post").nth(3)
    reading.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 120)")
    scrolled, reading_top = reader.evaluate("scrollY"), reading.bounding_box()["y"]
    assert scrolled > 600
    shot(reader, shots / "24-e2e-1-reader-reading.png")

    phone = sign_in(browser, base, "dewi", viewport=PHONE)
    phone.goto(f"{base}/admin/live/{story.pk}/")
    phone.fill("#id_text", UPDATE)
    phone.get_by_role("button", name="Kirim").click()
    expect(phone.locator("[data-live-notice]")).to_have_text("Terkirim, menunggu tinjauan editor.")
    shot(phone, shots / "24-e2e-2-reporter-sent.png")
    post = LivePost.objects.get(state=LivePost.State.PENDING)

    desk = sign_in(browser, base, "anisa", viewport=PHONE)
    desk.goto(f"{base}/admin/live/{story.pk}/")
    desk.locator(f"#desk-post-{post.pk}").get_by_role("button", name="Tayangkan").click()
    expect(desk.locator("[data-live-notice]")).to_have_text("Pembaruan ditayangkan.")
    shot(desk, shots / "24-e2e-3-editor-approved.png")

    # Within the poll interval (2 s, first poll jittered up to 3 s) plus a render.
    button = reader.locator(".live-new")
    expect(button).to_have_text("1 pembaruan baru", timeout=6000)
    assert reader.evaluate("scrollY") == scrolled
    assert reading.bounding_box()["y"] == reading_top
    assert reader.locator(f"#{post.anchor}").count() == 0
    shot(reader, shots / "24-e2e-4-reader-button.png")
    button.click()
    expect(reader.locator(f"#{post.anchor}")).to_be_in_viewport()
    expect(reader.locator(f"#{post.anchor}")).to_contain_text(UPDATE)
    shot(reader, shots / "24-e2e-5-reader-new-post.png")
