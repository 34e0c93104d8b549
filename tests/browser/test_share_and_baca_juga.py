"""A reader on a 390 px phone: the share links sit in one row, "Salin tautan" copies the
story's canonical URL (and is hidden without JavaScript), and the "Baca juga" box after the
second paragraph leads to the related story on the same host."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_share_row_copy_link_and_baca_juga_on_a_phone(browser, live_server, channel):
    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body

    related = ArticlePageFactory(parent=channel, title="Banjir susulan di Demak", tags=["Banjir"])
    story = ArticlePageFactory(
        parent=channel,
        title='Banjir "rob" & hujan deras di pesisir utara',
        tags=["Banjir"],
        body=paragraph_body(*(f"Paragraf {n}." for n in range(1, 6))),
    )
    url = f"{live_server.url}{story.url}"

    reader = browser.new_context(
        viewport={"width": 390, "height": 844}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = reader.new_page()
    page.goto(url)
    bar = page.locator(".share").first
    items = bar.locator("li")
    assert items.count() == 5
    boxes = [items.nth(i).bounding_box() for i in range(5)]
    assert len({round(box["y"]) for box in boxes}) == 1, "one row"
    assert max(box["x"] + box["width"] for box in boxes) <= 390
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes)
    assert bar.get_by_role("link", name="Bagikan ke WhatsApp").is_visible()

    bar.get_by_role("button", name="Salin tautan").click()
    # A locator assertion, not wait_for_function: a string predicate is eval'd in the page,
    # which the site's policy forbids once the first check is false (as under load).
    expect(bar.locator(".share__status")).to_have_text("Tautan disalin")
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    assert page.evaluate("navigator.clipboard.readText()") == canonical

    second = page.locator(".article__body > p").nth(1)
    assert second.evaluate("p => p.nextElementSibling.className") == "baca-juga"
    page.locator(".baca-juga a").click()
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}{related.url}"

    plain = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = plain.new_page()
    page.goto(url)
    assert not page.locator(".share__copy").first.is_visible()
    assert page.locator(".share").first.get_by_role("link").count() == 4
    reader.close()
    plain.close()
