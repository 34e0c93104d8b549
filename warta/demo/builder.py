"""Builds the demo network idempotently: every piece is looked up by its slug or hostname
first, so running it again fills gaps instead of duplicating."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage, Author
from warta.articles.services import create_story
from warta.channels.models import ChannelPage, HomePage
from warta.core.indonesia import provinces
from warta.core.media.images import draw_picture, store_image
from warta.core.media.licences import ANTARA, NEWSROOM
from warta.core.models import SiteSettings, WartaImage
from warta.demo.desk_state import ensure_desk_work
from warta.demo.factories import add_published_page, article_page, author
from warta.demo.live_stories import ensure_live_stories
from warta.demo.media_stories import ensure_media_stories
from warta.demo.newsletters import ensure_newsletters
from warta.demo.stories import Story, make_story
from warta.demo.trust_pages import ensure_trust_pages
from warta.demo.wordpress_sample import REGION, ensure_wordpress_sample, sample_addresses
from warta.ingest.models import FeedSource
from warta.network.models import NetworkPartnerPage, PartnerApplication, PartnerApplicationEvent
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, setup_roles

NATIONAL_CHANNELS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("Nasional", "nasional", []),
    ("Internasional", "internasional", []),
    ("Ekonomi", "ekonomi", [("Bisnis", "bisnis"), ("Finansial", "finansial")]),
    ("Olahraga", "olahraga", [("Sepak Bola", "sepak-bola"), ("Bulu Tangkis", "bulu-tangkis")]),
    ("Teknologi", "teknologi", []),
    ("Kesehatan", "kesehatan", []),
    ("Pendidikan", "pendidikan", []),
    ("Otomotif", "otomotif", []),
    ("Hiburan", "hiburan", []),
]
REGIONAL_CHANNELS = [("Berita", "berita"), ("Peristiwa", "peristiwa"), ("Ekonomi", "ekonomi")]
REGIONS = [
    {
        "slug": "jatim",
        "name": "Warta Jatim",
        "province": "Jawa Timur",
        "city": "Surabaya",
        "time_zone": "Asia/Jakarta",
        "colour": "#0b5394",
    },
    {
        "slug": "jabar",
        "name": "Warta Jabar",
        "province": "Jawa Barat",
        "city": "Bandung",
        "time_zone": "Asia/Jakarta",
        "colour": "#38761d",
    },
    {
        "slug": "sumut",
        "name": "Warta Sumut",
        "province": "Sumatera Utara",
        "city": "Medan",
        "time_zone": "Asia/Jakarta",
        "colour": "#7f6000",
    },
    {
        "slug": "bali",
        "name": "Warta Bali",
        "province": "Bali",
        "city": "Denpasar",
        "time_zone": "Asia/Makassar",
        "colour": "#a64d79",
    },
    {
        "slug": "sulsel",
        "name": "Warta Sulsel",
        "province": "Sulawesi Selatan",
        "city": "Makassar",
        "time_zone": "Asia/Makassar",
        "colour": "#134f5c",
    },
    {
        "slug": "papua",
        "name": "Warta Papua",
        "province": "Papua",
        "city": "Jayapura",
        "time_zone": "Asia/Jayapura",
        "colour": "#99000d",
    },
]
REPORTERS = [
    "Anisa Putri",
    "Bayu Saputra",
    "Citra Ayu",
    "Dimas Pratama",
    "Eka Nugraha",
    "Fajar Ramadhan",
    "Gita Permata",
    "Hadi Susanto",
]
EDITORS = ["Intan Maharani", "Joko Kurniawan", "Kartika Sari"]
IMAGE_POOL = 48
PARTNER_BODY = (
    "<h2>Mengapa bergabung</h2><p>Warta Network memberi penerbit daerah platform redaksi, "
    "tayangan di situs nasional, dan kerja sama iklan, sementara Anda memegang kendali "
    "redaksi di wilayah Anda.</p><h2>Siapa yang bisa mendaftar</h2><ul><li>Badan usaha "
    "berbadan hukum di Indonesia</li><li>Memiliki atau membentuk tim redaksi di daerah</li>"
    "<li>Bersedia mengikuti pedoman pemberitaan dan kode etik jurnalistik</li></ul>"
)

Log = Callable[[str], None]


def build_demo(*, articles: int = 300, port: int = 8000, log: Log = print) -> dict:
    admin_password = _ensure_admin(log)
    national = _ensure_national_site(port)
    _ensure_channels(national.root_page, NATIONAL_CHANNELS)
    _ensure_partner_page(national.root_page)
    regions = [_ensure_region(region, port) for region in REGIONS]
    ensure_trust_pages(national, regions)
    _ensure_newsroom_accounts(admin_password)
    reporters = [author(n, job_title="Reporter") for n in REPORTERS]
    editors = [author(n, job_title="Editor") for n in EDITORS]
    images = _ensure_images(log)
    _ensure_wire_source(national, port)
    _ensure_sample_application()

    targets = _article_targets(national, regions, articles)
    created = 0
    now = timezone.now()
    for index, (channel, region) in enumerate(targets):
        # One seeded stream per story: the same network every time, even when some exist.
        rng = random.Random(f"warta-demo-{index}")
        story = make_story(rng, channel.slug, region)
        slug = slugify(f"{story.title}-{index}")[:80]
        if ArticlePage.objects.filter(slug=slug, path__startswith=channel.path).exists():
            continue
        published = now - timedelta(minutes=7 + index * 47 + rng.randint(0, 30))
        with transaction.atomic():
            _create_article(story, slug, channel, rng, reporters, editors, images, published)
        created += 1
        if created % 50 == 0:
            log(f"  {created} articles created…")
    log(f"Articles: {created} created, {len(targets) - created} already there.")
    ensure_media_stories(national, reporters, editors, log)
    ensure_live_stories(national, reporters, editors, log)
    ensure_desk_work(national, log)
    ensure_newsletters(national, regions, log)
    migrated = next(site for site in regions if site.region["slug"] == REGION)  # type: ignore[attr-defined]
    ensure_wordpress_sample(migrated, log)
    if created:
        log("Ranking related articles over the whole network…")
        call_command("rebuild_related", "--quiet")
    log("Suggesting topics from every story's text…")
    call_command("suggest_topics", "--quiet")
    return {
        "admin_password": admin_password,
        "sites": [national, *regions],
        "wordpress_sample": sample_addresses(migrated, port),
    }


def _ensure_wire_source(national: Site, port: int) -> None:
    """A wire feed served by the demo itself (a sample Atom file in static), so the Ingest
    inbox fills as soon as the worker's first pull after start-up."""
    channel = (
        ChannelPage.objects.descendant_of(national.root_page).filter(slug="internasional").first()
    )
    FeedSource.objects.update_or_create(
        name="Antara (contoh)",
        defaults={
            "organisation": "Antara",
            "format": FeedSource.FORMAT_ATOM,
            "site": national,
            "default_channel": channel,
            "pull_interval_minutes": 2,
            "url": f"http://127.0.0.1:{port}/static/warta/samples/wire-antara.atom",
        },
    )


