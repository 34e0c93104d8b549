"""`warta import_wordpress` on a generated WordPress export of N posts (default 50,000).

The export is written here (seeded, so every run writes the same file): nested categories
(12 sections of 4), 400 tags, 25 authors, about 3 KB of text per post with sub-headings and
quotes, a featured image on every 5th post and an inline `[caption]` image on every 10th
(small JPEGs drawn with `warta.core.media.images.draw_picture` into a generated uploads
folder), 2 % drafts, 1 % scheduled, 0.5 % in the trash, and per 10,000 posts one of each broken
spot: a title with bidi controls and an emoji, `]]>` inside a post's content (not well-formed
XML: the recovering parser's work), an empty title (fails, is reported) and a featured image
whose file is missing.

The import runs in a child process, `warta import_wordpress --report` with the production
settings of `warta serve` (tasks queued in the database as in production, search and related
articles left to the worker), in a fresh WARTA_VAR_DIR (SQLite there, or --database-url);
peak RSS is the child's ru_maxrss; time includes starting Django and parsing. Then the same
file is imported again (nothing should change). Prints figures, then one JSON line.

`--parse-only --size-gb X` writes an export of about X GB (10 KB per post, the issue's 2 GB
for 200,000 posts) and measures only reading it (every post iterated) in a child: its time
and peak RSS, against the file's size.

    .venv/bin/python bench/wordpress_import.py [--posts 50000] [--database-url URL] [--keep]
    .venv/bin/python bench/wordpress_import.py --parse-only --size-gb 2
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BASE = "https://kabarnusantara.example"
SECTIONS = [
    "Kota",
    "Daerah",
    "Ekonomi",
    "Olahraga",
    "Pendidikan",
    "Kesehatan",
    "Budaya",
    "Wisata",
    "Hukum",
    "Politik",
    "Teknologi",
    "Lingkungan",
]
SUBSECTIONS = ["Utama", "Peristiwa", "Sorotan", "Warga"]
WORDS = (  # noqa: SIM905
    "warga kota desa pasar jalan sekolah petani nelayan hujan banjir panen harga beras cabai "
    "bupati camat lurah dinas rapat anggaran jembatan pelabuhan kereta bandara pantai gunung "
    "festival tari musik sepak bola turnamen juara pelajar guru rumah sakit dokter vaksin "
    "posyandu air bersih listrik sampah sungai hutan kopi teh cengkih rempah ikan sapi kambing "
    "koperasi usaha kecil pedagang pembeli minggu pagi malam siang kemarin hari ini tahun depan"
).split()


def paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


class Export:
    """Writes the WXR file item by item (a 2 GB file never sits in memory)."""

    def __init__(self, path: Path, uploads: Path | None, *, well_formed: bool) -> None:
        self.handle = path.open("w", encoding="utf-8")
        self.uploads = uploads
        self.well_formed = well_formed
        self.counts = {"posts": 0, "attachments": 0, "pages": 0, "images": 0}

    def header(self, rng: random.Random) -> None:
        w = self.handle.write
        w('<?xml version="1.0" encoding="UTF-8" ?>\n')
        w(
            '<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n'
        )
        w(f"<title>Kabar Nusantara (bench)</title><link>{BASE}</link>\n")
        w(f"<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>{BASE}</wp:base_site_url>")
        w(f"<wp:base_blog_url>{BASE}</wp:base_blog_url>\n")
        for n in range(1, 26):
            w(
                f"<wp:author><wp:author_id>{n}</wp:author_id><wp:author_login>{cdata(f'penulis{n}')}"
                f"</wp:author_login><wp:author_display_name>{cdata(f'Penulis Nomor {n}')}"
                "</wp:author_display_name></wp:author>\n"
            )
        term = 1
        for section in SECTIONS:
            slug = section.lower()
            w(self._category(term, slug, section, ""))
            term += 1
            for sub in SUBSECTIONS:
                w(self._category(term, f"{slug}-{sub.lower()}", f"{section} {sub}", slug))
                term += 1
        for n in range(400):
            w(
                f"<wp:tag><wp:term_id>{1000 + n}</wp:term_id><wp:tag_slug>{cdata(f'topik-{n}')}"
                f"</wp:tag_slug><wp:tag_name>{cdata(f'Topik {n}')}</wp:tag_name></wp:tag>\n"
            )

    @staticmethod
    def _category(term: int, slug: str, name: str, parent: str) -> str:
        return (
            f"<wp:category><wp:term_id>{term}</wp:term_id><wp:category_nicename>{cdata(slug)}"
            f"</wp:category_nicename><wp:category_parent>{cdata(parent)}</wp:category_parent>"
            f"<wp:cat_name>{cdata(name)}</wp:cat_name></wp:category>\n"
        )

    def attachment(self, wp_id: int, relative: str, *, draw: bool) -> None:
        if draw and self.uploads is not None:
            from warta.core.media.images import draw_picture

            target = self.uploads / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(draw_picture(f"Foto {wp_id}", width=320, height=180))
            self.counts["images"] += 1
        self.counts["attachments"] += 1
        self.handle.write(
            f"<item><title>{cdata(f'foto {wp_id}')}</title><wp:post_id>{wp_id}</wp:post_id>"
            f"<wp:post_type>{cdata('attachment')}</wp:post_type><wp:status>{cdata('inherit')}"
            f"</wp:status><wp:attachment_url>{cdata(f'{BASE}/wp-content/uploads/{relative}')}"
            f"</wp:attachment_url><excerpt:encoded>{cdata(f'Foto nomor {wp_id} (Foto: Antara)')}"
            "</excerpt:encoded><wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key>"
            f"<wp:meta_value>{cdata(relative)}</wp:meta_value></wp:postmeta></item>\n"
        )

    def post(self, n: int, rng: random.Random, *, text_bytes: int, images_every: int) -> None:
        wp_id = 100_000 + n
        day = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        title = f"{paragraph(rng, 7)[:-1]} ({n})"
        spot = n % 10_000
        if spot == 17:
            title = f"Wali kota \u202eresmikan\u202c pasar baru 🎉 ({n})"
        elif spot == 41:
            title = ""
        featured = inline = ""
        if n % images_every == 0 or spot == 53:
            attachment_id = 10_000_000 + n
            relative = f"{day[:4]}/{day[5:7]}/foto-{n}.jpg"
            self.attachment(attachment_id, relative, draw=spot != 53)  # 53: the file is missing
            featured = (
                "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key>"
                f"<wp:meta_value>{attachment_id}</wp:meta_value></wp:postmeta>"
            )
        parts = []
        size = 0
        while size < text_bytes:
            part = paragraph(rng, rng.randint(25, 60))
            parts.append(part)
            size += len(part) + 2
            if len(parts) == 3:
                parts.append(f"<h2>{paragraph(rng, 4)[:-1]}</h2>")
            if len(parts) == 6:
                parts.append(f"<blockquote>{paragraph(rng, 12)}<cite>Warga</cite></blockquote>")
        if n % (images_every * 2) == 0:
            attachment_id = 20_000_000 + n
            relative = f"{day[:4]}/{day[5:7]}/isi-{n}.jpg"
            self.attachment(attachment_id, relative, draw=True)
            inline = (
                f'[caption id="attachment_{attachment_id}" width="320"]<img '
                f'class="wp-image-{attachment_id}" src="{BASE}/wp-content/uploads/{relative}" '
                f'alt="Suasana" width="320" height="180" /> Suasana di lokasi[/caption]'
            )
            parts.insert(2, inline)
        content = "\n\n".join(parts)
        if spot == 29:
            content += "\n\nKode contoh: if (a[b[0]]> 1) tetap tampil."
            body = (
                "<![CDATA[" + content.replace("]]>", "]]]]><![CDATA[>") + "]]>"
                if self.well_formed
                else "<![CDATA[" + content + "]]>"  # a raw ]]> inside: not well-formed
            )
        else:
            body = cdata(content)
        status = "publish"
        roll = n % 200
        if roll in (1, 2, 3, 4):
            status = "draft"
        elif roll in (5, 6):
            status = "future"
            day = f"2031-{1 + n % 12:02d}-{1 + n % 28:02d}"
        elif roll == 7:
            status = "trash"
        section = SECTIONS[n % len(SECTIONS)].lower()
        category = f"{section}-{SUBSECTIONS[(n // len(SECTIONS)) % len(SUBSECTIONS)].lower()}"
        tags = "".join(
            f'<category domain="post_tag" nicename="topik-{t}">{cdata(f"Topik {t}")}</category>'
            for t in sorted({rng.randrange(400) for _ in range(3)})
        )
        slug = f"berita-{n}"
        self.handle.write(
            f"<item><title>{cdata(title)}</title><link>{BASE}/{day.replace('-', '/')}/{slug}/"
            f"</link><dc:creator>{cdata(f'penulis{1 + n % 25}')}</dc:creator>"
            f'<guid isPermaLink="false">{BASE}/?p={wp_id}</guid>'
            f"<content:encoded>{body}</content:encoded>"
            f"<excerpt:encoded>{cdata(escape(paragraph(rng, 15)))}</excerpt:encoded>"
            f"<wp:post_id>{wp_id}</wp:post_id>"
            f"<wp:post_date_gmt>{cdata(day + ' 03:00:00')}</wp:post_date_gmt>"
            f"<wp:post_name>{cdata(slug if status == 'publish' else '')}</wp:post_name>"
            f"<wp:status>{cdata(status)}</wp:status><wp:post_type>{cdata('post')}</wp:post_type>"
            f'<category domain="category" nicename="{category}">{cdata(category)}</category>'
            f"{tags}{featured}</item>\n"
        )
        self.counts["posts"] += 1

    def page(self, n: int, title: str) -> None:
        self.counts["pages"] += 1
        self.handle.write(
            f"<item><title>{cdata(title)}</title><link>{BASE}/halaman-{n}/</link>"
            f"<content:encoded>{cdata(f'Isi halaman {title}.')}</content:encoded>"
            f"<wp:post_id>{900 + n}</wp:post_id><wp:post_name>{cdata(f'halaman-{n}')}"
            f"</wp:post_name><wp:status>{cdata('publish')}</wp:status>"
            f"<wp:post_type>{cdata('page')}</wp:post_type></item>\n"
        )

    def close(self) -> None:
        self.handle.write("</channel>\n</rss>\n")
        self.handle.close()


def write_export(
    path: Path,
    uploads: Path | None,
    *,
    posts: int,
    text_bytes: int,
    images_every: int,
    well_formed: bool,
) -> dict[str, int]:
    rng = random.Random(28)
    export = Export(path, uploads, well_formed=well_formed)
    export.header(rng)
    for n, title in enumerate(["Tentang Kami", "Redaksi", "Pedoman Media Siber"], 1):
        export.page(n, title)
    for n in range(1, posts + 1):
        export.post(n, rng, text_bytes=text_bytes, images_every=images_every)
        if n % 10_000 == 0:
            say(f"  written {n}/{posts} posts")
    export.close()
    return export.counts


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds, peak RSS in MB (the child's ru_maxrss) and stdout of one child process."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if process.returncode not in (0,):
        say(output)
        raise SystemExit(f"{command[1:3]} exited with {process.returncode}")
    return seconds, usage.ru_maxrss / 1024, output


def setup_database(tmp: Path, database_url: str | None, redis_url: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": database_url or f"sqlite:///{tmp / 'bench.sqlite3'}",
        "REDIS_URL": redis_url or "",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if database_url:
        with connection.cursor() as cursor:  # a throwaway database: give it one of its own
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    from wagtail.models import Page, Site

    from warta.channels.models import HomePage

    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Kabar Nusantara", slug="kabar", live=True)
    )
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    connection.close()
    return env


def fates(report: Path) -> dict[str, int]:
    """Counts per fate of the posts, from the JSON report's totals (read without loading
    the items: the totals are at the end of the file)."""
    with report.open("rb") as handle:
        handle.seek(max(0, report.stat().st_size - 1_000_000))
        tail = handle.read().decode("utf-8", "replace")
    start = tail.rindex('"totals": ')
    totals, _ = json.JSONDecoder().raw_decode(tail[start + len('"totals": ') :])
    return totals.get("post", {})


def import_run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="warta-wp-bench-"))
    say(f"working in {tmp}")
    env = setup_database(tmp, args.database_url, args.redis)
    export, uploads = tmp / "export.xml", tmp / "uploads"
    started = time.monotonic()
    counts = write_export(
        export,
        uploads,
        posts=args.posts,
        text_bytes=args.text_bytes,
        images_every=args.images_every,
        well_formed=args.well_formed,
    )
    say(
        f"export: {args.posts} posts, {counts['attachments']} attachments "
        f"({counts['images']} files), {export.stat().st_size / 1e6:.1f} MB, "
        f"written in {time.monotonic() - started:.0f} s"
    )
    command = [str(Path(PYTHON).parent / "warta"), "import_wordpress", str(export)]
    command += ["--media-dir", str(uploads)]
    first = tmp / "report-1.json"
    seconds, rss, output = run_child([*command, "--report", str(first)], env)
    print(output.strip())
    second = tmp / "report-2.json"
    reseconds, rerss, reoutput = run_child([*command, "--report", str(second)], env)
    print(reoutput.strip())
    once, again = fates(first), fates(second)
    result = {
        "posts": args.posts,
        "file_mb": round(export.stat().st_size / 1e6, 1),
        "images": counts["images"],
        "import_seconds": round(seconds, 1),
        "posts_per_second": round(args.posts / seconds, 1),
        "peak_rss_mb": round(rss, 1),
        "created": once.get("created", 0),
        "updated": once.get("updated", 0),
        "unchanged": once.get("unchanged", 0),
        "skipped": once.get("skipped", 0),
        "failed": once.get("failed", 0),
        "reimport_seconds": round(reseconds, 1),
        "reimport_posts_per_second": round(args.posts / reseconds, 1),
        "reimport_peak_rss_mb": round(rerss, 1),
        "reimport_changed": again.get("created", 0) + again.get("updated", 0),
        "reimport_unchanged": again.get("unchanged", 0),
        "database": "postgresql" if args.database_url else "sqlite",
        "cache": "redis" if args.redis else "file",
    }
    print(
        f"import: {result['posts_per_second']} posts/s ({seconds:.0f} s), peak RSS {rss:.0f} MB; "
        f"posts {once}"
    )
    print(
        f"re-import: {result['reimport_posts_per_second']} posts/s ({reseconds:.0f} s), "
        f"peak RSS {rerss:.0f} MB; posts {again}"
    )
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


PARSE_CHILD = """
import json, sys, time
from pathlib import Path
import django
django.setup()
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
before = hwm()
from warta.ingest.wxr import parse_wxr
started = time.monotonic()
site = parse_wxr(Path(sys.argv[1]))
posts = sum(1 for _ in site.posts)
print(json.dumps({"baseline_rss_mb": round(before, 1), "parse_seconds": time.monotonic() - started,
                  "posts_read": posts, "issues": len(getattr(site, "issues", []))}))
