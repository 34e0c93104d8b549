import os
import subprocess
import sys

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import ArticlePage, Author, GalleryPage, Listing, VideoPage
from warta.channels.models import ChannelPage
from warta.core.models import SiteSettings
from warta.demo.desk_state import RETURN_NOTE
from warta.ingest.models import FeedSource, ImportedObject
from warta.network.models import PartnerApplication, TrustPage
from warta.newsroom.desk import breaking_now, corrections_today, reporter_desk, review_queue

pytestmark = pytest.mark.django_db


def migrated():
    """The stories of the demo's WordPress sample (warta.demo.wordpress_sample)."""
    return ImportedObject.objects.filter(kind="post").values("article")


def test_the_demo_built_twice_has_its_sample_site_stories_live_pages_and_desk(client):
    """One demo, built twice (each part is made once however often it is built), checked part
    by part: building is most of the time, so the parts share one build."""
    call_command("build_demo", "--articles", "8", verbosity=0)
    call_command("build_demo", "--articles", "8", verbosity=0)
    check_the_migrated_wordpress_site_and_its_redirects(client)
    check_stories_are_published_backdated_and_credited(count=8)
    check_the_live_election_and_the_finished_match(client)
    check_the_desk_has_work_in_every_list(client)  # signs the editor in: last


def check_the_migrated_wordpress_site_and_its_redirects(client):
    sulsel = Site.objects.get(hostname__startswith="sulsel.")
    stories = ArticlePage.objects.filter(pk__in=migrated())
    assert stories.count() == 8 and stories.live().count() == 6
    assert all(s.get_site().pk == sulsel.pk for s in stories)
    scheduled = stories.get(title__startswith="Jadwal kapal")
    assert scheduled.go_live_at is not None and not scheduled.live
    assert not stories.get(title__startswith="Draf:").live
    story = stories.get(title__startswith="Pete-pete rute baru")
    assert story.hero_image.credit_source == "Nurul Hikmah/Kabar Losari"
    assert [c.slug for c in story.get_ancestors().type(ChannelPage)] == ["kota", "transportasi"]
    assert [b.author.name for b in story.bylines.all()] == ["Nurul Hikmah"]
    host = {"HTTP_HOST": sulsel.hostname}
    old = client.get("/2026/10/05/pete-pete-rute-baru-losari/", **host)
    assert old.status_code == 301
    assert old["Location"].endswith("/kota/transportasi/pete-pete-rute-baru-losari/")
    assert client.get(story.url, **host).status_code == 200
    assert client.get("/penulis/nurul/", **host).status_code == 200
    # WordPress's own links (/?p=, /?page_id=) reach the story and the Redaksi page.
    by_id = client.get("/?p=101", **host)
    assert by_id.status_code == 301
    assert by_id["Location"].endswith("/kota/transportasi/pete-pete-rute-baru-losari/")
    redaksi = client.get("/?page_id=302", **host)
    assert redaksi.status_code == 301 and redaksi["Location"].endswith("/redaksi/")
    assert "Jalan Contoh Losari No. 7" in client.get(redaksi["Location"], **host).content.decode()


def test_build_demo_is_idempotent_and_complete(client):
    call_command("build_demo", "--articles", "40", verbosity=0)
    call_command("build_demo", "--articles", "40", verbosity=0)
    assert (
        ArticlePage.objects.live().exact_type(ArticlePage).exclude(pk__in=migrated()).count() == 40
    )
    # One photo gallery and one video story, made once (warta.demo.media_stories).
    gallery, video = GalleryPage.objects.live().get(), VideoPage.objects.live().get()
    assert gallery.gallery_photos.count() == 6 and gallery.hero_image_id is not None
    assert video.hosted.provider == "youtube" and video.hero_image_id is not None
    for page in (gallery, video):
        assert client.get(page.url).status_code == 200
    assert client.get(f"{gallery.url}foto/6/").status_code == 200
    sites = Site.objects.all()
    assert sites.count() == 7 and sites.filter(is_default_site=True).count() == 1
    zones = set(SiteSettings.objects.values_list("time_zone", flat=True))
    assert zones == {"Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"}
    assert ChannelPage.objects.count() >= 10
    assert client.get("/").status_code == 200
    assert client.get("/network/").status_code == 200
    # Trust pages: six network defaults, Warta Jatim's own Redaksi, each made once; the
    # migrated WordPress sample brought Warta Sulsel its own (Tentang Kami, Redaksi …).
    sample_pages = ImportedObject.objects.filter(kind="page").values("page")
    assert TrustPage.objects.live().exclude(pk__in=sample_pages).count() == 7
    assert TrustPage.objects.live().filter(pk__in=sample_pages).exists()
    for kind, _ in TrustPage.KINDS:
        assert client.get(f"/{kind}/").status_code == 200, kind
    assert "Agus Santoso" in client.get("/r/jatim/redaksi/").content.decode()
    assert "Ratna Wulandari" in client.get("/r/bali/redaksi/").content.decode()
    assert "Indeks Berita" in client.get("/indeks/").content.decode()
    story = ArticlePage.objects.live().first()
    assert client.get(story.url, HTTP_HOST=story.get_site().hostname).status_code == 200
    signed_in = client.post("/admin/login/", {"username": "admin", "password": "warta-demo"})
    assert signed_in.status_code == 302  # the printed demo password works
    assert client.get("/admin/").status_code == 200


