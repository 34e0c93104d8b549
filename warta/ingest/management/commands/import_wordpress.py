"""`warta import_wordpress EXPORT.xml [--media-dir DIR] [--download-media] [--site HOST]`:
move a WordPress site into Warta. Safe to run again: changed posts are updated, unchanged
ones skipped."""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from warta.core.ops.progress import progress
from warta.ingest.services import ImportTargetError, resolve_site
from warta.ingest.wordpress import WordPressImporter
from warta.ingest.wxr import WxrError, parse_wxr


class Command(BaseCommand):
    help = "Import a WordPress export (WXR): posts, categories, tags, authors, images, redirects."

    def add_arguments(self, parser):
        parser.add_argument("export", type=Path, help="the WXR file from Tools → Export")
        parser.add_argument(
            "--media-dir",
            type=Path,
            help="a copy of wp-content/uploads, for featured and inline images",
        )
        parser.add_argument(
            "--download-media",
            action="store_true",
            help="download images the uploads copy lacks (or all, without --media-dir) from "
            "the old site, through the safe outbound HTTP (no private addresses)",
        )
        parser.add_argument("--site", help="hostname of the Warta site (default: the default site)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder")
        try:
            site = resolve_site(options["site"])
            wxr = parse_wxr(options["export"])
        except (ImportTargetError, WxrError) as error:
            raise CommandError(f"{error}. Nothing was imported.") from error
        self.stdout.write(f"Format: WXR {wxr.version} ({wxr.namespace})")
        if wxr.issues:
            self.stdout.write(f"Diperbaiki atau dilewati saat membaca berkas ({len(wxr.issues)}):")
            for issue in wxr.issues:
                self.stdout.write(f"  - {issue}")
        self.stdout.write(
            f"{wxr.title or wxr.base_url}: {len(wxr.posts)} posts, {len(wxr.categories)} "
            f"categories, {len(wxr.attachments)} attachments → {site.hostname}"
        )
        stream = None if options["quiet"] else sys.stderr
        started = time.monotonic()

        def on_progress(done: int, total: int) -> None:
            if stream:
                progress(done, total, started, stream)

        report = WordPressImporter(
            wxr, site=site, media_dir=media_dir, download_media=options["download_media"]
        ).run(on_progress=on_progress)
        if stream and wxr.posts:
            stream.write("\n")
        for line in report.lines():
            self.stdout.write(line)
        if report.failed:
            self.stderr.write(f"{len(report.failed)} post(s) were not imported; see above.")
