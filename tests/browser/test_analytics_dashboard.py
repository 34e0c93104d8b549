"""The analytics overview in chromium as Jatim's editor on a phone: readers now and the top
stories move when new readers arrive, within one 15-second refresh (Playwright's clock, no
sleep); the page fits a 390 px screen; the other site's overview is a 404."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PASSWORD, PHONE, no_horizontal_overflow, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_readers_now_refreshes_every_fifteen_seconds(browser, live_server, site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    from warta.analytics.tests.factories import BROWSER, beacon, roll
    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.models import ChannelPage
    from warta.network.services import RegionSpec, provision_site
    from warta.newsroom.roles import EDITOR, group_name, setup_roles

    setup_roles()
    jatim = provision_site(
        RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
        channels=[("Berita", "berita")],
    )
    berita = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
    banjir = ArticlePageFactory(parent=berita, title="Banjir di Sidoarjo")
    pasar = ArticlePageFactory(parent=berita, title="Pasar Turi buka lagi")
    editor = get_user_model().objects.create_user("redaktur-jatim", "r@warta.localhost", PASSWORD)
    editor.groups.add(Group.objects.get(name=group_name(EDITOR, jatim)))
    readers = Client()
    beacon(readers, jatim, banjir, agent=f"{BROWSER} satu")
    roll()

    page = sign_in(browser, live_server.url, "redaktur-jatim", viewport=PHONE)
    page.clock.install()
    page.goto(f"{live_server.url}/admin/analitik/situs/{jatim.pk}/")
    total = page.locator("[data-live-total]")
    expect(total).to_have_text("1")
    stories = page.locator("[data-live-stories] li")
    expect(stories).to_have_count(1)
    assert page.locator("svg.warta-an__plot").count() == 1
    no_horizontal_overflow(page)

    for n in range(3):
        beacon(readers, jatim, pasar, agent=f"{BROWSER} pasar-{n}")
    roll()
    page.clock.run_for(14_000)
    expect(total).to_have_text("1")  # not yet: the refresh comes at 15 s
    page.clock.run_for(1_500)
    expect(total).to_have_text("4")
    expect(stories).to_have_count(2)
    expect(stories.first).to_contain_text("Pasar Turi buka lagi")
    expect(stories.first.locator(".warta-an__num")).to_have_text("3")
    expect(page.locator("[data-live-desks] tbody tr")).to_have_count(1)
    expect(page.locator("[data-live-desks] tbody tr td.warta-an__num").first).to_have_text("4")

    response = page.goto(f"{live_server.url}/admin/analitik/situs/{site.pk}/")
    assert response is not None and response.status == 404
