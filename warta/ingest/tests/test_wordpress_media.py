"""`warta import_wordpress --download-media`, plugin and theme meta, post formats: a WXR file
written for these tests (fixtures/wordpress-media.xml) whose images live on a real HTTP server
on 127.0.0.1 (the old site), plus addresses that must never be fetched (a private network, the
cloud metadata address, a redirect to a port of this machine that is not allowed)."""

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from warta.articles.media_pages import GalleryPage, VideoPage
from warta.articles.models import ArticlePage
from warta.core.media.images import draw_picture
from warta.core.models import WartaImage
from warta.ingest.models import ImportedObject
from warta.ingest.php_serial import PhpSerialError, php_unserialize
from warta.ingest.tests.feedserver import FeedServer
from warta.ingest.wp_meta import expand_seo, read_meta

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "wordpress-media.xml"
UPLOADS = "/wp-content/uploads/2026/11/"


@pytest.fixture
def old_site(feed_server, settings):
    """The old WordPress site: its images, each request counted by path."""
    hits: Counter[str] = Counter()
    handler = feed_server.server.RequestHandlerClass
    serve = handler.do_GET

    def counting(self):
        hits[self.path] += 1
        serve(self)

    handler.do_GET = counting
    feed_server.hits = hits
    for name in ("pasar", "galeri-1", "galeri-2", "galeri-3"):
        feed_server.serve(
            f"{UPLOADS}{name}.jpg",
            draw_picture(name, width=640, height=360),
            content_type="image/jpeg",
        )
    feed_server.serve(
        f"{UPLOADS}rusak.jpg",
        draw_picture("rusak", width=640, height=360)[:300],
        content_type="image/jpeg",
    )
    # Only the old site's own port is let through: anything else on this machine is internal.
    settings.WARTA_OUTBOUND_ALLOW = [f"127.0.0.1:{feed_server.port}"]
    return feed_server


@pytest.fixture
def export(tmp_path, old_site):
    path = tmp_path / "export.xml"
    path.write_text(FIXTURE.read_text().replace("{{SERVER}}", old_site.url("")))
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def story(title_start: str) -> ArticlePage:
    return ArticlePage.objects.get(title__startswith=title_start).specific


def test_images_are_downloaded_with_caption_alt_and_credit(site, export, old_site):
    out, err = run(export, "--download-media")
    assert not err
    cabai = story("Harga cabai naik")
    hero = cabai.hero_image
    assert hero is not None
    assert hero.credit_source == "Antara/Didik Suhartono"
    assert hero.description == "Pedagang menata cabai merah"  # the alt text
    assert hero.title == "Pasar Atom"
    assert cabai.hero_caption == "Pedagang cabai di Pasar Atom"
    inline = [b.value for b in cabai.body if b.block_type == "image"]
    assert [i["image"].pk for i in inline] == [hero.pk]  # the resized copy is the same image
    assert "gambar: 4" in out  # pasar and three gallery photos; the broken ones not counted


def test_the_same_image_is_fetched_once_across_posts_and_runs(site, export, old_site):
    run(export, "--download-media")
    assert old_site.hits[f"{UPLOADS}pasar.jpg"] == 1  # featured in 3 posts, inline in 1
    used = {story(t).hero_image_id for t in ("Harga cabai", "Pasar Atom ramai", "Video: banjir")}
    assert len(used) == 1
    assert ImportedObject.objects.filter(kind="attachment", external_id="101").count() == 1
    images = WartaImage.objects.count()
    old_site.hits.clear()
    run(export, "--download-media")  # unchanged posts; nothing fetched again
    ImportedObject.objects.filter(kind="post").update(fingerprint="")  # every post "changed"
    run(export, "--download-media")
    assert not [
        path
        for path in old_site.hits
        if path.endswith(("pasar.jpg", "galeri-1.jpg", "galeri-2.jpg", "galeri-3.jpg"))
    ]
    assert WartaImage.objects.count() == images