"""


def parse_run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="warta-wp-parse-"))
    export = tmp / "export.xml"
    posts = max(1, int(args.size_gb * 1e9 / 10_000))
    say(f"writing about {args.size_gb} GB ({posts} posts of ~10 KB) to {export}")
    started = time.monotonic()
    write_export(
        export,
        None,
        posts=posts,
        text_bytes=9_000,
        images_every=args.images_every,
        well_formed=args.well_formed,
    )
    size = export.stat().st_size
    say(f"written {size / 1e9:.2f} GB in {time.monotonic() - started:.0f} s")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'unused.sqlite3'}",
        "REDIS_URL": "",
    }
    seconds, rss, output = run_child([PYTHON, "-c", PARSE_CHILD, str(export)], env)
    child = json.loads(output.strip().splitlines()[-1])
    result = {
        "file_gb": round(size / 1e9, 3),
        "posts": posts,
        "posts_read": child["posts_read"],
        "parse_seconds": round(child["parse_seconds"], 1),
        "parse_mb_per_second": round(size / 1e6 / child["parse_seconds"], 1),
        "peak_rss_mb": round(rss, 1),
        "baseline_rss_mb": child["baseline_rss_mb"],
        "issues": child["issues"],
    }
    print(
        f"parse: {result['file_gb']} GB, {child['posts_read']} posts read in "
        f"{result['parse_seconds']} s; peak RSS {rss:.0f} MB (Django loaded: "
        f"{child['baseline_rss_mb']:.0f} MB)"
    )
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=50_000)
    parser.add_argument("--text-bytes", type=int, default=3_000, help="text per post, about")
    parser.add_argument("--images-every", type=int, default=5, help="a featured image every N")
    parser.add_argument(
        "--well-formed",
        action="store_true",
        help="write the ]]> spot escaped as WordPress does (for a parser that stops at errors)",
    )
    parser.add_argument("--database-url", help="PostgreSQL to use (its schema is dropped)")
    parser.add_argument("--redis", help="Redis URL for the cache, as in production (default: file)")
    parser.add_argument("--parse-only", action="store_true", help="only read a big export")
    parser.add_argument("--size-gb", type=float, default=2.0, help="with --parse-only")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args()
    result = parse_run(args) if args.parse_only else import_run(args)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
