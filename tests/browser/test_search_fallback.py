"""Search never ends in a dead end, in chromium on a phone: a misspelt word gets "Mungkin
maksud Anda" (a link that finds the stories), a query with a word no story has gets partial
results with that word named, and an empty page offers Berita Terkini."""

import pytest

from tests.browser.helpers import PHONE, no_horizontal_overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_suggestion_partial_results_and_the_latest(browser, live_server, site, channel):
    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
    from warta.search import suggestions

    suggestions._held.clear()  # held for minutes per process; this test's site is new

    # Two different stories (two copies of one would be collapsed into one result).
    for title, text in (
        ("Perang dagang memanas lagi", "Perang dagang Amerika dan China memanas, tarif naik."),
        ("Museum perang dibuka di Surabaya", "Museum perang kemerdekaan dibuka untuk pelajar."),
    ):
        ArticlePageFactory(parent=channel, title=title, hero_image=None, body=paragraph_body(text))
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/cari/?q=prang")
    suggestion = page.locator(".search-note--suggestion a")
    assert suggestion.inner_text() == "perang"
    assert page.locator(".search-elsewhere .latest-list li").count() == 2
    no_horizontal_overflow(page)
    suggestion.click()
    page.wait_for_url("**/cari/?q=perang")
    assert page.locator(".search-result").count() == 2
    page.goto(f"{live_server.url}/cari/?q=perang+kuantum")
    note = page.locator(".search-note--partial")
    assert "Hasil untuk sebagian kata" in note.inner_text()
    assert note.locator("s").inner_text() == "kuantum"
    assert page.locator(".search-result").count() == 2
    no_horizontal_overflow(page)