def check_stories_are_published_backdated_and_credited(count: int):
    stories = (
        ArticlePage.objects.live()
        .exact_type(ArticlePage)
        .exclude(pk__in=migrated())
        .order_by("first_published_at")
    )
    assert stories.count() == count
    now = timezone.now()
    for story in stories:
        assert story.revisions.count() == 1 and story.live_revision == story.latest_revision
        assert story.first_published_at == story.last_published_at < now  # backdated
        assert Listing.objects.filter(article=story, own=True).get().published_at == (
            story.first_published_at
        )
        assert story.bylines.exists() and story.editor.job_title == "Editor"
        assert story.hero_image.title.startswith("Demo foto ") and story.tags.exists()
    assert Author.objects.get(slug="anisa-putri").bio == "Anisa Putri menulis untuk Warta."
    assert set(
        ChannelPage.objects.filter(slug="ekonomi", depth=3).values_list("show_in_menus", "intro")
    ) == {(True, "Berita ekonomi terbaru.")}
    assert ChannelPage.objects.get(slug="bisnis").show_in_menus
    assert PartnerApplication.objects.get().organisation == "Kabar Malang Raya"
    assert FeedSource.objects.get().default_channel.slug == "internasional"
    assert set(User.objects.values_list("username", flat=True)) == {
        "admin",
        "reporter",
        "redaktur",
        "jaringan",
        "redaktur-jatim",
        "reporter-papua",
    }


def test_the_demo_builds_without_the_dev_extras():
    """`warta build_demo` runs on an install without factory_boy: nothing it loads may come
    from the test factories (checked in a fresh interpreter where `factory` cannot import)."""
    script = (
        "import sys; sys.modules['factory'] = sys.modules['wagtail_factories'] = None\n"
        "import django; django.setup()\n"
        "from django.core.management import load_command_class\n"
        "load_command_class('warta.demo', 'build_demo')\n"
        "print(sorted(m for m in sys.modules if '.tests' in m))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "warta.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def check_the_live_election_and_the_finished_match(client):
    from warta.live.models import LivePost, LiveStatus, LiveStoryPage

    election = LiveStoryPage.objects.live().get(live_status=LiveStatus.LIVE)
    match = LiveStoryPage.objects.live().get(live_status=LiveStatus.FINISHED)
    assert election.title.startswith("Live: Pemilu Kepala Daerah 2026")
    assert election.hero_image_id is not None and match.hero_image_id is not None
    assert election.channel.slug == "nasional" and match.channel.slug == "sepak-bola"
    posts = list(election.live_posts.filter(state=LivePost.State.PUBLISHED))
    assert len(posts) == 12 and election.live_version == 12
    assert len({p.version for p in posts}) == 12
    assert [p.title for p in posts if p.key_event] == [
        "KPU umumkan jadwal rekapitulasi",
        "Hitung cepat 50% masuk",
        "TPS dibuka",
    ]
    assert sum(p.pinned for p in posts) == 2
    assert [p.correction_note for p in posts if p.corrected_at] == [
        "Sebelumnya tertulis 74,1%; angka yang benar 71,4%."
    ]
    kinds = {block.block_type for p in posts for block in p.body}
    assert {"paragraph", "image", "quote"} <= kinds
    now = timezone.now()
    assert all(p.posted_at < now and p.author.job_title == "Reporter" for p in posts)
    assert match.coverage_end is not None and match.live_posts.filter(key_event=True).count() == 5
    # Cards show the badge, the feeds and the API the posts.
    home = client.get("/").content.decode()
    assert '<span class="badge-live">LIVE</span>' in home
    assert "Hitung cepat 50% masuk" in client.get("/rss/").content.decode()
    assert client.get(f"/api/v1/articles/{election.pk}").json()["kind"] == "live"
    national = election.get_site()
    lite = client.get("/lite" + election.relative_url(national)).content.decode()
    assert "Hitung cepat 50% masuk" in lite and "Muat ulang" in lite
    assert "Peluit akhir" in client.get("/lite" + match.relative_url(national)).content.decode()


def check_the_desk_has_work_in_every_list(client):
    """The demo's desk is mid-shift: the reporter's lists and the editor's queue have work."""
    reporter = User.objects.get(username="reporter")
    editor = User.objects.get(username="redaktur")
    desk = reporter_desk(reporter)
    assert len(desk.drafts) == 1 and len(desk.waiting) == 2 and len(desk.scheduled) == 1
    assert [(s.changes_by, s.changes_comment) for s in desk.returned] == [
        ("Intan Maharani", RETURN_NOTE)
    ]
    queue = review_queue(editor)
    assert len(queue) == 2
    assert queue[0].submitted_at < queue[1].submitted_at  # the longest wait on top
    assert all(item.ready for item in queue)  # the desk's samples pass the gates
    assert len(breaking_now(editor)) == 1
    assert len(corrections_today(editor)) == 1
    client.force_login(editor)
    home = client.get("/admin/").content.decode()
    assert "Antrean Solar Mengular" in home and "Setujui dan terbitkan" in home
