"""The lite edition of the pages around the stories (warta.core.sites.lite): the Indeks, author,
topic, corrections, regions and trust pages are text-first in one request, and every link on
them (pagination, days, channels, the footer) stays in the lite edition, under /r/<slug> and in
the English edition too (order: /r/<slug>, then /en, then /lite)."""

from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings
from warta.core.tests.test_lite import one_request_problems
from warta.network.tests.factories import TrustPageFactory

pytestmark = pytest.mark.django_db

PAGES = {
    "indeks": "/indeks/",
    "channel indeks": "/indeks/internasional/",
    "author": "/penulis/dewi-lestari/",
    "tag": "/tag/pemilu/",
    "corrections": "/koreksi/",
    "regions": "/daerah/",
    "trust": "/redaksi/",
}


def links_leaving(html: str, url: str, prefix: str) -> list[str]:
    """Every link and form target of the page at `url` that leaves the edition at `prefix`,
    but for the ways to the full edition and the other language, and photos on request."""
    page = BeautifulSoup(html, "html.parser")
    targets = [
        a["href"]
        for a in page.find_all("a", href=True)
        if not {"full", "lang"} & set(a.get("class", []))
    ]
    targets += [form.get("action", "") for form in page.find_all("form")]
    leaving = []
    for target in targets:
        path = urlsplit(urljoin(f"http://testserver{url}", target)).path
        if not path.startswith((prefix, "/media/")):
            leaving.append(target)
    return leaving


@pytest.fixture(scope="module")
def built_pages(django_db_setup, django_db_blocker):
    """A story for every list: an author with more than a page of stories on today's Indeks,
    a topic, a correction, a trust page and a regional site for /daerah/. Built once for the
    module (once per worker, rolled back at the end); each test runs in its own savepoint."""
    from conftest import build_channel, build_site, module_world

    with module_world(django_db_blocker):
        yield build_pages(build_channel(build_site())).pk


@pytest.fixture
def pages(built_pages, db):
    return ArticlePage.objects.get(pk=built_pages)


def build_pages(channel):
    TrustPageFactory(parent=channel.get_parent())
    writer = AuthorFactory(name="Dewi Lestari", job_title="Wartawan", bio="Meliput banjir.")
    for n in range(settings.WARTA_ARTICLES_PER_PAGE + 2):
        ArticlePageFactory(parent=channel, title=f"Kisah {n}", authors=[writer], tags=["Pemilu"])
    story = ArticlePage.objects.get(title="Kisah 0")
    story.corrections.add(ArticleCorrection(text="Nama kota diperbaiki."))
    story.save_revision().publish()
    region = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    SiteSettings.objects.create(site=region, slug="jatim", province_code="35")
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Kabar Surabaya", authors=[writer], tags=["Pemilu"])
    return story


def test_each_page_type_is_lite_and_its_links_stay_lite(client, pages):
    """Every page type of PAGES, on one network (building it is most of the test's time)."""
    for name, path in PAGES.items():
        url = f"/lite{path}"
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="tag">Edisi ringan' in html, url
        assert one_request_problems(html) == [], url
        assert "<script" not in html and 'rel="stylesheet"' not in html and "<img" not in html
        assert links_leaving(html, url, "/lite/") == [], url
        page = BeautifulSoup(html, "html.parser")
        assert page.find("a", class_="full")["href"] == path, name


def test_the_lite_lists_show_their_stories_and_page_in_lite(client, pages):
    author = BeautifulSoup(client.get("/lite/penulis/dewi-lestari/").content, "html.parser")
    assert author.h1.get_text() == "Dewi Lestari" and "Meliput banjir." in author.get_text()
    assert len(author.select("ul.list > li")) == settings.WARTA_ARTICLES_PER_PAGE
    assert author.find("a", rel="next")["href"] == "?page=2"
    second = client.get("/lite/penulis/dewi-lestari/?page=2").content.decode()
    assert "Kabar Surabaya" not in second  # the regional site's story is not this site's
    assert links_leaving(second, "/lite/penulis/dewi-lestari/?page=2", "/lite/") == []
    indeks = BeautifulSoup(client.get("/lite/indeks/").content, "html.parser")
    assert len(indeks.select("ol.list > li")) == settings.WARTA_ARTICLES_PER_PAGE
    assert indeks.find("a", rel="next")["href"] == "?page=2"
    by_channel = indeks.select('ul[aria-labelledby="indeks-channels"] a')
    assert by_channel[0]["href"].startswith("/lite/indeks/internasional/?tanggal=")
    assert indeks.find("a", rel="prev")["href"].startswith("/lite/indeks/?tanggal=")
    corrections = client.get("/lite/koreksi/").content.decode()
    assert "Nama kota diperbaiki." in corrections
    regions = BeautifulSoup(client.get("/lite/daerah/").content, "html.parser")
    assert regions.find("a", string="Warta Jatim")["href"] == "http://jatim.warta.localhost/lite/"


def test_the_indeks_form_keeps_the_edition(client, pages):
    """The channel chosen in the form is sent to the channel's own address, in lite and English."""
    for prefix in ("/lite", "/en/lite", "/r/jatim/en/lite"):
        response = client.get(f"{prefix}/indeks/?kanal=berita&tanggal=2026-12-01")
        assert response.status_code == 302
        assert response["Location"] == f"{prefix}/indeks/berita/?tanggal=2026-12-01"
    # And a date the reader mistyped is answered in lite with the reason.
    bad = client.get("/lite/indeks/?tanggal=2026-13-45")
    assert bad.status_code == 400 and b'class="tag">Edisi ringan' in bad.content


PREFIXES = [  # an edition, and the edition its language switch leads to
    ("/en/lite", "/lite"),
    ("/r/jatim/lite", "/r/jatim/en/lite"),
    ("/r/jatim/en/lite", "/r/jatim/lite"),
]


def test_english_and_regional_lite_pages_keep_every_prefix(client, pages):
    """/r/<slug>, then /en, then /lite: links, the language switch and the way to the full
    edition keep the other two (every prefix and page on one network)."""
    for prefix, switch in PREFIXES:
        for path in ["/", "/indeks/", "/penulis/dewi-lestari/", "/redaksi/"]:
            url = f"{prefix}{path}"
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            assert one_request_problems(html) == [], url
            assert links_leaving(html, url, f"{prefix}/") == [], url
            page = BeautifulSoup(html, "html.parser")
            assert page.find("a", class_="lang")["href"] == f"{switch}{path}", url
            full = prefix.removesuffix("/lite")
            assert page.find("a", class_="full")["href"] == f"{full}{path}", url
            assert page.html["lang"] == ("en" if "/en" in prefix else "id"), url