def test_private_addresses_and_broken_downloads_are_warnings_naming_the_url(site, export, old_site):
    with FeedServer() as elsewhere:  # a service on another port of this machine
        elsewhere.serve("/secret.jpg", draw_picture("x", width=64, height=64))
        old_site.serve(
            f"{UPLOADS}pindah.jpg",
            b"",
            status=302,
            headers={"Location": elsewhere.url("/secret.jpg")},
        )
        out, _ = run(export, "--download-media")
        assert elsewhere.requests == []  # the redirect was refused before any packet
    post = story("Pos dengan gambar bermasalah")
    assert post.live and post.hero_image is None
    assert [b.block_type for b in post.body] == ["paragraph"]
    lines = out.splitlines()

    def warning(fragment: str) -> str:
        return next(line for line in lines if fragment in line)

    assert "ditolak" in warning("http://10.0.0.1/wp-content/uploads/2026/11/intern.jpg")
    assert "ditolak" in warning("http://169.254.169.254/wp-content/uploads/2026/11/metadata.jpg")
    assert "ditolak" in warning(f"{UPLOADS}pindah.jpg")
    assert "rusak atau bukan gambar" in warning(f"{UPLOADS}rusak.jpg")
    assert old_site.hits[f"{UPLOADS}rusak.jpg"] == 1


def test_without_download_media_the_old_site_is_not_asked(site, export, old_site):
    out, _ = run(export)
    assert not old_site.hits
    assert "dilewati (tanpa --media-dir)" in out
    assert story("Harga cabai").hero_image is None
    assert story("Harga cabai").hero_credit == "Antara/Didik Suhartono"  # the editor's lead


def test_the_uploads_copy_comes_first_and_the_old_site_fills_the_gaps(
    site, export, old_site, tmp_path
):
    folder = tmp_path / "uploads" / "2026" / "11"
    folder.mkdir(parents=True)
    (folder / "pasar.jpg").write_bytes(draw_picture("lokal", width=640, height=360))
    run(export, "--media-dir", tmp_path / "uploads", "--download-media")
    assert old_site.hits[f"{UPLOADS}pasar.jpg"] == 0
    assert old_site.hits[f"{UPLOADS}galeri-1.jpg"] == 1
    assert story("Harga cabai").hero_image is not None


def test_subtitles_sources_and_seo_from_plugin_and_theme_meta(site, export):
    out, _ = run(export)
    cabai = story("Harga cabai naik")
    assert cabai.summary == "Pasokan dari Kediri berkurang karena hujan"  # wps_subtitle, no tags
    assert cabai.cited_sources == "Antara, Radar Surabaya"  # td_source, td_via
    last = str(cabai.body[len(cabai.body) - 1].value)
    assert 'href="https://www.antaranews.com/berita/1"' in last and "javascript" not in last
    assert cabai.seo_title == "Cabai Rp100 ribu - Harga cabai naik di Pasar Atom"  # Yoast
    assert cabai.search_description == (
        "Harga cabai di rubrik Ekonomi naik. Cabai rawit kini Rp100 ribu per kilogram."
    )
    ramai = story("Pasar Atom ramai")
    assert ramai.summary == "Parkir penuh sejak pagi"  # _subtitle before the theme's
    assert ramai.cited_sources == "Jawa Pos"
    assert ramai.seo_title == ""  # Rank Math's "%title% %sep% %sitename%" is Warta's own
    assert ramai.search_description == "Pasar Atom - ramai; diskon 50% hari ini."
    video = story("Video: banjir rob")
    assert video.seo_title == "Video: banjir rob di Kenjeran - Video"  # All in One SEO
    assert video.search_description == "Rekaman Video: banjir rob di Kenjeran dari warga. #Kenjeran"
    aside = story("Catatan redaksi")
    assert (aside.summary, aside.cited_sources) == ("Subjudul dari JNews", "Kompas")
    # a PHP object in the meta is refused, never built; the post still imports
    assert "pos 205: meta td_post_theme_settings tidak terbaca" in out
    assert story("Video tanpa poster").live


