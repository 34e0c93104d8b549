"""`warta import_wordpress`: a WXR file written for these tests covers published, draft,
scheduled and pending posts, nested categories, tags, authors, featured and inline images
(found, missing, corrupt, outside the uploads folder), hostile HTML, a post that cannot be
imported, other post types, and re-running the import."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from warta.articles.models import ArticlePage, Author
from warta.channels.models import ChannelPage
from warta.core.media.images import draw_picture
from warta.core.models import WartaImage

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "wordpress.xml"


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads" / "2026" / "10"
    folder.mkdir(parents=True)
    (folder / "foto-walikota.jpg").write_bytes(draw_picture("Wali kota", width=640, height=360))
    (folder / "banjir.jpg").write_bytes(draw_picture("Banjir", width=640, height=360))
    (folder / "rusak.jpg").write_bytes(draw_picture("Rusak", width=640, height=360)[:300])
    return tmp_path / "uploads"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def story(title_start: str) -> ArticlePage:
    return ArticlePage.objects.get(title__startswith=title_start)


def test_published_post_arrives_whole_with_images_credit_and_original_date(site, uploads):
    out, err = run(FIXTURE, "--media-dir", uploads)
    flood = story("Wali Kota Surabaya tinjau banjir")
    assert flood.live
    assert flood.first_published_at == datetime(2026, 10, 5, 2, 30, tzinfo=UTC)
    assert [c.slug for c in flood.get_ancestors().type(ChannelPage)] == ["berita", "politik"]
    assert flood.summary == "Wali kota meninjau banjir di Tambaksari dan menambah pompa air."
    assert [b.author.name for b in flood.bylines.all()] == ["Budi Santoso"]
    assert sorted(t.name for t in flood.tags.all()) == ["Pemilu", "Surabaya"]
    hero = flood.hero_image
    assert hero.credit_source == "Antara"
    assert hero.description == "Wali kota berjalan di genangan air"  # the alt text
    assert flood.hero_caption == "Wali kota meninjau banjir di Tambaksari"
    kinds = [b.block_type for b in flood.body]
    assert kinds == [
        "paragraph",
        "paragraph",
        "image",
        "subheading",
        "paragraph",
        "quote",
        "paragraph",
    ]
    inline = flood.body[2].value
    assert (inline["caption"], inline["credit"]) == ("Genangan di Jalan Tambaksari", "Antara")
    assert flood.body[5].value["speaker"] == "Wali Kota Surabaya"
    html = str(flood.body.render_as_block())
    assert "<script" not in html and "onerror" not in html and "alert" not in html
    assert "Pos: 6 dibuat, 0 diperbarui, 0 tak berubah (2 draf, 1 terjadwal)" in out
    assert "shortcode dibuang: [gallery]" in out


def test_drafts_scheduled_and_pending_posts_keep_their_state(site, uploads):
    out, _ = run(FIXTURE, "--media-dir", uploads)
    draft = story("Draf: jadwal debat")
    assert not draft.live and draft.latest_revision is not None
    assert draft.slug.startswith("draf-jadwal-debat")  # WordPress drafts have no slug yet
    scheduled = story("Hasil rekapitulasi")
    assert not scheduled.live
    assert scheduled.go_live_at == datetime(2030, 1, 10, 1, 0, tzinfo=UTC)
    assert scheduled.latest_revision.approved_go_live_at == scheduled.go_live_at
    pending = story("Menunggu review")
    assert not pending.live
    assert "pos 103: status pending → draf" in out


def test_the_pages_are_served_and_old_urls_redirect(client, site, uploads):
    run(FIXTURE, "--media-dir", uploads)
    flood = story("Wali Kota Surabaya tinjau banjir")
    assert client.get(flood.url).status_code == 200
    old = client.get("/2026/10/05/wali-kota-tinjau-banjir/")
    assert (old.status_code, old["Location"]) == (301, flood.url)
    category = client.get("/category/politik/")
    assert category.status_code == 301 and category["Location"].endswith("/berita/politik/")
    author = client.get("/author/budi/")
    assert (author.status_code, author["Location"]) == (301, "/penulis/budi/")
    assert client.get("/penulis/budi/").status_code == 200


def test_only_published_posts_get_a_redirect_from_their_old_address(client, site, uploads):
    from wagtail.contrib.redirects.models import Redirect

    run(FIXTURE, "--media-dir", uploads)
    assert client.get("/2026/10/08/perahu-hias/").status_code == 301  # published
    # Scheduled and pending posts: their WordPress addresses reveal nothing.
    for old_path in ("/2030/01/10/rekapitulasi/", "/2026/10/09/pasar-takjil/"):
        assert client.get(old_path).status_code == 404, old_path
    private = FIXTURE.read_text().replace(
        "<wp:status><![CDATA[pending]]>", "<wp:status><![CDATA[private]]>"
    )
    changed = uploads.parent / "private.xml"
    changed.write_text(private)
    run(changed, "--media-dir", uploads)
    assert client.get("/2026/10/09/pasar-takjil/").status_code == 404
    scheduled = story("Hasil rekapitulasi")
    assert not Redirect.objects.filter(redirect_page=scheduled).exists()
    assert not Redirect.objects.filter(redirect_page=story("Menunggu review")).exists()


def test_an_image_over_the_pixel_limit_is_left_out_and_named(site, uploads):
    from PIL import Image

    # 55 MP: over the upload form's limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS), a few KB on disk.
    Image.new("1", (9000, 6112), 1).save(uploads / "2026" / "10" / "banjir.jpg", "PNG")
    out, _ = run(FIXTURE, "--media-dir", uploads)
    assert "gambar 2026/10/banjir.jpg terlalu banyak piksel (9000×6112)" in out
    assert not WartaImage.objects.filter(file__contains="banjir").exists()


def test_problems_are_reported_per_post_and_nothing_is_half_imported(site, uploads):
    out, err = run(FIXTURE, "--media-dir", uploads)
    assert "pos 105 '': judul kosong" in out
    assert "1 post(s) were not imported" in err
    assert not ArticlePage.objects.filter(title="").exists()
    # The post with bad images is imported, its text kept, each image problem named.
    bad = story("Gambar yang hilang")
    assert bad.live and bad.hero_image is None
    assert "Teks tetap masuk" in str(bad.body.render_as_block())
    assert "pos 104: gambar tidak ditemukan: 2026/10/hilang.jpg" in out
    assert "pos 104: gambar 2026/10/rusak.jpg rusak atau bukan gambar" in out
    assert "pos 104: gambar ../../../etc/passwd di luar folder uploads" in out
    assert "pos 100: gambar x bukan dari folder uploads WordPress" in out
    assert not ArticlePage.objects.filter(title="Dibuang ke tempat sampah").exists()
    # Two images stored (hero; inline shared by two posts, once); none for the broken ones.
    assert WartaImage.objects.count() == 2
    # The uncategorised post went to a general channel, not an "Uncategorized" one.
    assert story("Lomba perahu hias").get_parent().slug == "umum"
    assert Author.objects.filter(slug="redaksi-lama").exists()


def test_running_again_updates_instead_of_duplicating(site, uploads, tmp_path):
    run(FIXTURE, "--media-dir", uploads)
    counts = (ArticlePage.objects.count(), ChannelPage.objects.count(), WartaImage.objects.count())
    out, _ = run(FIXTURE, "--media-dir", uploads)
    assert "Pos: 0 dibuat, 0 diperbarui, 6 tak berubah" in out
    assert "redirect: 0" in out
    changed = tmp_path / "changed.xml"
    changed.write_text(
        FIXTURE.read_text().replace(
            "Lomba perahu hias di Kali Mas", "Lomba perahu hias di Kali Mas ditunda"
        )
    )
    out, _ = run(changed, "--media-dir", uploads)
    assert "Pos: 0 dibuat, 1 diperbarui, 5 tak berubah" in out
    assert counts == (
        ArticlePage.objects.count(),
        ChannelPage.objects.count(),
        WartaImage.objects.count(),
    )
    assert story("Lomba perahu hias").title.endswith("ditunda")


def test_without_media_dir_images_are_skipped_and_said_so(site):
    out, _ = run(FIXTURE)
    assert "gambar: 0" in out
    assert "dilewati (tanpa --media-dir)" in out
    assert story("Wali Kota Surabaya tinjau banjir").live


@pytest.mark.parametrize(
    "content, message",
    [
        ("<rss><channel><item></channel></rss>", "XML tidak valid di baris 1"),
        ('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "b">]><rss>&a;</rss>', "ditolak"),
        ("<rss><channel><title>bukan WordPress</title></channel></rss>", "bukan ekspor WordPress"),
    ],
)
def test_bad_export_files_are_refused_and_nothing_imported(site, tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_text(content)
    with pytest.raises(CommandError, match=message):
        run(bad)
    assert not ArticlePage.objects.exists()
    with pytest.raises(CommandError, match="no site with hostname"):
        run(FIXTURE, "--site", "tidak.ada")


def test_an_imported_archive_leaves_search_newest_first(site, uploads, national_channel):
    """The archive's posts (October 2026) arrive after today's story: the import ends by
    putting the search index back in publication order, so search's newest matches are
    still today's news."""
    from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
    from warta.search.services import index_out_of_order

    ArticlePageFactory(
        parent=national_channel, title="Banjir Hari Ini", body=paragraph_body("Air naik.")
    )
    out, _ = run(FIXTURE, "--media-dir", uploads)
    assert "index rows written after a story published later" in out
    assert index_out_of_order() == 0
