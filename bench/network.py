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
from statistics import mean

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


def region_specs(count: int) -> list[tuple[str, str, str]]:
    """`count` regional sites (name, slug, province code): the four of REGIONS, then regencies
    and cities of the shipped gazetteer (514) taken one province at a time in turn, so any
    count spreads over the whole country and its three time zones (WIB, WITA, WIT)."""
    from django.utils.text import slugify

    from warta.discovery.gazetteer import CITY, REGENCY, places

    specs = list(REGIONS[:count])
    taken = {slug for _, slug, _ in specs}
    by_province: dict[str, list] = {}
    for place in places():
        if place.kind in (REGENCY, CITY):
            by_province.setdefault(place.province, []).append(place)
    queues = [by_province[code] for code in sorted(by_province)]
    while len(specs) < count and any(queues):
        for queue in queues:
            if not queue or len(specs) >= count:
                continue
            place = queue.pop(0)
            slug = slugify(place.name)
            if slug in taken:  # Kabupaten Bogor and Kota Bogor
                slug = slugify(f"{place.kind} {place.name}")
            name = f"Warta {'Kota ' if place.kind == CITY else ''}{place.name}"
            taken.add(slug)
            specs.append((name, slug, place.province))
    if len(specs) < count:
        raise ValueError(f"the gazetteer has {len(specs)} regions, not {count}")
    return specs


def provision_regions(count: int, *, log=print) -> tuple[list, list[float]]:
    """Provisions `count` regional sites through the real service, as an operator would, one
    after another. Returns the sites and each one's provisioning time in seconds."""
    from warta.network.services import RegionSpec, provision_site

    sites, seconds = [], []
    for n, (name, slug, province) in enumerate(region_specs(count), 1):
        started = time.perf_counter()
        sites.append(provision_site(RegionSpec(name=name, slug=slug, province_code=province)))
        seconds.append(time.perf_counter() - started)
        if n % 50 == 0 or n == count:
            recent = seconds[-50:]
            log(f"  {n}/{count} sites (last {len(recent)}: {1000 * mean(recent):.0f} ms/site)")
    return sites, seconds


def provisioning_figures(seconds: list[float]) -> dict:
    """Mean and 95th percentile of the provisioning time per site, in milliseconds."""
    if not seconds:
        return {"provision_ms_per_site": 0.0, "provision_ms_p95": 0.0}
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "provision_ms_per_site": round(1000 * mean(seconds), 1),
        "provision_ms_p95": round(1000 * p95, 1),
    }


def build(total: int, *, log=print, seed: int = 7, sites: int = len(REGIONS)) -> dict:
    """Sites, channels and `total` stories (80 % national, the rest regional). `sites`
    regional sites (REGIONS first, then regencies and cities of the gazetteer). Returns the
    URLs the benchmark requests and the provisioning figures."""
    from django.db import transaction
    from wagtail.models import Page, Site

    from warta.articles.models import Author
    from warta.channels.models import ChannelPage, HomePage

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
    regions, seconds = provision_regions(sites, log=log)
    figures = provisioning_figures(seconds)
    log(
        f"provisioned {sites} regional sites: {figures['provision_ms_per_site']} ms per site"
        f" (p95 {figures['provision_ms_p95']} ms)"
    )
    roots = {site.root_page.path: site for site in regions}
    regional_channels = ChannelPage.objects.filter(depth=3).exclude(path__startswith=home.path)
    for channel in regional_channels.order_by("path"):
        sections.append((roots[channel.path[: -ChannelPage.steplen]], channel))
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
    return {"national": national, "image": image, "regions": regions, **figures}


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


def main() -> None:
    """`python bench/network.py --sites 500 --articles 20000 [--database-url URL]`: builds the
    network (a PostgreSQL database's public schema is dropped first) and prints the
    provisioning time per site, JSON last."""
    import argparse
    import json
    import os
    import sys
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--sites", type=int, default=len(REGIONS), help="regional sites")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database-url", help="PostgreSQL URL (its public schema is dropped)")
    parser.add_argument("--var-dir", help="media and SQLite database here (default: a temp dir)")
    args = parser.parse_args()
    var = Path(args.var_dir or tempfile.mkdtemp(prefix="warta-network-")).resolve()
    var.mkdir(parents=True, exist_ok=True)
    env = {
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "warta.settings.serve"),
        "WARTA_VAR_DIR": str(var),
        "DATABASE_URL": args.database_url or f"sqlite:///{var / 'network.sqlite3'}",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    log = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
    start_django(env, drop_schema=bool(args.database_url))
    started = time.monotonic()
    built = build(args.articles, log=log, sites=args.sites)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures = {
        "sites": args.sites,
        "articles": args.articles,
        "database": connection.vendor,
        "build_seconds": round(time.monotonic() - started, 1),
        "provision_ms_per_site": built["provision_ms_per_site"],
        "provision_ms_p95": built["provision_ms_p95"],
    }
    print(
        f"{args.sites} sites: {figures['provision_ms_per_site']} ms per site (mean), "
        f"{figures['provision_ms_p95']} ms (p95); built in {figures['build_seconds']} s"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
