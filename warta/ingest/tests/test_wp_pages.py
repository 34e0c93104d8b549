"""WordPress pages and old addresses (`warta import_wordpress`, warta.ingest.wp_pages,
wp_redirects, legacy): fixture wordpress-pages.xml, written for these tests, holds nested
pages (a child before its parent, three levels), pages of trust kinds (by slug and by title),
one the site already has, a draft page, an orphan, a page on a reserved address, a post and a
draft post, categories, authors and attachments with ids and attachment pages."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from warta.articles.models import ArticlePage
from warta.core.media.images import draw_picture
from warta.core.pagecache.fastpath import PageCacheApplication
from warta.core.tests.test_fastpath import call
from warta.ingest.legacy import LegacyUrlMiddleware
from warta.ingest.models import ImportedObject
from warta.network.models import InfoPage, TrustPage

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "wordpress-pages.xml"


@pytest.fixture
def uploads(tmp_path):
    root = tmp_path / "uploads"
    for relative, label in (
        ("2025/01/kantor.jpg", "Kantor"),
        ("2025/01/logo.jpg", "Logo"),
        ("2026/10/banjir-klojen.jpg", "Banjir"),
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(draw_picture(label, width=640, height=360))
    return root


@pytest.fixture
def editors_redaksi(site):
    """The site's own Redaksi page, written by its editors before the migration."""
    page = TrustPage(kind="redaksi", slug="redaksi", title="Redaksi kami", body="<p>Asli.</p>")
    site.root_page.add_child(instance=page)
    page.save_revision().publish()
    return page


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=err)
    return out.getvalue()


def page(title: str):
    return ImportedObject.objects.get(kind="page", page__title=title).page.specific


def test_pages_keep_their_hierarchy_dates_and_become_trust_pages_by_kind(
    client, site, uploads, editors_redaksi
):
    out = run(FIXTURE, "--media-dir", uploads)
    about = page("Tentang Kami")
    assert isinstance(about, TrustPage) and about.kind == "tentang-kami"  # slug "about-us"
    assert about.live and about.first_published_at == datetime(2025, 1, 2, 1, tzinfo=UTC)
    history = page("Sejarah")  # came before its parent in the file
    team = page("Tim Kami")
    assert isinstance(history, InfoPage) and history.get_parent().specific == about
    assert team.get_parent().specific == history
    assert history.lead == "Dari koran kampus ke media daring."
    # WordPress's menu order (Visi dan Misi 1, Sejarah 2), though Sejarah came first.
    assert [p.title for p in about.get_children()] == ["Visi dan Misi", "Sejarah"]
    assert (team.url, history.url) == ("/tentang-kami/sejarah/tim/", "/tentang-kami/sejarah/")
    assert page("Hubungi Kami").specific_class is TrustPage
    assert page("Hubungi Kami").kind == "kontak"
    assert page("Pedoman Pemberitaan Media Siber").kind == "pedoman-media-siber"  # by title
    # The editor's Redaksi stays; the WordPress one is a general page, and the report says so.
    editors_redaksi.refresh_from_db()
    assert editors_redaksi.title == "Redaksi kami" and "Asli" in editors_redaksi.body
    imported = page("Redaksi")
    assert isinstance(imported, InfoPage) and imported.slug == "redaksi-lama"
    assert "halaman 24: situs sudah punya halaman 'Redaksi kami' (redaksi)" in out
    # The orphan goes to the top, noted; a page on Warta's own /indeks/ moves aside.
    assert page("Arsip Lama").get_parent().pk == site.root_page.pk
    assert "halaman 27: induk 999 tidak ada di ekspor" in out
    assert page("Indeks").url == "/indeks-lama/"
    assert "Halaman: 10 dibuat, 0 diperbarui, 0 tak berubah, 0 dilewati" in out
    assert "Pos: 2 dibuat, 0 diperbarui, 0 tak berubah (1 draf, 0 terjadwal)" in out
    # Served, body sanitised, the image resolved from the uploads folder.
    html = client.get("/tentang-kami/").content.decode()
    assert "Pojok Berita adalah media lokal Malang." in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert "javascript:" not in html
    assert 'alt="Kantor redaksi Pojok Berita di Malang"' in html
    assert "Kantor kami di Jalan Ijen" in html
    child = client.get("/tentang-kami/sejarah/")
    assert child.status_code == 200
    text = child.content.decode()
    assert (
        "Tonggak" in text
        and "2015: edisi daring" in text
        and 'href="/tentang-kami/sejarah/tim/"' in text
    )
    assert client.get("/tentang-kami/sejarah/tim/").status_code == 200
    assert client.get("/lite/tentang-kami/sejarah/").status_code == 200
    lite = client.get("/lite/tentang-kami/").content.decode()  # no image fetched there
    assert "<img" not in lite and ">Lihat foto</a>: Kantor redaksi Pojok Berita" in lite


