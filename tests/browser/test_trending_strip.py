"""Sedang tren on a 390 px phone and a 1366 px desktop: one line under the channel strip on a
phone (scrolling sideways inside itself, never the page), its links reaching the topic page."""

import pytest

from tests.browser.helpers import shot, shots_folder

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def read_stories(site, channel):
    from django.test import Client

    from warta.analytics.tests.factories import BROWSER, beacon, roll
    from warta.articles.tests.factories import ArticlePageFactory

    topics = [
        ["Banjir Jakarta", "Cuaca Ekstrem"],
        ["Pemilu 2029"],
        ["Timnas Indonesia", "Piala Asia"],
        ["Harga Beras"],
        ["Gempa Bumi"],
    ]
    client = Client()
    for n, tags in enumerate(topics):
        story = ArticlePageFactory(parent=channel, title=f"Kabar {n}", tags=tags)
        for reader in range(10 - n):
            beacon(client, site, story, agent=f"{BROWSER} r{reader}")
    roll()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_strip_fits_and_links_to_topic_pages(browser, live_server, read_stories, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    strip = page.locator(".trending")
    assert strip.get_by_text("Sedang tren").is_visible()
    box = strip.bounding_box()
    header = page.locator(".site-header").bounding_box()
    assert box["y"] >= header["y"] + header["height"] - 1  # under the channel strip
    assert box["height"] <= 40, box  # one line, on a phone too
    name = "phone" if viewport is PHONE else "desktop"
    shot(page, shots_folder() / f"trending-{name}.png")  # checks nothing overflows the page
    first = strip.get_by_role("link").first
    assert first.inner_text() == "#Banjir Jakarta"
    first.click()
    page.wait_for_url(f"{live_server.url}/tag/banjir-jakarta/")
    context.close()
