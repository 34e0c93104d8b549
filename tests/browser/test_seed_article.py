"""Opens the imported seed article in chromium, checks each element a reader sees, and saves
screenshots (desktop and phone) to test-results/."""

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

LAYOUT_SHIFT_JS = """
() => new Promise(resolve => {
  let total = 0;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve(total), 500);
})
"""


@pytest.fixture
def seed_article_url(live_server, site, channel, national_channel, seed_path, tmp_path):
    from warta.articles.models import ArticlePage
    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
    from warta.core.media.images import draw_picture

    # Stories about what the seed is about, each sharing something specific with it (a name
    # or a term few stories have): related lists hold only such stories, never padding.
    for n, text in enumerate(
        (
            "Wakil Presiden AS Kamala Harris menuding Rusia meminta amunisi dari Korut.",
            "Rusia putus asa mencari bantuan senjata, kata pejabat Amerika Serikat.",
            "Korut disebut memasok peluru artileri untuk perang Rusia di Ukraina.",
        )
    ):
        ArticlePageFactory(
            parent=channel,
            title=f"Korea Utara dan Rusia, laporan {n}",
            tags=["Korea Utara"],
            body=paragraph_body(text),
        )
    photo = tmp_path / "harris.jpg"  # the photo the text names, given with --image
    photo.write_bytes(draw_picture("Kamala Harris"))
    call_command("import_text", str(seed_path), "--publish", "--image", str(photo), verbosity=0)
    article = ArticlePage.objects.get(title__startswith="Wapres AS")
    return live_server.url + article.url


def test_seed_article_shows_every_element(browser, seed_article_url, results_dir):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    response = page.goto(seed_article_url, wait_until="load")
    assert response.status == 200

    visible = {
        "channel navigation": page.locator(".channel-nav a", has_text="Internasional"),
        "headline": page.get_by_role("heading", level=1, name="Wapres AS Sebut Rusia Putus Asa"),
        "byline": page.locator("a.byline__author", has_text="Anton Suhartono"),
        "date": page.locator(".byline__date"),
        "hero photo": page.locator("figure.hero img"),
        "caption with credit": page.locator("figure.hero figcaption", has_text="(Foto: Antara)"),
        "dateline": page.locator(".dateline", has_text="WASHINGTON, Warta"),
        "quote": page.locator("blockquote.quote", has_text="dikutip dari Reuters"),
        "editor": page.locator(".article__editor", has_text="Editor : Anton Suhartono"),
        "related": page.get_by_role("heading", name="Artikel Terkait"),
        "latest": page.get_by_role("heading", name="Berita Terkini"),
        "network updates": page.get_by_role("heading", name="Kabar Daerah"),
        "personalise": page.get_by_role("heading", name="Personalisasi Berita Anda"),
        "network promo": page.locator(".panel--promo a[href='/network/']", has_text="Klik Lebih"),
        "login": page.locator("a.login-link", has_text="Masuk"),
    }
    for name, locator in visible.items():
        assert locator.first.is_visible(), f"{name} is not visible"

    assert page.locator(".related .card").count() == 3
    date_text = page.locator(".byline__date").inner_text()
    assert date_text.endswith("WIB") and " | " in date_text
    hero = page.locator("figure.hero img")
    assert hero.evaluate("img => img.complete && img.naturalWidth > 0"), "hero image did not load"
    assert page.evaluate(LAYOUT_SHIFT_JS) < 0.05
    page.screenshot(path=str(results_dir / "seed-article-desktop.png"), full_page=True)

    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]

    page.locator("a.byline__author").first.click()
    page.wait_for_load_state("load")
    assert page.get_by_role("heading", level=1, name="Anton Suhartono").is_visible()
    assert not errors, errors
    page.close()


def test_seed_article_on_a_phone(browser, seed_article_url, results_dir):
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(seed_article_url, wait_until="load")
    overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow, "the page scrolls sideways on a phone"
    assert page.get_by_role("heading", level=1).is_visible()
    page.screenshot(path=str(results_dir / "seed-article-phone.png"), full_page=True)
    page.close()


@pytest.fixture
def photoless_seed_url(live_server, site, channel, national_channel, seed_path):
    """The seed imported as it comes, without its photo, among stories that have one."""
    from warta.articles.models import ArticlePage
    from warta.articles.tests.factories import ArticlePageFactory

    call_command("import_text", str(seed_path), "--publish", verbosity=0)
    article = ArticlePage.objects.get(title__startswith="Wapres AS")
    # Newer stories with photos: the lead and two headlines; the seed's card sits beside them.
    for n in range(3):
        ArticlePageFactory(parent=channel, title=f"Korea Utara dan Rusia, laporan {n}")
    return live_server.url, article.url


@pytest.mark.parametrize("width", [390, 1366])
def test_a_story_without_photo_looks_right(browser, photoless_seed_url, results_dir, width):
    base, url = photoless_seed_url
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name, path in (("home", "/"), ("channel", "/internasional/"), ("article", url)):
        assert page.goto(base + path, wait_until="load").status == 200
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width} px"
        assert page.locator("img[src*='import-placeholder']").count() == 0
        if name != "article":
            card = page.locator("article.card", has_text="Wapres AS Sebut Rusia")
            assert card.first.is_visible() and card.first.locator("img").count() == 0
        page.screenshot(path=str(results_dir / f"no-photo-{name}-{width}.png"), full_page=True)
    assert page.locator("figure.hero").count() == 0
    assert page.get_by_role("heading", level=1, name="Wapres AS Sebut Rusia").is_visible()
    page.close()
