"""The demo's live stories: a regional election count in progress (pinned and key-event posts,
a correction, a photo drawn locally, a quote) and a finished football match. Every post is
written here; the people and clubs are fictional."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import ArticleAuthor, Author
from warta.articles.services import create_story
from warta.channels.models import ChannelPage
from warta.core.media.images import draw_picture, store_image
from warta.live.models import LivePost, LiveStatus, LiveStoryPage

ELECTION_SLUG = "live-pemilu-kepala-daerah-2026"
MATCH_SLUG = "live-final-piala-nusantara-garuda-muda-vs-rajawali-fc"


def p(text: str) -> tuple[str, str]:
    return ("paragraph", f"<p>{text}</p>")


# (minutes before now, title, body blocks, flags): oldest first. "photo" is drawn locally.
ELECTION_POSTS: list[tuple[int, str, list, dict[str, Any]]] = [
    (
        360,
        "TPS dibuka",
        [
            p(
                "Pemungutan suara di 1.240 TPS se-kota dibuka pukul 07.00 WIB. Antrean pemilih "
                "sudah terbentuk sejak pukul 06.30 di sejumlah kelurahan."
            )
        ],
        {"key_event": True},
    ),
    (
        350,
        "Cara membaca hitung cepat",
        [
            p(
                "Hitung cepat adalah perkiraan dari sampel TPS, bukan hasil resmi. Hasil resmi "
                "ditetapkan KPU setelah rekapitulasi berjenjang, biasanya beberapa hari kemudian. "
                "Halaman ini memperbarui angka setiap kali data baru masuk."
            )
        ],
        {"pinned": True},
    ),
    (
        325,
        "",
        [("photo", "Warga antre di TPS 07 Kelurahan Sukamaju sebelum pukul tujuh pagi.")],
        {},
    ),
    (
        290,
        "",
        [
            p(
                "Petugas KPPS menambah bilik suara khusus untuk pemilih lansia dan penyandang "
                "disabilitas di TPS 12."
            ),
            (
                "quote",
                {
                    "text": "Kami ingin tidak ada pemilih yang pulang karena antrean terlalu "
                    "panjang.",
                    "speaker": "Rahmat Hidayat, Ketua KPPS TPS 12",
                    "source": "",
                },
            ),
        ],
        {},
    ),
    (
        240,
        "",
        [
            p(
                "Hujan ringan turun di wilayah utara. Panitia memasang tenda tambahan; "
                "pemungutan suara tetap berjalan."
            )
        ],
        {},
    ),
    (
        180,
        "TPS ditutup, penghitungan dimulai",
        [
            p(
                "Pemungutan suara ditutup pukul 13.00 WIB. Penghitungan suara di TPS disaksikan "
                "saksi ketiga pasangan calon dan pemantau independen."
            )
        ],
        {},
    ),
    (
        150,
        "Hitung cepat 50% masuk",
        [
            p(
                "Lembaga survei Suara Data mencatat 50% sampel masuk: pasangan nomor urut 2 "
                "unggul dengan 41,2%, disusul nomor urut 1 (35,6%) dan nomor urut 3 (23,2%)."
            )
        ],
        {"key_event": True},
    ),
    (
        120,
        "",
        [
            p(
                "Partisipasi pemilih menurut hitung cepat mencapai 71,4%, naik dari pemilihan "
                "sebelumnya."
            )
        ],
        {
            "corrected": 100,
            "correction_note": "Sebelumnya tertulis 74,1%; angka yang benar 71,4%.",
        },
    ),
    (
        90,
        "",
        [
            p(
                "Tim pemenangan pasangan nomor urut 1 meminta pendukung menunggu hasil resmi dan "
                "tidak merayakan lebih dulu."
            )
        ],
        {},
    ),
    (
        60,
        "Hitung cepat 95% masuk",
        [
            p(
                "Dengan 95% sampel masuk, selisih pasangan nomor urut 2 dan nomor urut 1 stabil di "
                "sekitar lima poin persentase. Margin of error 1%."
            )
        ],
        {},
    ),
    (
        35,
        "",
        [
            p(
                "Pasangan nomor urut 3 menyampaikan selamat kepada pemenang versi hitung cepat "
                "dan berjanji mengawal rekapitulasi."
            )
        ],
        {},
    ),
    (
        10,
        "KPU umumkan jadwal rekapitulasi",
        [
            p(
                "KPU kota mengumumkan rekapitulasi tingkat kecamatan dimulai besok pukul 09.00 WIB "
                "dan penetapan hasil resmi paling lambat lima hari lagi."
            )
        ],
        {"key_event": True, "pinned": True},
    ),
]

MATCH_POSTS: list[tuple[int, str, list, dict[str, Any]]] = [
    (
        1560,
        "Sepak mula",
        [p("Wasit meniup peluit. Garuda Muda memulai dengan empat bek.")],
        {"key_event": True},
    ),
    (1545, "", [p("Peluang pertama Rajawali FC: sundulan dari sepak pojok masih melebar.")], {}),
    (
        1528,
        "GOL! Garuda Muda 1-0",
        [p("Umpan silang dari kiri disambar tendangan voli di tiang jauh.")],
        {"key_event": True},
    ),
    (
        1500,
        "Turun minum",
        [p("Babak pertama selesai 1-0. Penguasaan bola 54% untuk Rajawali FC.")],
        {},
    ),
    (1470, "GOL! 1-1", [p("Rajawali FC menyamakan kedudukan lewat penalti.")], {"key_event": True}),
    (
        1440,
        "GOL! Garuda Muda 2-1",
        [p("Gol sundulan di menit ke-88 dari tendangan bebas.")],
        {"key_event": True},
    ),
    (
        1432,
        "Peluit akhir: Garuda Muda juara",
        [p("Garuda Muda menang 2-1 dan mengangkat trofi Piala Nusantara untuk pertama kali.")],
        {"key_event": True, "pinned": True},
    ),
]


def ensure_live_stories(
    national: Site, reporters: list[Author], editors: list[Author], log: Callable[[str], None]
) -> None:
    channels = ChannelPage.objects.descendant_of(national.root_page)
    news = channels.filter(slug="nasional").first() or channels.order_by("path").first()
    sport = channels.filter(slug="sepak-bola").first() or channels.filter(slug="olahraga").first()
    now = timezone.now()
    with transaction.atomic():
        if news is not None and not LiveStoryPage.objects.filter(slug=ELECTION_SLUG).exists():
            story = LiveStoryPage(
                title="Live: Pemilu Kepala Daerah 2026 — hitung cepat dan hasil resmi",
                slug=ELECTION_SLUG,
                summary="Pemungutan suara, hitung cepat dan pengumuman KPU dari menit ke menit.",
                dateline_place="JAKARTA",
                editor=editors[0],
                hero_image=_hero("Pemilu Kepala Daerah 2026", "live-pemilu"),
                hero_caption="Petugas KPPS menyiapkan kotak suara.",
                live_status=LiveStatus.LIVE,
                coverage_start=now - timedelta(minutes=365),
                body=[
                    p(
                        "Warta melaporkan langsung jalannya pemungutan dan penghitungan "
                        "suara pemilihan kepala daerah hari ini."
                    )
                ],
            )
            story.bylines.add(ArticleAuthor(author=reporters[0], sort_order=0))
            story.tags.add("Pilkada 2026", "Pemilu")
            create_story(
                story, parent=news, publish=True, first_published_at=now - timedelta(minutes=370)
            )
            _add_posts(story, ELECTION_POSTS, reporters, now)
        if sport is not None and not LiveStoryPage.objects.filter(slug=MATCH_SLUG).exists():
            match = LiveStoryPage(
                title="Live: Final Piala Nusantara, Garuda Muda vs Rajawali FC",
                slug=MATCH_SLUG,
                summary="Garuda Muda juara setelah menang 2-1 lewat gol di menit ke-88.",
                editor=editors[-1],
                hero_image=_hero("Final Piala Nusantara", "live-final"),
                hero_caption="Pemain Garuda Muda merayakan gol kemenangan.",
                live_status=LiveStatus.FINISHED,
                coverage_start=now - timedelta(minutes=1570),
                coverage_end=now - timedelta(minutes=1430),
                body=[p("Laporan langsung final Piala Nusantara.")],
            )
            match.bylines.add(ArticleAuthor(author=reporters[-1], sort_order=0))
            match.tags.add("Piala Nusantara", "Sepak Bola")
            create_story(
                match, parent=sport, publish=True, first_published_at=now - timedelta(minutes=1575)
            )
            _add_posts(match, MATCH_POSTS, reporters[-2:], now)
    log("Live stories: an election count in progress and a finished match.")


def _add_posts(story: LiveStoryPage, posts: list, reporters: list[Author], now) -> None:
    rows = []
    for version, (minutes, title, body, flags) in enumerate(posts, 1):
        blocks = [
            _photo(story, version, value) if kind == "photo" else (kind, value)
            for kind, value in body
        ]
        corrected = flags.get("corrected")
        rows.append(
            LivePost(
                story=story,
                posted_at=now - timedelta(minutes=minutes),
                author=reporters[version % len(reporters)],
                title=title,
                body=blocks,
                pinned=flags.get("pinned", False),
                key_event=flags.get("key_event", False),
                corrected_at=now - timedelta(minutes=corrected) if corrected else None,
                correction_note=flags.get("correction_note", ""),
                version=version,
            )
        )
    LivePost.objects.bulk_create(rows)
    LiveStoryPage.objects.filter(pk=story.pk).update(live_version=len(rows))


def _photo(story: LiveStoryPage, number: int, caption: str) -> tuple[str, dict]:
    image = store_image(
        draw_picture(caption.split(" sebelum")[0], note="Live"),
        title=f"{story.title[:60]} {number}",
        filename=f"demo-live-{story.slug[:30]}-{number}.jpg",
        description=caption,
        credit="Anisa Putri",
        credit_source="Warta",
    )
    return ("image", {"image": image, "caption": caption, "credit": ""})


def _hero(text: str, name: str):
    return store_image(
        draw_picture(text, note="Live"),
        title=f"Demo live: {text}",
        filename=f"demo-{name}.jpg",
        description=text,
        credit="Tim Foto Warta",
        credit_source="Warta",
    )
