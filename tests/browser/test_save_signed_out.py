"""A signed-out reader taps "Simpan" on a story (issue #21, defect 2): the sign-in page says
why and names the story; after signing in the reader is back on the story and it is saved.
Once with JavaScript on a phone, once without JavaScript on a desktop."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's


def make_reader(email: str):
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def save_signed_out_then_sign_in(page, base, story, user, shot):
    from warta.accounts.models import SavedStory

    path = story.get_url_parts()[2]
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.locator(".reader-actions form.js-save button").click()
    page.wait_for_url(re.compile(r"/akun/login/\?next=/akun/simpan/"))
    reason = page.locator(".auth-reason")
    assert "Masuk untuk menyimpan berita ini" in reason.inner_text()
    assert story.title in reason.inner_text()
    page.screenshot(path=shot, full_page=True)
    main = page.locator("main")
    main.get_by_label("Email atau nama pengguna").fill(user.email)
    main.get_by_label("Kata sandi", exact=True).fill(PASSWORD)
    main.get_by_role("button", name="Masuk", exact=True).click()
    page.wait_for_url(base + path)
    assert SavedStory.objects.filter(user=user, article=story).exists()
    return page.locator(".reader-actions form.js-save button")


def test_save_while_signed_out_sign_in_and_back_on_the_story_saved(
    browser, live_server, site, channel, results_dir
):
    from warta.articles.tests.factories import ArticlePageFactory

    story = ArticlePageFactory(parent=channel, title="Harga cabai turun di Pasar Keputran")
    base = live_server.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    button = save_signed_out_then_sign_in(
        phone, base, story, make_reader("sari@pembaca.example"), results_dir / "save-1-why.png"
    )
    expect(button).to_have_attribute("aria-pressed", "true")  # no eval under the site's CSP
    assert button.inner_text() == "Tersimpan"  # the page says so, too
    phone.screenshot(path=results_dir / "save-2-saved.png", full_page=True)

    no_js = browser.new_context(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
    button = save_signed_out_then_sign_in(
        no_js.new_page(), base, story, make_reader("budi@pembaca.example"), results_dir / "s.png"
    )
    assert button.count() == 1
