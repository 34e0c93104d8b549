"""`warta import_wordpress EXPORT.xml [--media-dir DIR] [--download-media] [--site HOST]
[--dry-run] [--report FILE.json]`: move a WordPress site into Warta. Safe to run again, and to
run again after an interruption: each post is imported in its own transaction and remembered,
so a new run skips what is done and goes on; changed posts are updated, unchanged ones
skipped."""

import signal
import sys
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from warta.core.ops.progress import progress
from warta.ingest.services import ImportTargetError, resolve_site
from warta.ingest.wordpress import WordPressImporter
from warta.ingest.wp_report import ReportFile, rolled_back
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
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print the full report of an import without writing anything",
        )
        parser.add_argument(
            "--report", type=Path, metavar="FILE.json", help="write every item's fate as JSON"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        media_dir = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder")
        report_path = options["report"]
        if report_path is not None and not report_path.parent.is_dir():
            raise CommandError(f"--report: folder {report_path.parent} does not exist")
        dry_run = options["dry_run"]
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
        if dry_run:
            self.stdout.write("Dry run: nothing will be saved.")
        importer = WordPressImporter(
            wxr,
            site=site,
            media_dir=media_dir,
            download_media=options["download_media"],
            dry_run=dry_run,
        )
        report_file = None
        if report_path is not None:
            report_file = ReportFile(
                report_path, export=options["export"], site=site.hostname, dry_run=dry_run
            )
            importer.report.item_sink = report_file.add
        stream = None if options["quiet"] else sys.stderr
        started = time.monotonic()
        done = 0
        shown = [0.0]
        interrupted = False
        with ExitStack() as stack:
            settle = stack.enter_context(rolled_back()) if dry_run else None

            def on_progress(n: int, total: int) -> None:
                nonlocal done
                done = n
                if settle is not None:
                    settle()
                if stream and (n == total or time.monotonic() - shown[0] >= 0.25):
                    shown[0] = time.monotonic()  # a few updates a second, not one per post
                    progress(n, total, started, stream)

            main_thread = threading.current_thread() is threading.main_thread()
            previous = signal.signal(signal.SIGTERM, _interrupt) if main_thread else None
            try:
                importer.run(on_progress=on_progress)
            except KeyboardInterrupt:
                interrupted = True
            finally:
                if main_thread:
                    signal.signal(signal.SIGTERM, previous)
                if stream and done:
                    stream.write("\n")
                if report_file is not None:
                    report_file.close(
                        importer.report, getattr(wxr, "issues", []), interrupted=interrupted
                    )
        report = importer.report
        for line in report.lines():
            self.stdout.write(line)
        if dry_run:
            self.stdout.write("Dry run: every change was rolled back; nothing was saved.")
        elif report.created and not interrupted:
            # An archive arrives after today's news: search's candidate step reads "newest"
            # off the index's row order, so put it back in publication order (a no-op when
            # nothing older was imported; docs/subsystems/search.md).
            call_command("reorder_search_index", verbosity=0, stdout=self.stdout)
        if report_path is not None:
            self.stdout.write(f"JSON report: {report_path}")
        if interrupted:
            raise CommandError(
                f"Interrupted after {done} of {len(wxr.posts)} items. Run the same command "
                "again to go on: what was imported is skipped.",
                returncode=130,
            )
        if report.failed:
            self.stderr.write(f"{len(report.failed)} post(s) were not imported; see above.")


def _interrupt(signum, frame) -> None:
    """`kill` stops the import as Ctrl-C does: the post under way is rolled back whole."""
    raise KeyboardInterrupt
