"""The for-you choices and the "Personalisasi" teaser in chromium (#21 defect 6): typing in a
topic's search box narrows the checkbox list and finds a topic beyond it on the server; once
the reader has chosen, the teaser on the (cached) article page is gone, and a new reader still
sees it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_choices_filter_as_you_type_and_the_teaser_leaves(
    browser, live_server, site, channel, results_dir, monkeypatch
):
    from warta.accounts import queries
    from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory

    writer = AuthorFactory(name="Dewi Lestari")
    story = ArticlePageFactory(
        parent=channel, title="Banjir rob di pesisir", tags=["Banjir", "Pemilu"], authors=[writer]
    )
    ArticlePageFactory(parent=channel, title="Banjir dan pemilu", tags=["Banjir", "Pemilu"])
    ArticlePageFactory(parent=channel, title="Gempa di laut", tags=["Gempa Bumi"])
    base = live_server.url
    # The two most used topics are listed; "Gempa Bumi" is not: the search box finds it.
    monkeypatch.setattr(queries, "TOPIC_CHOICES", 2)
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"{base}{story.url}")
    assert page.locator(".panel--personalise").is_visible()  # not chosen yet
    page.goto(f"{base}/untuk-anda/")
    topics = page.locator("[data-choice-group=topics]")
    assert sorted(topics.locator("li").all_inner_texts()) == ["Banjir", "Pemilu"]
    search = page.locator("#cari-topics")
    assert search.is_visible()
    search.fill("ban")
    assert topics.locator("li:visible").all_inner_texts() == ["Banjir"]
    search.fill("gempa")
    page.get_by_label("Gempa Bumi").check()  # fetched from /untuk-anda/pilihan/
    search.fill("")
    page.get_by_label("Dewi Lestari").check()
    page.get_by_role("button", name="Simpan pilihan").click()
    page.wait_for_load_state("networkidle")
    page.click("#atur > summary")
    ticked = page.locator("input[type=checkbox]:checked").evaluate_all(
        "boxes => boxes.map(b => b.value)"
    )
    assert ticked == ["gempa-bumi", "dewi-lestari"]
    page.screenshot(path=results_dir / "reader-choices.png", full_page=True)
    page.goto(f"{base}{story.url}")
    page.wait_for_load_state("networkidle")
    assert page.locator(".panel--personalise").count() == 1  # the same cached page...
    assert not page.locator(".panel--personalise").is_visible()  # ...without the teaser
    stranger = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    stranger.goto(f"{base}{story.url}")
    assert stranger.locator(".panel--personalise").is_visible()