def test_a_draft_page_stays_a_draft_without_redirects(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    draft = page("Lowongan Kerja")
    assert not draft.live and draft.latest_revision is not None
    assert not Redirect.objects.filter(redirect_page=draft).exists()
    assert client.get("/?page_id=25")["Location"] == "/"  # unknown: the page without it
    assert client.get(draft.url or "/lowongan-kerja/").status_code == 404


def test_running_again_updates_pages_instead_of_duplicating(site, uploads, tmp_path):
    run(FIXTURE, "--media-dir", uploads)
    counts = (InfoPage.objects.count(), TrustPage.objects.count(), Redirect.objects.count())
    out = run(FIXTURE, "--media-dir", uploads)
    assert "Halaman: 0 dibuat, 0 diperbarui, 10 tak berubah" in out
    assert "redirect: 0" in out
    changed = tmp_path / "changed.xml"
    changed.write_text(FIXTURE.read_text().replace("Rina Wulandari", "Rina W."))
    team = page("Tim Kami")
    out = run(changed, "--media-dir", uploads)
    assert "Halaman: 0 dibuat, 1 diperbarui, 9 tak berubah" in out
    assert counts == (InfoPage.objects.count(), TrustPage.objects.count(), Redirect.objects.count())
    assert page("Tim Kami").pk == team.pk and "Rina W." in page("Tim Kami").body


def test_old_addresses_redirect_to_their_new_homes(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    story = ArticlePage.objects.get(title="Banjir melanda Klojen")
    about = page("Tentang Kami")

    def goes(url):
        response = client.get(url)
        return response.status_code, response["Location"]

    assert goes("/?p=10") == (301, story.url)
    assert goes("/index.php?p=10") == (301, story.url)
    assert goes("/?page_id=20") == (301, "/tentang-kami/")
    assert goes("/?p=20") == (301, "/tentang-kami/")
    assert goes("/about-us/") == (301, "/tentang-kami/")
    assert goes("/about-us/sejarah/tim/") == (301, "/tentang-kami/sejarah/tim/")
    assert goes("/?cat=5") == (301, "/berita/politik/")
    assert goes("/?author=3") == (301, "/penulis/budi/")
    # The image of a story: its story; of a page: the image itself.
    assert goes("/?attachment_id=301") == (301, story.url)
    status, target = goes("/about-us/kantor-redaksi/")
    assert status == 301 and target == goes("/?attachment_id=300")[1]
    assert "kantor" in target and target.endswith(".jpg")
    assert client.get(target).status_code == 200
    assert about.live
    # A draft post, and an id the export never had: the address without the parameter.
    assert goes("/?p=11") == (302, "/")
    assert goes("/?p=999&utm_source=x") == (302, "/?utm_source=x")
    # Date archives: the Indeks of that day, or of the period's first day.
    assert goes("/2026/10/05/") == (302, "/indeks/?tanggal=2026-10-05")
    assert goes("/2026/10/") == (302, "/indeks/?tanggal=2026-10-01")
    assert goes("/2026/") == (302, "/indeks/?tanggal=2026-01-01")
    assert client.get("/2099/01/").status_code == 404
    assert client.get("/2026/13/").status_code == 404


def test_the_page_cache_never_answers_an_old_query_address(client, site, uploads, settings):
    assert settings.WARTA_PAGE_CACHE
    assert client.get("/")["X-Cache"] == "MISS"
    assert client.get("/")["X-Cache"] == "HIT"
    before = client.get("/?p=10")  # before the import: to the home page, nothing stored
    assert (before.status_code, before["Location"]) == (302, "/")
    run(FIXTURE, "--media-dir", uploads)
    story = ArticlePage.objects.get(title="Banjir melanda Klojen")
    for _ in range(2):
        after = client.get("/?p=10")
        assert (after.status_code, after["Location"]) == (301, story.url)
        assert "X-Cache" not in after
    assert client.get("/?q=10")["X-Cache"] == "MISS"  # other queries are cached as before


def test_the_fast_path_leaves_old_query_addresses_to_django():
    from warta.core import pagecache

    assert pagecache.legacy_query("/", "p=10")
    assert pagecache.legacy_query("/r/malang/", "page_id=3&x=1")
    assert pagecache.legacy_query("/lite/", "cat=5")
    assert pagecache.legacy_query("/index.php", "attachment_id=5")
    assert not pagecache.legacy_query("/", "q=p=10")
    assert not pagecache.legacy_query("/berita/", "p=2")
    assert not pagecache.legacy_query("/", "p=abc")


def test_another_sites_import_never_redirects_this_sites_addresses(client, site, uploads):
    from warta.channels.tests.factories import make_site

    region = make_site(hostname="malang.localhost", name="Warta Malang", default=False)
    run(FIXTURE, "--media-dir", uploads, "--site", region.hostname)
    story = ArticlePage.objects.get(title="Banjir melanda Klojen")
    assert story.path.startswith(region.root_page.path)
    on_region = client.get("/?p=10", HTTP_HOST="malang.localhost")
    assert on_region.status_code == 301 and on_region["Location"].endswith(
        "/berita/politik/banjir-melanda-klojen/"
    )
    assert client.get("/?p=10")["Location"] == "/"  # the national site: not redirected
    assert client.get("/?page_id=20")["Location"] == "/"
    assert client.get("/about-us/").status_code == 404


def test_the_middleware_queries_only_for_old_query_addresses(site):
    from warta.core.sites.lookup import all_sites

    all_sites()  # the cached site list, as on any warm process
    middleware = LegacyUrlMiddleware(lambda request: HttpResponse("ok"))
    factory = RequestFactory()
    for url in ("/", "/?q=banjir", "/berita/?p=2", "/admin/pages/?p=2"):
        with CaptureQueriesContext(connection) as queries:
            assert middleware(factory.get(url)).status_code == 200
        assert len(queries) == 0, url
    with CaptureQueriesContext(connection) as queries:
        assert middleware(factory.get("/?p=10")).status_code == 302
    assert len(queries) == 1


@pytest.fixture
def app():
    """The WSGI application with its fast path (as in warta.core.tests.test_fastpath)."""
    from django.core import signals
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield PageCacheApplication(WSGIHandler())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def test_through_the_wsgi_fast_path_the_old_address_is_redirected(app, site, uploads):
    """The hit path before Django (warta.core.pagecache.fastpath): a cached home page never
    answers /?p=10."""
    assert call(app, "/")[0].startswith("200")
    assert call(app, "/")[1]["X-Cache"] == "HIT"
    run(FIXTURE, "--media-dir", uploads)
    story = ArticlePage.objects.get(title="Banjir melanda Klojen")
    for _ in range(2):
        status, headers, _body = call(app, "/", QUERY_STRING="p=10")
        assert (status[:3], headers["Location"]) == ("301", story.url)
