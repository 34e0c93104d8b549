"""The lite edition (warta.core.sites.lite): /lite/ and /r/<slug>/lite/ serve home, channel and
story text-first in one request within the size budget; `Save-Data: on` gets the lite
rendering of the same URL, kept apart by the page cache (Django's and the WSGI fast path) and
announced with `Vary: Save-Data`."""

import gzip
import hashlib
import random
import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings
from warta.core.ops.nginxconf import DEPLOY
from warta.core.pagecache import localcache
from warta.core.pagecache.frontend import NginxPurgeBackend
from warta.core.tests.test_fastpath import app, call  # noqa: F401 - the fast path fixture

pytestmark = pytest.mark.django_db

ARTICLE_BUDGET = 15 * 1024  # gzip bytes (issue #21)
HOME_BUDGET = 30 * 1024
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bu",
    "da",
    "di",
    "du",
    "ga",
    "gi",
    "ka",
    "ke",
    "ki",
    "ku",
    "la",
    "li",
    "ma",
    "me",
    "mi",
    "mu",
    "na",
    "ni",
    "nu",
    "pa",
    "pe",
    "pu",
    "ra",
    "ri",
    "ru",
    "sa",
    "se",
    "si",
    "su",
    "ta",
    "te",
    "ti",
    "tu",
    "wa",
    "ya",
    "ber",
    "ter",
    "per",
    "kan",
    "lah",
    "nya",
    "ang",
    "ung",
    "ing",
]


def demo_like_text(words: int, seed: int) -> str:
    """Words of random Indonesian syllables: compress no better than real copy does."""
    rng = random.Random(seed)
    made = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(words)]
    return " ".join(made).capitalize() + "."


def long_story(channel, title="Banjir merendam ratusan rumah", paragraphs=30):
    """A long story as the demo has them (about 2,100 words: the demo's longest are shorter),
    with subheadings and a quote."""
    writer = AuthorFactory(name="Dewi Lestari")
    body = []
    for n in range(paragraphs):
        body.append(("paragraph", f"<p>{demo_like_text(70, n)}</p>"))
        if n % 10 == 5:
            body.append(("subheading", f"Bagian {n}"))
        if n == 8:
            body.append(("quote", {"text": "Kami butuh air bersih.", "speaker": "Warga"}))
    return ArticlePageFactory(
        parent=channel, title=title, authors=[writer], tags=["Banjir", "Bencana"], body=body
    )


def one_request_problems(html: str) -> list[str]:
    """Anything that would make the browser fetch a second resource."""
    page = BeautifulSoup(html, "html.parser")
    problems = [f"<{tag.name}>" for tag in page.find_all(["script", "img", "picture", "iframe"])]
    problems += [
        f"<link rel={link.get('rel')}>"
        for link in page.find_all("link")
        if set(link.get("rel", [])) & {"stylesheet", "preload", "icon", "modulepreload"}
        and not link.get("href", "").startswith("data:")
    ]
    # Without an icon of its own, a browser asks for /favicon.ico.
    if not page.find("link", rel="icon"):
        problems.append("no icon: /favicon.ico")
    styles = " ".join(style.get_text() for style in page.find_all("style"))
    problems += [f"CSS {found}" for found in re.findall(r"@font-face|@import|url\(", styles)]
    problems += [f"style= {tag.name}" for tag in page.find_all(style=True)]
    return problems