def _ensure_sample_application() -> None:
    """One application waiting in "Mitra Network", so the review can be tried at once."""
    if PartnerApplication.objects.exists():
        return
    application = PartnerApplication.objects.create(
        organisation="Kabar Malang Raya",
        legal_entity="pt",
        contact_name="Rudi Hartono",
        email="rudi@kabarmalang.example",
        phone="081234567890",
        province_code="35",
        regency="Kota Malang",
        website="https://kabarmalang.example",
        newsroom_size="6-15",
        statement="Media lokal Malang sejak 2015 dengan enam jurnalis; kami meliput "
        "pemerintahan kota, pendidikan dan ekonomi warga setiap hari.",
    )
    PartnerApplicationEvent.objects.create(application=application, action="submitted")


def _ensure_admin(log: Log) -> str:
    password = getattr(settings, "WARTA_DEMO_ADMIN_PASSWORD", "warta-demo")
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@warta.localhost", "is_staff": True, "is_superuser": True},
    )
    if created:
        user.set_password(password)
        user.save()
    return password


DEMO_ACCOUNTS = [  # username, role, display name
    ("reporter", REPORTER, "Anisa Putri"),
    ("redaktur", EDITOR, "Intan Maharani"),
    ("jaringan", NETWORK_ADMIN, "Admin Jaringan"),
    # Regional desks: they see and edit only their own site (pages, images, documents).
    ("redaktur-jatim", "Editor · Warta Jatim", "Rizky Hidayat"),
    ("reporter-papua", "Reporter · Warta Papua", "Yohana Wenda"),
]


def _ensure_newsroom_accounts(password: str) -> None:
    """One account per role, all with the demo password, so each can be tried in the admin."""
    setup_roles(per_site=True)
    user_model = get_user_model()
    for username, role, name in DEMO_ACCOUNTS:
        first, _, last = name.partition(" ")
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@warta.localhost",
            },
        )
        if created:
            user.set_password(password)
            user.save()
        user.groups.add(Group.objects.get(name=role))


def _ensure_national_site(port: int) -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site and isinstance(site.root_page.specific, HomePage):
        return site
    root = Page.get_first_root_node()
    home = HomePage.objects.filter(depth=2, slug="warta").first() or add_published_page(
        HomePage(title="Warta", slug="warta"), parent=root
    )
    if site is None:
        site = Site(is_default_site=True)
    welcome = site.root_page if site.pk else None
    site.hostname, site.port, site.site_name, site.root_page = "localhost", port, "Warta", home
    site.save()
    if welcome is not None and welcome.pk != home.pk and not welcome.get_children().exists():
        welcome.delete()  # Wagtail's "Welcome" placeholder page
    SiteSettings.objects.update_or_create(
        site=site, defaults={"tagline": "Berita terkini dari seluruh Indonesia"}
    )
    return site


