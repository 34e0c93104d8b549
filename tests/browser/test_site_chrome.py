"""The header on a 390 px phone (issue #21, defect 4): a compact sticky bar, the first story at
most ~120 px down even with a breaking story in the ticker, the menu drawer shows the channels
(with JavaScript and without), and the theme chosen in the drawer survives a reload."""

import pytest
from django.utils import timezone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def stories(site, channel, national_channel):
    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.tests.factories import ChannelPageFactory

    economy = ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=site.root_page)
    ChannelPageFactory(title="Bisnis", slug="bisnis", parent=economy)
    ArticlePageFactory(
        parent=channel,
        title="Gempa magnitudo 6,1 guncang selatan Jawa, warga pesisir diminta menjauhi pantai",
        breaking_until=timezone.now() + timezone.timedelta(hours=1),
    )
    return [
        ArticlePageFactory(parent=economy, title=f"Rupiah menguat hari ke-{n}") for n in range(6)
    ]


def first_story_top(page) -> float:
    return page.evaluate(
        "document.querySelector('main .lead, main .card').getBoundingClientRect().top"
    )


@pytest.mark.parametrize("javascript", [True, False])
def test_phone_header_is_compact_and_menu_shows_channels(browser, live_server, stories, javascript):
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    header = page.locator(".site-header").bounding_box()
    ticker = page.locator(".ticker").bounding_box()
    assert header["height"] <= 90, header  # bar + channel strip
    # The breaking title, shortened at a word boundary on a phone, on one line here.
    assert ticker["y"] + ticker["height"] <= 115, ticker
    assert page.locator(".ticker__short").inner_text() == "Gempa magnitudo 6,1 guncang selatan…"
    assert first_story_top(page) <= 125
    assert page.locator(".drawer__panel").is_hidden()
    page.locator(".drawer summary").click()
    panel = page.locator(".drawer__panel")
    assert panel.is_visible()
    assert panel.get_by_role("link", name="Ekonomi", exact=True).is_visible()
    assert panel.get_by_role("link", name="Bisnis", exact=True).is_visible()
    assert panel.get_by_role("link", name="Berita Daerah").is_visible()
    assert page.locator(".theme-switch").is_visible() is javascript
    if javascript:
        page.keyboard.press("Escape")
        assert panel.is_hidden()
    # The search field opens from the bar (with JS by a toggle, without it by #cari).
    page.locator(".search-toggle").click()
    assert page.locator("#masthead-q").is_visible()
    # Sticky: the bar stays on screen as the reader scrolls.
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(200)
    assert page.locator(".site-header").bounding_box()["y"] == 0
    context.close()


def test_theme_choice_survives_a_reload(browser, live_server, stories):
    context = browser.new_context(viewport=PHONE, color_scheme="light")
    page = context.new_page()
    page.goto(f"{live_server.url}{stories[0].url}")
    background = "getComputedStyle(document.body).backgroundColor"
    light = page.evaluate(background)
    page.locator(".drawer summary").click()
    page.get_by_role("button", name="Gelap").click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert page.evaluate(background) != light
    page.locator(".drawer summary").click()
    assert page.get_by_role("button", name="Gelap").get_attribute("aria-pressed") == "true"
    # Text size, on the article page, is remembered the same way.
    size = "parseFloat(getComputedStyle(document.querySelector('.article__body')).fontSize)"
    before = page.evaluate(size)
    page.keyboard.press("Escape")
    page.get_by_role("button", name="Perbesar teks").click()
    page.reload()
    assert page.evaluate(size) > before
    page.locator(".drawer summary").click()
    page.get_by_role("button", name="Otomatis").click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") is None
    assert page.evaluate(background) == light
    context.close()
