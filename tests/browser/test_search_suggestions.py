"""The search box's suggestions in a browser (issue #23, point 4): typing in the header's
field opens a listbox of topics and headlines, the keyboard chooses one, Escape closes it,
nothing on the page moves, and the plain form still submits; on a 390 px phone and at 1366."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def stories(site, channel):
    from warta.articles.tests.factories import ArticlePageFactory

    made = [
        ArticlePageFactory(
            parent=channel, title="Korea Utara Uji Coba Rudal Balistik", tags=["Korea Utara"]
        ),
        ArticlePageFactory(
            parent=channel,
            title="Korea Selatan dan Jepang Bahas Keamanan Laut di Tokyo",
            tags=["Korea Selatan"],
        ),
        ArticlePageFactory(parent=channel, title="Koran Cetak Bertahan di Era Digital"),
        ArticlePageFactory(parent=channel, title="Harga Beras Turun di Pasar Induk"),
    ]
    ArticlePageFactory(parent=channel, title="Korupsi Draf Belum Terbit", publish=False)
    return made


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1366"])
def test_typing_offers_suggestions_and_the_keyboard_chooses_one(
    browser, live_server, stories, viewport, results_dir
):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    if viewport is PHONE:
        page.locator(".search-toggle").click()
    field = page.locator("#masthead-q")
    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-expanded") == "false"
    card_top = page.locator("main .card, main .lead").first.bounding_box()["y"]
    field.press_sequentially("kor", delay=40)
    listbox = page.locator("#cari [role=listbox]")
    listbox.wait_for(state="visible")
    options = listbox.locator("[role=option]")
    texts = options.all_inner_texts()
    assert texts[0].endswith("Korea Selatan") and texts[1].endswith("Korea Utara")  # topics
    assert "Korea Selatan dan Jepang Bahas Keamanan Laut di Tokyo" in texts  # newest first
    assert not any("Draf" in t for t in texts)
    assert field.get_attribute("aria-expanded") == "true"
    status = page.locator("#cari [role=status]")
    assert status.inner_text().startswith(f"{len(texts)} saran tersedia")
    # The list lies over the page: nothing below moves.
    assert page.locator("main .card, main .lead").first.bounding_box()["y"] == card_top
    page.screenshot(path=str(results_dir / f"search-suggestions-{viewport['width']}.png"))
    field.press("ArrowDown")
    field.press("ArrowDown")
    second = options.nth(1)
    assert second.get_attribute("aria-selected") == "true"
    assert field.get_attribute("aria-activedescendant") == second.get_attribute("id")
    field.press("Escape")
    assert listbox.is_hidden()
    assert field.get_attribute("aria-expanded") == "false"
    # Reopen with the arrow, choose the first headline, Enter goes to the story.
    field.press("ArrowDown")
    field.press("ArrowDown")
    field.press("ArrowDown")
    chosen = options.nth(2).inner_text()
    with page.expect_navigation():
        field.press("Enter")
    assert page.locator("h1").first.inner_text() == chosen
    context.close()


def test_without_javascript_the_form_still_searches(browser, live_server, stories):
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    field = page.locator("#masthead-q")
    assert field.get_attribute("role") is None
    field.fill("beras")
    with page.expect_navigation():
        field.press("Enter")
    assert "/cari/?q=beras" in page.url
    assert "Harga Beras Turun di Pasar Induk" in page.content()
    context.close()
