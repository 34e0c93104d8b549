"""`warta ingest [SOURCE ...]`: pull wire sources now (all enabled ones by default)."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from warta.core.ops.progress import progress
from warta.ingest.inbox import pull_source
from warta.ingest.models import FeedSource


class Command(BaseCommand):
    help = "Pull wire and partner feeds into the Ingest inbox (drafts are never published)."

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="source names (default: every enabled)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        names = options["sources"]
        if names:
            sources = list(FeedSource.objects.filter(name__in=names))
            missing = set(names) - {s.name for s in sources}
            if missing:
                known = ", ".join(FeedSource.objects.values_list("name", flat=True)) or "none"
                unknown = ", ".join(sorted(missing))
                raise CommandError(f"unknown source(s): {unknown} (known: {known})")
        else:
            sources = list(FeedSource.objects.filter(enabled=True))
        stream = None if options["quiet"] else sys.stderr
        started, failed = time.monotonic(), 0
        reports = []
        for n, source in enumerate(sources, 1):
            reports.append(pull_source(source))
            if stream:
                progress(n, len(sources), started, stream)
        if stream and sources:
            stream.write("\n")
        for report in reports:
            failed += bool(report.error)
            self.stdout.write(f"{report.source}: {report.summary()}")
            for note in report.notes:
                self.stdout.write(f"  - {note}")
        if failed:
            self.stderr.write(f"{failed} of {len(reports)} source(s) failed; see above.")
