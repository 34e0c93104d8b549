"""The admin works under its Content Security Policy (warta.core.security.csp), in chromium:
sign-in, dashboard, page explorer, the story editor (StreamField toolbar, image and author
choosers), the users listing and a user's form, with no violation of the enforced policy. Violations
of the report-only (strict) policy are expected: Wagtail 8 still renders inline scripts."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kata-sandi-uji"
# Every violation the page sees, enforced or reported, from the moment it starts loading.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push({
  disposition: e.disposition, directive: e.effectiveDirective, blocked: e.blockedURI,
  source: e.sourceFile, line: e.lineNumber}));
"""


@pytest.fixture
def newsroom(live_server, site, channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.articles.tests.factories import AuthorFactory
    from warta.core.tests.factories import WartaImageFactory
    from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, setup_roles

    setup_roles()
    users = get_user_model().objects
    for username, role in [
        ("redaktur", EDITOR),
        ("jaringan", NETWORK_ADMIN),
        ("reporter", REPORTER),
    ]:
        users.create_user(username, f"{username}@warta.localhost", PASSWORD).groups.add(
            Group.objects.get(name=role)
        )
    AuthorFactory(name="Anisa Putri")
    WartaImageFactory(title="Genangan rob")
    return {"url": live_server.url, "channel": channel}


def signed_in(browser, base: str, username: str):
    page = admin_login(browser, base, username, PASSWORD)
    page.context.add_init_script(LISTEN)
    return page


def open_admin(page, url: str) -> None:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert response.status == 200, url
    assert "'unsafe-eval'" not in response.headers["content-security-policy"]  # enforced


def enforced_violations(page) -> list[dict]:
    return [v for v in page.evaluate("window.__csp || []") if v["disposition"] == "enforce"]


def test_the_sign_in_page_works_under_the_strict_policy(browser, newsroom):
    page = browser.new_context().new_page()
    page.add_init_script(LISTEN)
    response = page.goto(f"{newsroom['url']}/admin/login/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    page.fill("#id_username", "redaktur")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert page.url.endswith("/admin/")
    assert page.evaluate("window.__csp") == []  # nothing blocked, nothing even reported


def test_an_editor_writes_a_story_under_the_admin_policy(browser, newsroom):
    base, channel = newsroom["url"], newsroom["channel"]
    page = signed_in(browser, base, "redaktur")
    problems = []
    for url in (f"{base}/admin/", f"{base}/admin/pages/", f"{base}/admin/pages/{channel.pk}/"):
        open_admin(page, url)
        problems += enforced_violations(page)
    open_admin(page, f"{base}/admin/pages/add/articles/articlepage/{channel.pk}/")
    # StreamField: the toolbar adds a paragraph block and it takes text.
    page.locator("[data-contentpath='body'] button").first.click()
    page.get_by_text("Paragraf", exact=True).click()
    page.locator("[data-contentpath='body'] [contenteditable=true]").first.click()
    page.keyboard.type("Banjir rob menggenangi pesisir utara.")
    assert "Banjir rob" in page.locator("[data-contentpath='body']").inner_text()
    # The image chooser opens in a modal and fills the field.
    page.get_by_role("button", name="Pilih sebuah gambar").click()
    page.locator(
        ".modal-dialog a.image-choice, .modal-dialog a[data-chooser-modal-choice]"
    ).first.click()
    # Locator assertions, not wait_for_function: a string predicate is eval'd in the page,
    # which the admin's policy (rightly) forbids once the first check is false.
    expect(page.locator("#id_hero_image")).not_to_have_value("")
    # The byline's author chooser: an inline panel's chooser.
    page.get_by_role("button", name="Pilih penulis").first.click()
    page.locator(".modal-dialog a[data-chooser-modal-choice]").first.click()
    expect(page.locator("#id_bylines-0-author")).not_to_have_value("")
    problems += enforced_violations(page)
    assert problems == []


def test_a_network_admin_manages_users_under_the_admin_policy(browser, newsroom):
    from django.contrib.auth import get_user_model

    base = newsroom["url"]
    page = signed_in(browser, base, "jaringan")
    reporter = get_user_model().objects.get(username="reporter")
    open_admin(page, f"{base}/admin/users/")
    assert page.get_by_text("reporter", exact=True).count() >= 1
    problems = enforced_violations(page)
    open_admin(page, f"{base}/admin/users/edit/{reporter.pk}/")
    page.locator("#tab-label-roles").click()  # the tabs are a Stimulus controller
    assert page.locator("#tab-roles").is_visible()
    assert page.locator("#tab-roles input[name=groups]").count() >= 1
    assert problems + enforced_violations(page) == []