def _ensure_channels(home: Page, spec) -> None:
    for item in spec:
        title, slug, children = item if len(item) == 3 else (*item, [])
        channel = ChannelPage.objects.child_of(home).filter(slug=slug).first()
        if channel is None:
            channel = add_published_page(
                ChannelPage(
                    title=title,
                    slug=slug,
                    intro=f"Berita {title.lower()} terbaru.",
                    show_in_menus=True,
                ),
                parent=home,
            )
        for child_title, child_slug in children:
            if not ChannelPage.objects.child_of(channel).filter(slug=child_slug).exists():
                add_published_page(
                    ChannelPage(title=child_title, slug=child_slug, show_in_menus=True),
                    parent=channel,
                )


def _ensure_partner_page(home: Page) -> None:
    if NetworkPartnerPage.objects.child_of(home).exists():
        return
    page = NetworkPartnerPage(
        title="Gabung Warta Network",
        slug="network",
        lead="Kami membuka kesempatan bagi Anda yang ingin menjadi pebisnis media melalui "
        "program Warta Network.",
        body=PARTNER_BODY,
    )
    add_published_page(page, parent=home)


def _ensure_region(region: dict, port: int) -> Site:
    """Made the way an approved partner's site is (network.services.provision_site)."""
    province = provinces.by_name(region["province"])
    site = provision_site(
        RegionSpec(
            name=region["name"],
            slug=region["slug"],
            province_code=province.code,
            tagline=f"Berita {region['province']} hari ini",
            colour=region["colour"],
            port=port,
        ),
        channels=REGIONAL_CHANNELS,
    )
    # Breaking regional events always go to the national site too (a per-site rule).
    site_settings = SiteSettings.objects.get(site=site)
    if site_settings.circulate_channels != "peristiwa":
        site_settings.circulate_channels = "peristiwa"
        site_settings.save()
    site.region = region  # type: ignore[attr-defined]
    return site


def _ensure_images(log: Log) -> list[WartaImage]:
    images = list(WartaImage.objects.filter(title__startswith="Demo foto ").order_by("pk"))
    for n in range(len(images), IMAGE_POOL):
        images.append(
            store_image(
                draw_picture(f"Foto ilustrasi {n + 1}"),
                title=f"Demo foto {n + 1}",
                filename=f"demo-{n + 1}.jpg",
                description=f"Foto ilustrasi berita nomor {n + 1}",
                credit="Tim Foto Warta",
                credit_source=["Warta", "Antara", "Reuters"][n % 3],
                licence=[NEWSROOM, ANTARA, ""][n % 3],  # Reuters': not yet set
            )
        )
    log(f"Images: {len(images)} in the pool.")
    return images


def _article_targets(national: Site, regions: list[Site], total: int):
    """Two thirds of the stories on national channels, the rest spread over the regions."""
    leaf_channels = [
        c
        for c in ChannelPage.objects.descendant_of(national.root_page).order_by("path")
        if not ChannelPage.objects.child_of(c).exists() or c.slug in {"ekonomi", "olahraga"}
    ]
    regional_channels = [
        (channel, site.region)
        for site in regions
        for channel in ChannelPage.objects.descendant_of(site.root_page).order_by("path")
    ]
    national_count = total * 2 // 3
    targets = [(leaf_channels[i % len(leaf_channels)], None) for i in range(national_count)]
    regional_count = total - national_count
    targets += [regional_channels[i % len(regional_channels)] for i in range(regional_count)]
    random.Random(7).shuffle(targets)
    return targets


def _create_article(
    story: Story,
    slug: str,
    channel: ChannelPage,
    rng: random.Random,
    reporters: list[Author],
    editors: list[Author],
    images: list[WartaImage],
    published: datetime,
) -> ArticlePage:
    body: list[tuple[str, object]] = [("paragraph", f"<p>{p}</p>") for p in story.paragraphs[:2]]
    body.append(("quote", {"text": story.quote, "speaker": story.speaker, "source": ""}))
    body += [("paragraph", f"<p>{p}</p>") for p in story.paragraphs[2:]]
    authors = rng.sample(reporters, k=2 if rng.random() < 0.15 else 1)
    article = article_page(
        title=story.title,
        slug=slug,
        summary=story.summary,
        hero_image=rng.choice(images),
        hero_caption=f"{story.speaker}, {story.speaker_role}. (Ilustrasi)",
        dateline_place=story.dateline,
        editor=rng.choice(editors),
        body=body,
        authors=authors,
        tags=story.tags,
    )
    return create_story(article, parent=channel, publish=True, first_published_at=published)
