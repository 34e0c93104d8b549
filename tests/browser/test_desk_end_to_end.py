"""Issue 22's "Done when", end to end on a 390 px phone through the real admin: a reporter
signs in, taps "Tulis berita" on the desk home, files a story with a photo from the camera roll
in one screen while the gate checklist changes as they type, and submits it; an editor of the
site signs in, finds it in the review queue with its age and approves it with one click; the
story is live. Every step is a screenshot (/work/notes/shots/22-e2e-<nn>-<step>.png, or
test-results/), fits the phone's width, and shows (or says, to a screen reader) none of the
English the Indonesian admin was seen to mix in (test_admin_language.ENGLISH)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.helpers import (
    PHONE,
    new_page,
    photo_file,
    shot,
    shots_folder,
    sign_in_here,
)
from warta.newsroom.tests.test_admin_language import ENGLISH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADLINE = "Banjir Rob Genangi Pesisir Utara Semarang"
CAPTION = "Warga melintasi genangan rob di Tanjung Mas"


@pytest.fixture
def newsroom(live_server, site, channel):
    """A site with one channel, its reporter (a photographer profile with a photo credit) and
    its own editor (the site's editor group, not the network-wide one)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import AuthorFactory
    from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles

    setup_roles(per_site=True)
    users = get_user_model().objects
    reporter = users.create_user("dewi", password="kata-sandi-uji", first_name="Dewi")
    reporter.last_name = "Lestari"
    reporter.save()
    reporter.groups.add(Group.objects.get(name=REPORTER))
    editor = users.create_user("anisa", password="kata-sandi-uji", first_name="Anisa")
    editor.groups.add(Group.objects.get(name=group_name(EDITOR, site)))
    AuthorFactory(name="Dewi Lestari", user=reporter, photo_credit="Dewi Lestari/Warta")
    AuthorFactory(name="Anisa Putri", user=editor, job_title="Redaktur")
    return {"url": live_server.url, "site": site, "channel": channel}


class Steps:
    """Numbered screenshots, each after checking the page fits the phone and, in the admin,
    speaks no English."""

    def __init__(self) -> None:
        self.folder = shots_folder()
        self.n = 0
        self.taken: list[str] = []

    def __call__(self, page: Page, step: str, *, admin: bool = True) -> None:
        self.n += 1
        if admin:
            no_english(page)
        path = self.folder / f"22-e2e-{self.n:02d}-{step}.png"
        shot(page, path)
        self.taken.append(path.name)


# What a screen reader says besides the text: labels, titles, placeholders, image texts.
SPOKEN = """() => [...document.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')]
  .flatMap(e => ['aria-label', 'title', 'placeholder', 'alt'].map(a => e.getAttribute(a) || ''))
  .join(' ')"""


def no_english(page: Page) -> None:
    text = page.inner_text("body") + " " + page.evaluate(SPOKEN)
    found = [phrase for phrase in ENGLISH if phrase in text]
    assert not found, f"English on {page.url}: {found}"


def gate(page: Page, key: str):
    return page.locator(f".warta-gates__item[data-key='{key}']")


def choose(page: Page, button_name: str, name: str) -> None:
    page.get_by_role("button", name=button_name).first.click()
    page.locator(".modal-dialog a[data-chooser-modal-choice]", has_text=name).click()
    expect(page.locator(".modal-dialog")).to_have_count(0)


def test_a_reporter_files_from_a_phone_and_an_editor_approves_in_one_click(browser, newsroom):
    from warta.articles.models import ArticlePage

    base, channel = newsroom["url"], newsroom["channel"]
    step = Steps()

    # 1. The reporter signs in on the admin's login page.
    reporter = new_page(browser, PHONE)
    reporter.goto(f"{base}/admin/login/")
    step(reporter, "reporter-login")
    sign_in_here(reporter, "dewi")

    # 2. The desk home: "Tulis berita" for their channel, one tap away.
    expect(reporter).to_have_url(f"{base}/admin/")
    write = reporter.get_by_role("link", name="Tulis berita")
    expect(reporter.locator("#desk-write")).to_contain_text(channel.title)
    step(reporter, "reporter-desk-home")
    with reporter.expect_navigation():
        write.tap()
    expect(reporter).to_have_url(f"{base}/admin/pages/add/articles/articlepage/{channel.pk}/")

    # 3. One screen: the checklist is there before a key is pressed, and changes as they type.
    counter = reporter.locator(".warta-gates__count")
    expect(counter).to_have_text("0/110 karakter")
    for key in ("title", "summary", "hero_image", "editor"):
        expect(gate(reporter, key)).to_have_attribute("data-ok", "false")
    step(reporter, "story-form-empty")

    reporter.locator("#id_title").press_sequentially(HEADLINE)
    expect(counter).to_have_text(f"{len(HEADLINE)}/110 karakter")
    expect(gate(reporter, "title")).to_have_attribute("data-ok", "true")
    expect(gate(reporter, "hero_image")).to_have_attribute("data-ok", "false")
    step(reporter, "headline-counted")

    reporter.fill("#id_summary", "Air laut pasang merendam ratusan rumah di pesisir utara.")
    reporter.fill("#id_dateline_place", "SEMARANG")
    reporter.locator("[data-contentpath='body'] button").first.click()
    reporter.get_by_text("Paragraf", exact=True).click()
    reporter.locator("[contenteditable=true]").first.click()
    reporter.keyboard.type("Banjir rob kembali menggenangi permukiman warga di pesisir utara.")
    expect(gate(reporter, "summary")).to_have_attribute("data-ok", "true")
    expect(gate(reporter, "dateline_place")).to_have_attribute("data-ok", "true")
    step(reporter, "summary-and-body")

    # The photo from the camera roll, its credit from the reporter's photographer profile.
    expect(reporter.locator("#warta-upload-credit")).to_have_value("Dewi Lestari/Warta")
    reporter.fill("#id_hero_caption", CAPTION)
    reporter.locator("#warta-upload-file").set_input_files(photo_file())
    expect(reporter.locator(".warta-upload__status")).to_have_text(
        "Foto terpasang sebagai foto utama."
    )
    for key in ("hero_image", "hero_alt", "hero_credit"):
        expect(gate(reporter, key)).to_have_attribute("data-ok", "true")
    expect(gate(reporter, "editor")).to_have_attribute("data-ok", "false")
    reporter.locator(".warta-upload").scroll_into_view_if_needed()
    step(reporter, "photo-from-camera-roll")

    choose(reporter, "Pilih penulis", "Dewi Lestari")  # byline
    choose(reporter, "Pilih editor", "Anisa Putri")
    expect(gate(reporter, "editor")).to_have_attribute("data-ok", "true")
    expect(reporter.locator(".warta-gates__item[data-ok='false']")).to_have_count(0)
    reporter.locator(".warta-gates").scroll_into_view_if_needed()
    step(reporter, "every-gate-met")

    # 4. Submit for review.
    reporter.get_by_role("button", name="Tindakan lain").click()
    submit = reporter.get_by_role("button", name="Ajukan ke Persetujuan redaksi")
    step(reporter, "submit-menu")
    with reporter.expect_navigation():
        submit.click()
    # Back on the desk home, where the story waits for approval.
    expect(reporter).to_have_url(f"{base}/admin/")
    expect(reporter.locator(".messages")).to_contain_text(HEADLINE)
    expect(reporter.locator("#desk-waiting")).to_contain_text(HEADLINE)
    step(reporter, "submitted-back-on-desk")
    story = ArticlePage.objects.get(title=HEADLINE)
    assert story.workflow_in_progress and not story.live

    # 5. The site's editor, on their own phone: the queue says how long it has waited.
    editor = new_page(browser, PHONE)
    editor.goto(f"{base}/admin/login/")
    sign_in_here(editor, "anisa")
    expect(editor).to_have_url(f"{base}/admin/")
    row = editor.locator(f"#desk-review [data-story='{story.pk}']")
    expect(row).to_contain_text(HEADLINE)
    expect(row.locator(".warta-desk__age")).to_have_text("menunggu baru saja")
    step(editor, "editor-review-queue")

    approve = row.get_by_role("button", name="Setujui dan terbitkan")
    with editor.expect_navigation():
        approve.tap()
    expect(editor.locator(".messages")).to_contain_text(f"'{HEADLINE}' disetujui dan terbit.")
    expect(editor.locator(f"#desk-review [data-story='{story.pk}']")).to_have_count(0)
    step(editor, "editor-approved")

    # Live: the public address answers with the headline and the photo.
    story.refresh_from_db()
    assert story.live and not story.workflow_in_progress and story.hero_image is not None
    reader = new_page(browser, PHONE)
    response = reader.goto(f"{base}{story.url}")
    assert response is not None and response.status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".hero figcaption")).to_have_text(f"{CAPTION} (Foto: Dewi Lestari/Warta)")
    expect(reader.locator(".byline__author")).to_have_text("Dewi Lestari")
    step(reader, "story-live", admin=False)
