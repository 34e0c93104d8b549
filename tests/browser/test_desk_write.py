"""Filing a story in one screen on a 390 px phone (issue 22, "Write in one screen"): a reporter
signs in, opens the story form under their channel, types the headline and watches its length
counter and the gate checklist change, writes summary and body, uploads a photo from the
camera roll (caption typed, credit prefilled from their profile), picks byline and editor until
every gate is met, and submits for review: the story is in moderation. Screenshots of each step
go to /work/notes/shots/desk-write-*.png (test-results/ when that folder is missing); no step
may overflow the phone's width."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    PASSWORD,
    PHONE,
    no_horizontal_overflow,
    photo_file,
    shots_folder,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADLINE = "Banjir Rob Genangi Pesisir Utara Surabaya"


@pytest.fixture
def shots() -> Path:
    return shots_folder()


@pytest.fixture
def newsroom(live_server, site, channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import AuthorFactory
    from warta.newsroom.roles import setup_roles

    setup_roles()
    reporter = get_user_model().objects.create_user(
        "dewi", password=PASSWORD, first_name="Dewi", last_name="Lestari"
    )
    reporter.groups.add(Group.objects.get(name="Reporter"))
    AuthorFactory(name="Dewi Lestari", user=reporter, photo_credit="Dewi Lestari")
    AuthorFactory(name="Anisa Putri", job_title="Redaktur")
    return {"url": live_server.url, "channel": channel, "site": site}


# The form's own fields and the filing panels lie within the screen: [leftmost left,
# rightmost right] of the ones shown.
FORM_EDGES = """() => {
  const shown = [...document.querySelectorAll(
    '.warta-gates, .warta-upload, #id_title, #id_summary, #id_hero_caption, #id_dateline_place'
  )].map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  return [Math.min(...shown.map(r => r.left)), Math.max(...shown.map(r => r.right))];
}"""


def form_fits(page) -> None:
    no_horizontal_overflow(page)
    left, right = page.evaluate(FORM_EDGES)
    # (a focused field's 1 px border may sit at -1)
    assert left >= -2 and right <= PHONE["width"], f"the form spans {left}..{right} px"


def shot(page, shots: Path, name: str) -> None:
    form_fits(page)
    page.screenshot(path=str(shots / f"desk-write-{name}.png"), animations="disabled")


def gate(page, key: str):
    return page.locator(f".warta-gates__item[data-key='{key}']")


def choose_first(page, button_name: str, nth: int = 0) -> None:
    page.get_by_role("button", name=button_name).nth(nth).click()
    choice = page.locator(".modal-dialog a[data-chooser-modal-choice]")
    choice.first.click()
    expect(page.locator(".modal-dialog")).to_have_count(0)


def test_a_reporter_files_a_story_with_a_photo_from_a_phone(browser, newsroom, shots):
    from warta.articles.models import ArticlePage
    from warta.core.models import WartaImage

    base, channel = newsroom["url"], newsroom["channel"]
    phone = sign_in(browser, base, "dewi", PASSWORD)

    phone.goto(f"{base}/admin/pages/add/articles/articlepage/{channel.pk}/")
    counter = phone.locator(".warta-gates__count")
    expect(counter).to_have_text("0/110 karakter")
    expect(gate(phone, "title")).to_have_attribute("data-ok", "false")
    expect(gate(phone, "title")).to_contain_text("Judul tidak boleh kosong.")
    expect(phone.locator(".warta-gates__where")).to_contain_text(channel.title)
    shot(phone, shots, "1-empty-form")

    # Past the site's limit the counter warns and the checklist says by how much.
    title = phone.locator("#id_title")
    title.fill("Sangat " * 16)
    expect(counter).to_have_text("111/110 karakter · terlalu panjang")
    expect(counter).to_have_class("warta-gates__count warta-gates__count--over")
    expect(gate(phone, "title")).to_contain_text("Judul 111 karakter; maksimum 110.")
    shot(phone, shots, "2-headline-too-long")

    title.fill("")
    title.press_sequentially(HEADLINE)  # typing fills the slug too
    expect(counter).to_have_text(f"{len(HEADLINE)}/110 karakter")
    expect(gate(phone, "title")).to_have_attribute("data-ok", "true")
    expect(gate(phone, "title")).to_contain_text("Judul terisi, paling banyak 110 karakter")
    expect(gate(phone, "summary")).to_have_attribute("data-ok", "false")
    shot(phone, shots, "3-headline-typed")

    phone.fill("#id_summary", "Air laut pasang merendam ratusan rumah di pesisir utara.")
    phone.fill("#id_dateline_place", "SURABAYA")
    expect(gate(phone, "summary")).to_have_attribute("data-ok", "true")
    expect(gate(phone, "dateline_place")).to_have_attribute("data-ok", "true")
    phone.locator("[data-contentpath='body'] button").first.click()
    phone.get_by_text("Paragraf", exact=True).click()
    phone.locator("[contenteditable=true]").first.click()
    phone.keyboard.type("Banjir rob kembali menggenangi permukiman warga di pesisir utara.")
    shot(phone, shots, "4-summary-and-body")

    # The photo from the camera roll: credit prefilled from the reporter's profile.
    expect(phone.locator("#warta-upload-credit")).to_have_value("Dewi Lestari")
    expect(phone.locator("#warta-upload-source")).to_have_value(newsroom["site"].site_name)
    phone.fill("#id_hero_caption", "Warga melintasi genangan rob di Kenjeran")
    phone.locator("#warta-upload-file").set_input_files(photo_file())
    expect(phone.locator(".warta-upload__status")).to_have_text(
        "Foto terpasang sebagai foto utama."
    )
    expect(phone.locator("#id_hero_image-chooser")).not_to_have_class("chooser image-chooser blank")
    for key in ("hero_image", "hero_alt", "hero_credit"):
        expect(gate(phone, key)).to_have_attribute("data-ok", "true")
    phone.locator(".warta-upload__button").scroll_into_view_if_needed()
    shot(phone, shots, "5-photo-uploaded")

    choose_first(phone, "Pilih penulis")  # byline
    choose_first(phone, "Pilih editor")  # editor
    expect(gate(phone, "editor")).to_have_attribute("data-ok", "true")
    expect(phone.locator(".warta-gates__item[data-ok='false']")).to_have_count(0)
    phone.locator(".warta-gates").scroll_into_view_if_needed()
    shot(phone, shots, "6-every-gate-met")

    phone.get_by_role("button", name="Tindakan lain").click()
    with phone.expect_navigation(timeout=20000):
        phone.get_by_role("button", name="Ajukan ke Persetujuan redaksi").click()
    expect(phone.locator(".messages")).to_contain_text(HEADLINE)
    shot(phone, shots, "7-submitted")

    story = ArticlePage.objects.get(title=HEADLINE)
    assert story.workflow_in_progress and not story.live
    latest = story.get_latest_revision_as_object()
    photo = WartaImage.objects.get(pk=latest.hero_image_id)
    assert photo.collection.name == newsroom["site"].site_name
    assert (photo.description, photo.credit) == (
        "Warga melintasi genangan rob di Kenjeran",
        "Dewi Lestari",
    )
