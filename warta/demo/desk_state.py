"""Work in progress on the demo's desk, so the admin shows a newsroom mid-shift: the reporter
"reporter" has a draft, a story returned with the editor's note, two waiting for the editor
"redaktur" (oldest first in the review queue), a scheduled one; the national site has a story
in the breaking ticker and a correction noted today. Texts are written for the demo.
Idempotent: a story already there (by slug) is left as it is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Site, TaskState

from warta.articles.models import ArticleCorrection, ArticlePage, Author
from warta.articles.purging import story_purge_keys
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.core.models import WartaImage
from warta.core.pagecache import keys, purge_keys
from warta.demo.factories import article_page
from warta.newsroom.desk import start_of_today

Log = Callable[[str], None]

# slug, headline, summary, dateline, two paragraphs, what happens to it
DESK_STORIES = [
    (
        "demo-desk-antrean-bbm",
        "Antrean Solar Mengular di SPBU Pantura, Sopir Truk Menginap",
        "Pasokan solar bersubsidi tersendat sejak Senin; sopir menunggu hingga 14 jam.",
        "INDRAMAYU",
        (
            "Antrean truk mengular hingga dua kilometer di SPBU jalur Pantura sejak Senin pagi.",
            "Pengelola SPBU menyebut kiriman solar bersubsidi datang terlambat dua hari.",
        ),
        "waiting",
    ),
    (
        "demo-desk-sekolah-rusak",
        "Atap Kelas Ambruk, Siswa SD di Lebak Belajar di Teras Masjid",
        "Tiga ruang kelas tidak bisa dipakai sejak hujan deras pekan lalu.",
        "LEBAK",
        (
            "Sebanyak 96 siswa belajar bergantian di teras masjid dekat sekolah.",
            "Kepala sekolah sudah mengajukan perbaikan ke dinas pendidikan kabupaten.",
        ),
        "waiting",
    ),
    (
        "demo-desk-harga-cabai",
        "Harga Cabai Rawit Tembus Rp90.000 per Kilogram",
        "Pedagang di pasar induk menyebut pasokan dari sentra turun karena cuaca.",
        "JAKARTA",
        (
            "Harga cabai rawit merah di pasar induk naik hampir dua kali lipat dalam sepekan.",
            "Pedagang memperkirakan harga turun setelah panen raya bulan depan.",
        ),
        "returned",
    ),
    (
        "demo-desk-festival-layang",
        "Festival Layang-layang Pantai Padang Digelar Akhir Pekan Ini",
        "",
        "",
        ("Panitia menyiapkan lomba untuk pelajar dan umum.",),
        "draft",
    ),
    (
        "demo-desk-jadwal-krl",
        "Jadwal KRL Berubah Mulai Senin, Ini Perjalanan Tambahan",
        "Operator menambah 12 perjalanan pada jam sibuk pagi dan sore.",
        "JAKARTA",
        (
            "Perubahan jadwal berlaku untuk lintas Bogor dan Bekasi.",
            "Penumpang diminta memeriksa jadwal terbaru di aplikasi sebelum berangkat.",
        ),
        "scheduled",
    ),
]
RETURN_NOTE = "Tambahkan harga di dua pasar lain dan nama pedagang yang dikutip."


def ensure_desk_work(national: Site, log: Log = print) -> None:
    users = get_user_model().objects
    reporter = users.filter(username="reporter").first()
    editor_user = users.filter(username="redaktur").first()
    channel = (
        ChannelPage.objects.child_of(national.root_page).filter(slug="nasional").first()
        or ChannelPage.objects.child_of(national.root_page).first()
    )
    if reporter is None or editor_user is None or channel is None:
        return
    byline, _ = Author.objects.get_or_create(
        name=reporter.get_full_name(), defaults={"job_title": "Reporter", "user": reporter}
    )
    editor = Author.objects.filter(name=editor_user.get_full_name()).first()
    image = WartaImage.objects.order_by("pk").first()
    made = 0
    for index, (slug, title, summary, dateline, paragraphs, fate) in enumerate(DESK_STORIES):
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        with transaction.atomic():
            story = article_page(
                title=title,
                slug=slug,
                summary=summary,
                hero_image=image if fate != "draft" else None,  # type: ignore[arg-type]
                hero_caption="Ilustrasi" if fate != "draft" else "",
                dateline_place=dateline,
                editor=editor if fate != "draft" else None,  # type: ignore[arg-type]
                body=[("paragraph", f"<p>{p}</p>") for p in paragraphs],
                authors=[byline],
                tags=[],
            )
            story.owner = reporter
            if fate == "scheduled":  # approved by the editor, out in three hours
                in_three_hours = timezone.now() + timedelta(hours=3)
                create_story(
                    story, parent=channel, user=editor_user, publish=True, go_live_at=in_three_hours
                )
            else:
                story = create_story(story, parent=channel, user=reporter, publish=False)
                _move_on(story, fate, reporter, editor_user, minutes_ago=25 + index * 40)
        made += 1
    made += _breaking_and_correction(national)
    if made:
        log(f"Desk: {made} stories and notes in progress (review queue, ticker, corrections).")


def _move_on(story: ArticlePage, fate: str, reporter, editor_user, *, minutes_ago: int) -> None:
    """Submit a waiting story for approval (as long ago as `minutes_ago`); return another
    with the editor's note."""
    if fate not in ("waiting", "returned"):
        return
    workflow = story.get_workflow()
    if workflow is None:
        return
    state = workflow.start(story, reporter)
    task_state = state.current_task_state
    started = timezone.now() - timedelta(minutes=minutes_ago)
    TaskState.objects.filter(pk=task_state.pk).update(started_at=started)
    if fate == "returned":
        task_state.specific.reject(user=editor_user, comment=RETURN_NOTE)


def _breaking_and_correction(national: Site) -> int:
    newest = (
        ArticlePage.objects.live()
        .descendant_of(national.root_page)
        .exact_type(ArticlePage)
        .order_by("-first_published_at")
    )
    made = 0
    now = timezone.now()
    if not ArticlePage.objects.filter(breaking_until__gt=now).exists():
        first = newest.first()
        if first is not None:
            ArticlePage.objects.filter(pk=first.pk).update(breaking_until=now + timedelta(hours=6))
            purge_keys([keys.site(national.pk), keys.article(first.pk)])  # the ticker
            made += 1
    if not ArticleCorrection.objects.filter(noted_at__gte=now - timedelta(hours=12)).exists():
        second = newest[1:2].first()
        if second is not None:
            ArticleCorrection.objects.create(
                page=second,
                text="Nama kecamatan pada paragraf kedua sebelumnya tertulis keliru.",
                # Today in the site's zone, even just after midnight (the desk lists today's).
                noted_at=max(now - timedelta(minutes=50), start_of_today()),
                sort_order=0,
            )
            purge_keys(story_purge_keys(second))
            made += 1
    return made
