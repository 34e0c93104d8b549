"""'N pembaca sekarang' in the admin, in chromium: beside a published story in the page
explorer and in its editor's header, for a regional editor; a withdrawn story has none."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.browser.helpers import DESKTOP, PASSWORD, shot, shots_folder, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_explorer_and_the_editor_show_readers_now(browser, live_server, site, client):
    from warta.analytics.tests.factories import BROWSER, beacon, roll
    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.models import ChannelPage
    from warta.network.services import RegionSpec, provision_site
    from warta.newsroom.roles import EDITOR, group_name

    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    channel = ChannelPage.objects.descendant_of(jatim.root_page).first()
    read = ArticlePageFactory(parent=channel, title="Banjir rob rendam pesisir Gresik")
    quiet = ArticlePageFactory(parent=channel, title="Pasar Turi buka sampai malam")
    withdrawn = ArticlePageFactory(parent=channel, title="Jadwal kereta lebaran")
    withdrawn.unpublish()
    for n in range(3):
        beacon(client, jatim, read, agent=f"{BROWSER} reader/{n}")
    roll()
    user = get_user_model().objects.create_user("redaktur-jatim", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name(EDITOR, jatim)))

    viewport = {**DESKTOP, "width": 1366, "height": 900}
    page = sign_in(browser, live_server.url, "redaktur-jatim", viewport=viewport)
    page.goto(f"{live_server.url}/admin/pages/{channel.pk}/")
    row = page.locator("tr", has=page.locator(f"#page_{read.pk}_title"))
    expect(row.locator(".readers-now")).to_have_text("3 pembaca sekarang")
    quiet_row = page.locator("tr", has=page.locator(f"#page_{quiet.pk}_title"))
    expect(quiet_row.locator(".readers-now")).to_have_text("0 pembaca sekarang")
    withdrawn_row = page.locator("tr", has=page.locator(f"#page_{withdrawn.pk}_title"))
    expect(withdrawn_row).to_be_visible()
    assert withdrawn_row.locator(".readers-now").count() == 0
    shot(page, shots_folder() / "an-reader" / "explorer-readers-now-1366.png")

    page.goto(f"{live_server.url}/admin/pages/{read.pk}/edit/")
    badge = page.locator(".w-slim-header .readers-now")
    expect(badge).to_have_text("3 pembaca sekarang")
    # Wagtail's minimap waits folded at the right edge (not ours to check for overflow).
    page.screenshot(path=str(shots_folder() / "an-reader" / "editor-readers-now-1366.png"))
