"""A new reader in chromium, as the issue describes: choose Jawa Timur and two channels without
an account and see the feed change; sign up, verify through the emailed link, sign in again and
find the choice kept; save a story (in place, by JavaScript); export and delete the account; a
second reader sees none of it. Screenshots go to test-results/."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's


def test_new_reader_personalises_signs_up_saves_exports_and_leaves(
    browser, live_server, site, channel, national_channel, results_dir
):
    from django.core import mail

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.models import ChannelPage
    from warta.channels.tests.factories import ChannelPageFactory
    from warta.network.services import RegionSpec, provision_site

    economy = ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=site.root_page)
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    local = ArticlePageFactory(parent=berita, title="Banjir rob di Surabaya utara")
    politics = ArticlePageFactory(parent=national_channel, title="DPR sahkan RUU baru")
    money = ArticlePageFactory(parent=economy, title="Rupiah menguat terhadap dolar")
    world = ArticlePageFactory(parent=channel, title="Korea Utara uji rudal baru")
    base = live_server.url

    reader = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = reader.new_page()
    page.goto(f"{base}/untuk-anda/")
    assert page.locator(".feed__title").count() == 0
    page.select_option("#id_province_code", "35")
    page.get_by_label("Nasional", exact=True).check()
    page.get_by_label("Ekonomi", exact=True).check()
    page.get_by_role("button", name="Simpan pilihan").click()
    titles = set(page.locator(".feed__title").all_inner_texts())
    assert titles == {local.title, politics.title, money.title} and world.title not in titles
    page.screenshot(path=results_dir / "reader-1-feed.png", full_page=True)

    page.goto(f"{base}/akun/signup/")
    page.fill("input[name=email]", "sari@pembaca.example")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    link = re.search(r"http://[^/\s]+(/akun/confirm-email/\S+)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.locator("form[action='/akun/logout/'] button").click()  # out, then in again
    page.goto(f"{base}/akun/login/")
    page.fill("input[name=login]", "sari@pembaca.example")
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    page.goto(f"{base}/untuk-anda/")
    assert page.locator("#id_province_code").input_value() == "35"  # the choice was kept
    assert set(page.locator(".feed__title").all_inner_texts()) == titles

    page.goto(f"{base}{world.get_url_parts()[2]}")
    save = page.locator(".reader-actions form.js-save button")
    save.click()
    expect(save).to_have_attribute("aria-pressed", "true")  # no eval under the site's CSP
    page.screenshot(path=results_dir / "reader-2-saved.png")
    page.reload()
    expect(page.locator(".reader-actions form.js-save button")).to_have_attribute(
        "aria-pressed", "true"
    )

    page.goto(f"{base}/akun/saya/")
    assert world.title in page.locator("#simpanan").inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh semua data saya (JSON)").click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [s["title"] for s in exported["saved_stories"]] == [world.title]
    assert exported["preferences"]["province_code"] == "35"
    page.screenshot(path=results_dir / "reader-3-account.png", full_page=True)
    page.fill("#id_password", PASSWORD)
    page.check("#id_confirm")
    page.get_by_role("button", name="Hapus akun saya").click()
    page.wait_for_load_state()
    assert "sudah dihapus" in page.content()

    stranger = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    stranger.goto(f"{base}/untuk-anda/")
    assert stranger.locator(".feed__title").count() == 0
    assert stranger.locator("#id_province_code").input_value() == ""
    stranger.goto(f"{base}{world.get_url_parts()[2]}")
    stranger.wait_for_load_state("networkidle")
    button = stranger.locator(".reader-actions form.js-save button")
    assert button.get_attribute("aria-pressed") == "false"