def test_gallery_and_video_posts_become_gallery_and_video_stories(site, export):
    out, _ = run(export, "--download-media")
    gallery = story("Foto: pawai budaya")
    assert isinstance(gallery, GalleryPage)
    photos = gallery.photos_in_order()
    assert [p.image.title for p in photos] == ["Galeri 1", "Galeri 2", "Galeri 3"]
    assert [p.caption for p in photos] == [
        "Barongsai membuka pawai",
        "Penonton memadati Jalan Kembang Jepun",
        "Lampion merah di klenteng",
    ]
    assert photos[2].credit == "Sari"
    assert gallery.hero_image_id == photos[0].image_id
    assert [b.block_type for b in gallery.body] == ["paragraph"]
    assert "pos 203: shortcode dibuang" not in out
    assert gallery.summary == "Ribuan warga menonton"
    video = story("Video: banjir rob")
    assert isinstance(video, VideoPage)
    assert video.video_url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert video.hero_image is not None  # the poster
    assert "youtube" not in str(video.body.render_as_block())
    assert video.live
    for title, note in [
        ("Video tanpa poster", "pos 205: format video tanpa gambar unggulan (poster)"),
        ("Catatan redaksi", "pos 206: format 'aside' diimpor sebagai artikel"),
        ("Galeri dengan satu foto", "pos 208: format galeri dengan 1 foto"),
    ]:
        assert type(story(title)) is ArticlePage
        assert note in out
    single = story("Galeri dengan satu foto")
    assert [b.block_type for b in single.body] == ["paragraph", "image"]  # the photo kept
    assert single.body[1].value["caption"] == "Barongsai membuka pawai"


def test_a_re_import_keeps_the_story_type(site, export):
    run(export)  # without images: the video has no poster, so it is an article
    assert type(story("Video: banjir rob")) is ArticlePage
    ImportedObject.objects.filter(kind="post").update(fingerprint="")
    out, _ = run(export, "--download-media")
    assert type(story("Video: banjir rob")) is ArticlePage
    assert "pos 204: sudah diimpor sebagai " in out


@pytest.mark.parametrize(
    "text,expected",
    [
        ('a:2:{s:3:"sub";s:6:"Kediri";i:0;a:1:{s:1:"x";b:1;}}', {"sub": "Kediri", 0: {"x": True}}),
        ('s:6:"Rp€1";', "Rp€1"),  # lengths are bytes (€ is three)
        ("i:-42;", -42),
        ("N;", None),
    ],
)
def test_php_serialized_values_are_read(text, expected):
    assert php_unserialize(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        'O:8:"stdClass":1:{s:1:"a";s:1:"b";}',  # an object: never built
        'C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}',
        'a:2:{i:0;s:1:"a";i:1;R:2;}',  # a reference
        'E:7:"Foo:Bar";',
        's:10:"pendek";',  # shorter than its length
        'a:1:{s:1:"a";s:1:"b";} trailing',
        "a:1:{" * 40 + "}" * 40,
    ],
)
def test_php_objects_references_and_broken_values_are_refused(text):
    with pytest.raises(PhpSerialError):
        php_unserialize(text)


def test_the_themes_video_meta_is_read():
    serialized = 'a:1:{s:8:"td_video";s:28:"https://youtu.be/dQw4w9WgXcQ";}'
    assert read_meta({"td_post_video": serialized}, title="J").video_url == (
        "https://youtu.be/dQw4w9WgXcQ"
    )
    embed = '<iframe src="https://player.vimeo.com/video/76979871"></iframe>'
    assert read_meta({"_format_video_embed": embed}, title="J").video_url == (
        "https://player.vimeo.com/video/76979871"
    )


def test_seo_variables_are_expanded_or_dropped():
    context = {"title": "Judul", "excerpt": "Ringkas.", "category": "Ekonomi"}
    assert expand_seo("%%title%% %%sep%% %%sitename%%", "yoast", **context) == "Judul"
    assert expand_seo("%%sitename%% | %%title%% %%page%%", "yoast", **context) == "Judul"
    assert expand_seo("%category%: %title% %sep% %sitename%", "rankmath", **context) == (
        "Ekonomi: Judul"
    )
    assert expand_seo("#post_title #separator_sa #site_title", "aioseo", **context) == "Judul"
    meta = read_meta({"_yoast_wpseo_title": "%%title%% %%sep%% %%sitename%%"}, title="Judul")
    assert meta.seo_title == ""  # what Warta shows anyway
    long = read_meta({"wps_subtitle": "kata " * 200, "_yoast_wpseo_metadesc": "x" * 900}, title="J")
    assert len(long.subtitle) <= 300 and len(long.seo_description) <= 300
