"""A synthetic Warta network for the serving benchmarks: a national site and regional sites
(provisioned as an operator would), channels, authors, one hero photo, and N published
stories inserted in bulk (a million pages on PostgreSQL in minutes, where creating them one
by one through the page tree would take hours). Stories are synthetic Indonesian-like text,
not the click-id corpus, so the benchmark runs from a fresh clone."""

from __future__ import annotations

import random
import time
import uuid
from datetime import UTC, datetime
from io import BytesIO

WORDS = [
    "pemerintah",
    "daerah",
    "warga",
    "banjir",
    "jalan",
    "jembatan",
    "pasar",
    "harga",
    "beras",
    "petani",
    "nelayan",
    "sekolah",
    "guru",
    "murid",
    "rumah",
    "sakit",
    "dokter",
    "pasien",
    "polisi",
    "kecamatan",
    "desa",
    "kabupaten",
    "provinsi",
    "gubernur",
    "bupati",
    "wali",
    "kota",
    "anggaran",
    "proyek",
    "pembangunan",
    "listrik",
    "air",
    "bersih",
    "sampah",
    "lingkungan",
    "hutan",
    "gempa",
    "bumi",
    "gunung",
    "api",
    "pelabuhan",
    "bandara",
    "kereta",
    "bus",
    "ojek",
    "pariwisata",
    "budaya",
    "festival",
    "olahraga",
    "sepak",
    "bola",
    "atlet",
    "medali",
    "ekonomi",
    "inflasi",
    "ekspor",
    "impor",
    "pajak",
    "investasi",
    "pabrik",
    "buruh",
    "upah",
    "koperasi",
    "usaha",
    "kecil",
    "digital",
    "internet",
    "sinyal",
    "kesehatan",
    "vaksin",
    "gizi",
    "anak",
]
REGIONS = [
    ("Warta Bali", "bali", "51"),
    ("Warta Jatim", "jatim", "35"),
    ("Warta Sumut", "sumut", "12"),
    ("Warta Papua", "papua", "91"),
]
CHANNELS = ["nasional", "internasional", "ekonomi", "olahraga", "teknologi", "daerah"]
BATCH = 2000


def start_django(env: dict, *, drop_schema: bool = False) -> None:
    """Set up Django with `env` (the servers' environment too) and migrate a fresh database;
    `drop_schema` empties a PostgreSQL database first (its public schema)."""
    import os

    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    if drop_schema:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(9, 18)) for _ in range(rng.randint(3, 5)))


def hero_image():
    from django.core.files.images import ImageFile
    from PIL import Image

    from warta.core.models import WartaImage

    buffer = BytesIO()
    Image.new("RGB", (1600, 900), (60, 110, 160)).save(buffer, "JPEG", quality=80)
    image = WartaImage(title="Foto bench", credit="Fotografer", credit_source="Antara")
    image.file = ImageFile(buffer, name="bench-hero.jpg")
    image.save()
    return image


def build(total: int, *, log=print, seed: int = 7) -> dict:
    """Sites, channels and `total` stories (80 % national, the rest regional). Returns the
    URLs the benchmark requests."""
    from django.db import transaction
    from wagtail.models import Page, Site

    from warta.articles.models import Author
    from warta.channels.models import ChannelPage, HomePage
    from warta.network.services import RegionSpec, provision_site

    rng = random.Random(seed)
    root = Page.get_first_root_node()
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = root.add_child(instance=HomePage(title="Warta", slug="warta"))
    home.save_revision().publish()
    national = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    sections = []
    for slug in CHANNELS:
        channel = home.add_child(
            instance=ChannelPage(title=slug.title(), slug=slug, show_in_menus=True)
        )
        channel.save_revision().publish()
        sections.append((national, channel))
    for name, slug, province in REGIONS:
        site = provision_site(RegionSpec(name=name, slug=slug, province_code=province))
        sections += [(site, c) for c in ChannelPage.objects.child_of(site.root_page).specific()]
    authors = Author.objects.bulk_create(
        [Author(name=f"Penulis {n}", slug=f"penulis-{n}", job_title="Reporter") for n in range(40)]
    )
    image = hero_image()
    started = time.monotonic()
    national_sections = [s for s in sections if s[0].pk == national.pk]
    regional_sections = [s for s in sections if s[0].pk != national.pk]
    now = time.time()
    made = 0
    while made < total:
        count = min(BATCH, total - made)
        with transaction.atomic():
            _insert_batch(
                rng, count, made, national_sections, regional_sections, authors, image, newest=now
            )
        made += count
        if made % 20000 < BATCH or made == total:
            log(f"  {made}/{total} stories ({time.monotonic() - started:.0f}s)")
    return {"national": national, "image": image}