def add_cards(channel, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        ArticlePageFactory(
            parent=channel,
            title=f"Kisah nomor {n}: {demo_like_text(9, 100 + n)}",
            summary=demo_like_text(30, 200 + n),
        )


@pytest.fixture
def stories(channel):
    add_cards(channel, 3)
    return long_story(channel)


def path_of(page) -> str:
    return page.url.replace("http://localhost", "")


def test_lite_pages_are_one_request_within_budget(client, stories, channel):
    add_cards(channel, settings.WARTA_ARTICLES_PER_PAGE + 5, start=10)  # a full home page
    sizes = {}
    for name, url in [
        ("home", "/lite/"),
        ("channel", "/lite/internasional/"),
        ("article", f"/lite{path_of(stories)}"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert 'class="tag">Edisi ringan' in html
        assert one_request_problems(html) == [], url
        sizes[name] = len(gzip.compress(response.content, 6))
    print(f"lite gzip bytes: {sizes}")
    assert sizes["article"] <= ARTICLE_BUDGET
    assert sizes["home"] <= HOME_BUDGET
    assert sizes["article"] > 6000  # the long story is there


def test_a_checker_catches_each_second_request():
    icon = '<link rel="icon" href="data:,">'
    assert one_request_problems(f'{icon}<img src="a.jpg">') == ["<img>"]
    assert one_request_problems(f'{icon}<script src="a.js"></script>') == ["<script>"]
    assert one_request_problems('<link rel="stylesheet" href="a.css">')
    assert one_request_problems("<style>@font-face{src:url(a.woff2)}</style>")
    assert one_request_problems('<p style="background:url(a.png)">x</p>')
    assert one_request_problems("<p>x</p>") == ["no icon: /favicon.ico"]
    page = '<link rel="icon" href="data:,"><style>body{color:red}</style><p>x</p>'
    assert one_request_problems(page) == []


def test_links_stay_in_the_lite_edition_and_lead_back(client, stories):
    html = client.get("/lite/").content.decode()
    page = BeautifulSoup(html, "html.parser")
    story_link = page.find("a", string=stories.title)
    assert story_link["href"] == f"/lite{path_of(stories)}"
    nav = [a["href"] for a in page.select("nav a")]
    assert "/lite/" in nav and "/lite/internasional/" in nav
    assert page.find("form", role="search")["action"] == "/lite/cari/"
    assert page.find("a", string="Edisi lengkap")["href"] == "/"
    story = BeautifulSoup(client.get(f"/lite{path_of(stories)}").content, "html.parser")
    assert story.find("a", string="Edisi lengkap")["href"] == path_of(stories)
    assert story.find("link", rel="canonical")["href"].endswith(path_of(stories))
    # The full edition links to the lite one (in the footer's copyright line).
    full = BeautifulSoup(client.get(path_of(stories)).content, "html.parser")
    assert full.find("a", string="Edisi ringan")["href"] == f"/lite{path_of(stories)}"


def test_photos_only_on_request(client, channel):
    from warta.core.tests.factories import WartaImageFactory

    photo = WartaImageFactory(title="Banjir", credit_source="Antara")
    story = ArticlePageFactory(
        parent=channel,
        title="Dengan foto",
        hero_image=photo,
        hero_caption="Warga mengungsi",
        body=[
            ("paragraph", "<p>Isi.</p>"),
            ("image", {"image": photo, "caption": "Posko", "credit": ""}),
        ],
    )
    response = client.get(f"/lite{path_of(story)}")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("img") is None
    links = page.find_all("a", string="Lihat foto")
    assert len(links) == 2
    assert all(link["href"].startswith("/media/images/") for link in links)
    assert "Warga mengungsi" in page.get_text() and "Antara" in page.get_text()


def test_the_regional_path_fallback_keeps_its_prefix(client, site):
    region = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    SiteSettings.objects.create(site=region, slug="jatim")
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    story = ArticlePageFactory(parent=berita, title="Kabar Surabaya")
    response = client.get("/r/jatim/lite/")
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.find("a", string="Kabar Surabaya")["href"] == "/r/jatim/lite/berita/kabar-surabaya/"
    assert page.find("a", string="Berita")["href"] == "/r/jatim/lite/berita/"
    assert page.find("a", string="Edisi lengkap")["href"] == "/r/jatim/"
    article = client.get("/r/jatim/lite/berita/kabar-surabaya/")
    assert article.status_code == 200 and b"Kabar Surabaya" in article.content
    assert client.get("/r/jatim/lite").status_code == 302
    # On the site's own host too.
    own = client.get("/lite/berita/", HTTP_HOST="jatim.warta.localhost")
    assert own.status_code == 200 and story.title.encode() in own.content


def test_accounts_and_admin_are_never_lite(client, site):
    response = client.get("/lite/akun/login/?next=/x/")
    assert response.status_code == 302 and response["Location"] == "/akun/login/?next=/x/"
    assert client.get("/lite")["Location"] == "/lite/"


def test_lite_search_is_never_cached_like_search(client, stories):
    from warta.core.pagecache import bypassed

    for url in ["/lite/cari/?q=banjir", "/lite/akun/login/"]:
        client.get(url)
        assert "X-Cache" not in client.get(url)
    assert bypassed("/r/jatim/lite/cari/") and bypassed("/lite/cari/")
    assert not bypassed("/lite/") and not bypassed("/lite/cari-tahu/")


def test_save_data_gets_the_lite_page_at_the_same_url(client, stories):
    url = path_of(stories)
    full = client.get(url)
    lite = client.get(url, HTTP_SAVE_DATA="on")
    assert b"Edisi ringan</span>" in lite.content and b"<script" not in lite.content
    assert b"<script" in full.content
    for response in (full, lite):
        assert "Save-Data" in response["Vary"]
    # Links stay on the normal URLs (the browser keeps asking to save data); the way to the
    # full edition says so.
    page = BeautifulSoup(lite.content, "html.parser")
    assert page.find("a", string="Edisi lengkap")["href"] == f"{url}?edisi=lengkap"
    forced = client.get(f"{url}?edisi=lengkap", HTTP_SAVE_DATA="on")
    assert b"<script" in forced.content


@pytest.mark.parametrize("first", ["full", "lite"])
def test_the_page_cache_never_mixes_the_two(client, stories, first):
    url = path_of(stories)
    order = [{}, {"HTTP_SAVE_DATA": "on"}]
    if first == "lite":
        order.reverse()
    responses = [client.get(url, **headers) for headers in order * 2]
    assert [r["X-Cache"] for r in responses] == ["MISS", "MISS", "HIT", "HIT"]
    for response, headers in zip(responses, order * 2, strict=True):
        is_lite = b'class="tag">Edisi ringan' in response.content
        assert is_lite == bool(headers), (headers, response["X-Cache"])
        assert response["Vary"] == "Accept-Encoding, Save-Data"


def test_the_fast_path_keys_on_save_data(app, stories):  # noqa: F811 - the fixture
    url = path_of(stories)
    call(app, url)  # through Django: the fast path learns the outer headers
    _, headers, full = call(app, url)
    assert headers["X-Cache"] == "HIT" and b"<script" in full
    status, headers, body = call(app, url, HTTP_SAVE_DATA="on")
    assert headers["X-Cache"] == "MISS" and b"<script" not in body
    status, headers, again = call(app, url, HTTP_SAVE_DATA="On ; x=1")
    assert headers["X-Cache"] == "HIT" and again == body
    assert headers["Vary"] == "Accept-Encoding, Save-Data"
    _, headers, body = call(app, url, HTTP_SAVE_DATA="off")
    assert b"<script" in body


def test_nginx_keys_and_purges_both_renderings():
    conf = (DEPLOY / "warta.conf").read_text()
    key = "$host$request_uri$warta_encoding$warta_save_data"
    assert f"proxy_cache_key {key};" in conf
    assert f"proxy_cache_purge warta {key};" in conf
    assert "proxy_set_header Save-Data $warta_save_data;" in conf
    sent = []

    class Connection:
        def __init__(self, *args, **kwargs):
            pass

        def request(self, method, path, headers):
            sent.append((path, headers.get("Accept-Encoding"), headers.get("Save-Data")))

        def getresponse(self):
            class Answer:
                status = 200

                def read(self):
                    return b""

            return Answer()

        def close(self):
            pass

    backend = NginxPurgeBackend({"LOCATION": "http://127.0.0.1:8081"})
    import warta.core.pagecache.frontend as frontend

    original = frontend.http.client.HTTPConnection
    frontend.http.client.HTTPConnection = Connection
    try:
        backend.purge_batch(["http://localhost/a/"])
    finally:
        frontend.http.client.HTTPConnection = original
    assert {(e, s) for _, e, s in sent} == {
        (e, s) for e in ("", "gzip", "br") for s in (None, "on")
    }


def test_the_content_security_policy_allows_the_inline_stylesheet(client, stories):
    response = client.get("/lite/")
    page = BeautifulSoup(response.content, "html.parser")
    (style,) = page.find_all("style")
    digest = hashlib.sha256(style.get_text().encode()).digest()
    import base64

    source = f"'sha256-{base64.b64encode(digest).decode()}'"
    policy = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}
    allowed = directives.get("style-src", directives.get("default-src", []))
    hashed = any(s.startswith(("'sha", "'nonce")) for s in allowed)
    # 'unsafe-inline' counts only without hashes or nonces (CSP level 2); else the hash must be
    # listed. Either way, the policy the browser gets lets this page's one stylesheet apply.
    assert ("'unsafe-inline'" in allowed and not hashed) or source in allowed
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"] == ["'self'"]


def cold_queries(client, url: str) -> int:
    client.get(url)  # renditions are made at publish; here the first request makes them
    cache.clear()
    localcache.forget()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lite_story_query_budget_with_cold_caches(client, stories, channel):
    """A story with photos: the lite page reads their renditions for its "Lihat foto" links,
    as the full page does for its <img>; never more than the full page."""
    from warta.core.tests.factories import WartaImageFactory

    photo = WartaImageFactory(title="Banjir")
    story = ArticlePageFactory(
        parent=channel,
        title="Dengan foto",
        hero_image=photo,
        body=[("paragraph", "<p>Isi.</p>"), ("image", {"image": photo, "caption": "Posko"})],
    )
    lite = cold_queries(client, f"/lite{path_of(story)}")
    full = cold_queries(client, path_of(story))
    print(f"cold queries: lite {lite}, full {full}")
    assert lite <= 12 and lite <= full
    plain = cold_queries(client, f"/lite{path_of(stories)}")  # no photo, related computed
    with CaptureQueriesContext(connection) as queries:  # then a page-cache hit
        assert client.get(f"/lite{path_of(stories)}")["X-Cache"] == "HIT"
    assert len(queries) == 0
    # 11, and one where the related list is empty (has discovery read the story?)
    assert plain <= 12 and plain <= cold_queries(client, path_of(stories))
