"""'Saran tag' in the story editor, in chromium under the admin's CSP: the imported seed story
is offered "Korea Utara", "Rusia" and "Kamala Harris"; one click puts a name in the tags field
and takes its button away. At 1366 px and on a 390 px phone; screenshots of both."""

from io import StringIO
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "kata-sandi-uji"
SHOTS = Path("/work/notes/shots")
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push({
  disposition: e.disposition, directive: e.effectiveDirective, blocked: e.blockedURI}));
"""


@pytest.fixture
def seed_story(seed_path, live_server, site, channel, national_channel):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from warta.articles.models import ArticlePage
    from warta.newsroom.roles import EDITOR, setup_roles

    setup_roles()
    get_user_model().objects.create_user("redaktur", password=PASSWORD).groups.add(
        Group.objects.get(name=EDITOR)
    )
    call_command("import_text", str(seed_path), stdout=StringIO())
    return ArticlePage.objects.get()


def editor_page(browser, base: str, width: int):
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", "redaktur")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/admin/")
    return page


@pytest.mark.parametrize("width", [1366, 390])
def test_one_click_adds_a_suggested_tag(browser, live_server, seed_story, width):
    page = editor_page(browser, live_server.url, width)
    page.goto(f"{live_server.url}/admin/pages/{seed_story.pk}/edit/")
    panel = page.locator(".warta-tag-suggestions")
    expect(panel.get_by_role("heading", name="Saran tag")).to_be_visible()
    for name in ("Korea Utara", "Rusia", "Kamala Harris"):
        expect(panel.get_by_role("button", name=name, exact=True)).to_be_visible()
    panel.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"desk-tags-{width}.png")

    panel.get_by_role("button", name="Kamala Harris", exact=True).click()
    expect(panel.get_by_role("button", name="Kamala Harris", exact=True)).to_have_count(0)
    expect(panel.get_by_role("status")).to_have_text("Tag ditambahkan: Kamala Harris")
    # Wagtail shows (and saves) a multi-word tag in quotes.
    expect(page.locator("ul.tagit .tagit-label")).to_have_text(['"Kamala Harris"'])
    expect(page.locator("#id_tags")).to_have_value('"Kamala Harris"')
    page.screenshot(path=SHOTS / f"desk-tags-{width}-added.png")
    enforced = [v for v in page.evaluate("window.__csp") if v["disposition"] == "enforce"]
    assert enforced == []