def _insert_batch(
    rng, count, offset, national_sections, regional_sections, authors, image, *, newest: float
) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from taggit.models import Tag
    from wagtail.models import Locale, Page

    from warta.articles.listing import listing_rows, site_roots
    from warta.articles.models import ArticleAuthor, ArticlePage, ArticlePageTag, Listing

    article_type = ContentType.objects.get_for_model(ArticlePage)
    locale = Locale.get_default()
    tags = list(Tag.objects.all()[:60])
    if not tags:
        tags = Tag.objects.bulk_create([Tag(name=w.title(), slug=w) for w in WORDS[:60]])
    articles: list[ArticlePage] = []
    by_parent: dict[int, list[ArticlePage]] = {}
    for n in range(count):
        number = offset + n
        site, channel = rng.choice(national_sections if rng.random() < 0.8 else regional_sections)
        title = f"{sentence(rng, rng.randint(6, 10))[:-1]} ({number})"
        when = datetime.fromtimestamp(newest - number * 97, tz=UTC)
        article = ArticlePage(
            title=title,
            draft_title=title,
            slug=f"berita-{number}",
            live=True,
            content_type=article_type,
            locale=locale,
            translation_key=uuid.uuid4(),
            first_published_at=when,
            last_published_at=when,
            latest_revision_created_at=when,
            summary=sentence(rng, 22),
            hero_image=image,
            hero_caption=sentence(rng, 10),
            dateline_place=rng.choice(["JAKARTA", "SURABAYA", "DENPASAR", "MEDAN"]),
            body=[("paragraph", f"<p>{paragraph(rng)}</p>") for _ in range(rng.randint(6, 10))],
            editor=authors[0],
            channel=channel,
            depth=channel.depth + 1,
            numchild=0,
        )
        by_parent.setdefault(channel.pk, []).append(article)
        articles.append(article)
    for parent_pk, children in by_parent.items():
        parent = Page.objects.get(pk=parent_pk)
        for index, child in enumerate(children, parent.numchild + 1):
            child.path = ArticlePage._get_path(parent.path, parent.depth + 1, index)
            child.url_path = f"{parent.url_path}{child.slug}/"
        Page.objects.filter(pk=parent_pk).update(numchild=parent.numchild + len(children))
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    pages = Page.objects.bulk_create(
        [Page(**{f.attname: getattr(a, f.attname) for f in page_fields}) for a in articles]
    )
    for article, page in zip(articles, pages, strict=True):
        article.pk = article.page_ptr_id = page.pk
    own = list(ArticlePage._meta.local_concrete_fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in own)
    marks = ", ".join(["%s"] * len(own))
    rows = [[f.get_db_prep_save(f.pre_save(a, True), connection) for f in own] for a in articles]
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {ArticlePage._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
            rows,
        )
    ArticleAuthor.objects.bulk_create(
        [ArticleAuthor(page_id=a.pk, author=rng.choice(authors), sort_order=0) for a in articles]
    )
    # Where each story is listed, as ArticlePage.save would write it.
    sites = site_roots()
    Listing.objects.bulk_create(
        [
            Listing(
                article_id=a.pk,
                site_id=site_pk,
                channel_slug=slug,
                origin_id=origin,
                own=own,
                published_at=a.first_published_at,
            )
            for a in articles
            for site_pk, slug, own, origin in listing_rows(
                {"live": True, "first_published_at": a.first_published_at, "path": a.path},
                {a.channel.path: a.channel.slug},
                set(),
                sites,
            )
        ]
    )
    ArticlePageTag.objects.bulk_create(
        [
            ArticlePageTag(content_object_id=a.pk, tag=t)
            for a in articles
            for t in rng.sample(tags, 2)
        ]
    )


def newest_story_urls(site, limit: int = 1) -> list[str]:
    from warta.articles.queries import articles_in_site

    return [a.url_path[len(site.root_page.url_path) - 1 :] for a in articles_in_site(site)[:limit]]
