"""Authors and reader comments of a WordPress import (issue #28): users with bios, a
Co-Authors Plus guest author with a photo, a post by two co-authors, and comments approved,
pending, spam, trashed, threaded, a pingback and a trackback (fixture wordpress_people.xml)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

from warta.articles.comments import ArchivedComment, archived_comments
from warta.articles.models import ArticlePage, Author
from warta.core.media.images import draw_picture, store_image
from warta.ingest.wordpress import WordPressImporter
from warta.ingest.wxr import parse_wxr

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "wordpress_people.xml"
SECRETS = ("rahasia", "laras.pribadi", "yusuf@", "203.0.113.77", "198.51.100.9")


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2025" / "03"
    folder.mkdir(parents=True)
    (folder / "laras.jpg").write_bytes(draw_picture("Laras", width=400, height=400))
    return tmp_path / "uploads"


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def importer(path: Path = FIXTURE, media_dir: Path | None = None) -> WordPressImporter:
    return WordPressImporter(
        parse_wxr(path), site=Site.objects.get(is_default_site=True), media_dir=media_dir
    )


def story(title_start: str) -> ArticlePage:
    return ArticlePage.objects.get(title__startswith=title_start)


# Authors ----------------------------------------------------------------------------------


def test_authors_arrive_with_bio_and_the_guest_author_with_photo(site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    rina = Author.objects.get(slug="rina")
    assert rina.name == "Rina Kartika"
    assert rina.bio == "Rina meliput nelayan dan pelabuhan di pantai utara sejak 2015."
    # display name left as the login: the first and last name make the byline
    assert Author.objects.get(slug="yusufh").name == "Yusuf Hamdani"
    laras = Author.objects.get(slug="laras-wibowo")
    assert laras.name == "Laras Wibowo"
    assert laras.bio == "Peneliti kelautan dan kontributor tamu Suara Pesisir."
    assert laras.photo is not None
    assert laras.photo.credit_source == "Dok. pribadi"  # the portrait's own credit
    assert laras.photo_credit == ""  # what *her* photos are credited to: not in the export


def test_a_post_by_two_co_authors_gets_both_bylines_in_order(site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    bylines = story("Nelayan Tambak Lorok").bylines.order_by("sort_order")
    assert [b.author.name for b in bylines] == ["Laras Wibowo", "Rina Kartika"]
    assert [b.author.name for b in story("Harga ikan").bylines.all()] == ["Yusuf Hamdani"]


def test_author_pages_show_bio_and_photo_never_the_email(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    html = client.get("/penulis/laras-wibowo/").content.decode()
    assert "Peneliti kelautan dan kontributor tamu" in html
    assert 'class="profile__photo"' in html and "<img" in html
    story_html = client.get(story("Nelayan Tambak Lorok").url).content.decode()
    for page in (html, story_html, client.get("/penulis/rina/").content.decode()):
        assert not any(secret in page for secret in SECRETS)
    author_values = " ".join(str(v) for v in Author.objects.values_list("name", "slug", "bio"))
    assert "@" not in author_values


def test_old_author_addresses_redirect(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    for login, slug in (("rina", "rina"), ("laras-wibowo", "laras-wibowo"), ("yusuf.h", "yusufh")):
        redirect = Redirect.objects.get(old_path=Redirect.normalise_path(f"/author/{login}/"))
        assert redirect.redirect_link == f"/penulis/{slug}/"
    response = client.get("/author/laras-wibowo/")
    assert response.status_code == 301 and response["Location"].endswith("/penulis/laras-wibowo/")


def test_an_existing_author_is_reused_and_an_editors_edits_are_kept(site, uploads):
    rina = Author.objects.create(slug="rina", name="Rina K.", bio="Bio yang ditulis editor.")
    laras = Author.objects.create(slug="laras-wibowo", name="Laras W.")  # no bio, no photo
    run(FIXTURE, "--media-dir", uploads)
    rina.refresh_from_db()
    laras.refresh_from_db()
    assert (rina.name, rina.bio) == ("Rina K.", "Bio yang ditulis editor.")  # untouched
    assert laras.name == "Laras W."
    assert laras.bio.startswith("Peneliti kelautan")  # the empty fields were filled
    assert laras.photo is not None
    assert Author.objects.filter(slug__in=["rina", "laras-wibowo"]).count() == 2

    # The editor then rewrites the bio and picks another photo; the post changes on the old
    # site and is imported again: the editor's bio and photo stay.
    chosen = store_image(
        draw_picture("Pilihan", width=300, height=300), title="x", filename="x.jpg"
    )
    laras.bio, laras.photo = "Bio baru dari editor.", chosen
    laras.save()
    export = uploads.parent / "lagi.xml"
    export.write_text(FIXTURE.read_text().replace("dermaga baru sebelum", "dermaga baru pada"))
    run(export, "--media-dir", uploads)
    laras.refresh_from_db()
    assert (laras.bio, laras.photo) == ("Bio baru dari editor.", chosen)
    assert story("Nelayan Tambak Lorok").bylines.first().author == laras


def test_a_missing_guest_author_photo_is_reported_once(site):
    out = run(FIXTURE)  # no --media-dir: the photo cannot be read
    assert Author.objects.get(slug="laras-wibowo").photo is None
    assert out.count("laras.jpg dilewati (tanpa --media-dir)") == 1


# Comments ---------------------------------------------------------------------------------


def test_only_approved_comments_are_archived_with_their_threads(site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    nelayan = story("Nelayan Tambak Lorok")
    rows = {c.source_id: c for c in ArchivedComment.objects.filter(article=nelayan)}
    assert sorted(rows) == ["501", "502", "506", "507", "508", "509"]  # no 503/504/505
    assert rows["502"].parent == rows["501"]
    assert rows["506"].parent == rows["502"]
    assert rows["507"].parent is None  # its parent (503) is still pending: a thread of its own
    assert (rows["508"].kind, rows["509"].kind) == ("pingback", "trackback")
    first = rows["501"]
    assert first.author_name == "Pak Darto"
    assert first.author_url == "https://darto.example/blog"
    assert first.posted_at.isoformat() == "2025-03-04T03:15:00+00:00"
    assert "<script" not in first.text and "javascript:" not in first.text
    assert first.text.endswith("<p>Terima kasih liputannya.</p>")  # the bad link's text stays
    assert first.text.startswith("<p>Semoga cepat dibangun.<br>Perahu kami sering tertahan.</p>")
    assert rows["506"].author_url == ""  # a javascript: address is dropped
    stored = " ".join(str(v) for v in ArchivedComment.objects.values_list())
    assert not any(secret in stored for secret in SECRETS)  # no e-mail, no IP address
    shown = archived_comments(nelayan)
    assert [(s.comment.source_id, s.depth) for s in shown] == [
        ("501", 0),
        ("502", 1),
        ("506", 2),
        ("507", 0),
    ]
    assert not ArchivedComment.objects.filter(article=story("Harga ikan")).exists()


def test_story_page_shows_the_archive_read_only_full_and_lite(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    nelayan = story("Nelayan Tambak Lorok")
    html = client.get(nelayan.url).content.decode()
    assert "Komentar dari situs lama (4)" in html
    assert '<a href="https://darto.example/blog" rel="nofollow ugc noopener">Pak Darto</a>' in html
    assert "Setuju dengan Pak Darto" in html and "archived-comment--depth-2" in html
    assert "Beli obat murah" not in html and "Komentar yang belum disetujui" not in html
    assert "Suara Pesisir melaporkan dermaga retak" not in html  # pingbacks are not shown
    assert "<textarea" not in html and "alert(" not in html
    lite = client.get("/lite" + nelayan.url).content.decode()
    assert "Komentar dari situs lama (4)" in lite and "Perahu kami sering tertahan" in lite
    assert "darto.example" not in lite  # the lite edition drops the commenters' links
    plain = client.get(story("Harga ikan").url).content.decode()
    assert "Komentar dari situs lama" not in plain


def test_reimport_does_not_duplicate_and_follows_moderation(site, uploads, tmp_path):
    run(FIXTURE, "--media-dir", uploads)
    run(FIXTURE, "--media-dir", uploads)
    nelayan = story("Nelayan Tambak Lorok")
    assert ArchivedComment.objects.filter(article=nelayan).count() == 6
    # Later, on the old site, Bu Wati's comment went to spam and a new one was approved.
    changed = FIXTURE.read_text().replace(
        "<wp:comment_approved><![CDATA[0]]></wp:comment_approved>",
        "<wp:comment_approved><![CDATA[1]]></wp:comment_approved>",
    )
    wati = changed.index("<wp:comment_id>506</wp:comment_id>")
    changed = changed[:wati] + changed[wati:].replace("CDATA[1]]", "CDATA[spam]]", 1)
    export = tmp_path / "lagi.xml"
    export.write_text(changed)
    again = importer(export, uploads)
    again.run()
    rows = {c.source_id: c for c in ArchivedComment.objects.filter(article=nelayan)}
    assert sorted(rows) == ["501", "502", "503", "507", "508", "509"]
    assert rows["507"].parent == rows["503"]  # its parent is approved now: the thread mends
    [line] = [item for item in again.report.items if item.kind == "comment"]
    assert line.fate == "updated"
    assert "1 dihapus" in line.reason and "2 spam dilewati" in line.reason


def test_the_report_counts_comments_per_post_not_per_comment(site, uploads):
    first = importer(media_dir=uploads)
    report = first.run()
    comment_lines = [item for item in report.items if item.kind == "comment"]
    assert len(comment_lines) == 1  # one line for the post with comments
    line = comment_lines[0]
    assert (line.wp_id, line.fate) == ("100", "created")
    assert line.reason == (
        "komentar: 6 diimpor, 2 pingback/trackback disimpan, tidak ditampilkan, "
        "1 pending dilewati, 1 spam dilewati, 1 trash dilewati"
    )
    assert report.comments == 6
    assert "komentar: 6" in report.lines()[1]
    second = importer(media_dir=uploads).run()  # nothing changed: the post is skipped whole
    assert second.comments == 0
    assert not [item for item in second.items if item.kind == "comment"]
