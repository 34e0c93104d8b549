"""`warta newsletter_import FILE --site HOST [--ask-consent] [--dry-run]`: subscribers from a
CSV in portability.COLUMNS. Nobody is subscribed without a consent time; a problem in the file
is reported with its line and nothing is imported."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from warta.newsletters import portability, services


class Command(BaseCommand):
    help = "Import newsletter subscribers (CSV with email, list, status, consent_at, ...)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--site", required=True, help="hostname of the site")
        parser.add_argument(
            "--ask-consent",
            action="store_true",
            help="rows without a consent time get a confirmation mail (else they are refused)",
        )
        parser.add_argument("--dry-run", action="store_true", help="report, change nothing")

    def handle(self, *args, **options):
        path: Path = options["file"]
        site = Site.objects.filter(hostname=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with hostname {options['site']!r}")
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"{path}: no such file") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
        try:
            rows = portability.parse(text)
            report = services.import_subscriptions(
                rows, site, ask_consent=options["ask_consent"], dry_run=options["dry_run"]
            )
        except portability.ImportFileError as exc:
            raise CommandError(f"{path}:{exc.line}: {exc.message}. Nothing was imported.") from exc
        for line, reason in report.refused:
            self.stderr.write(f"{path}:{line}: {reason}")
        prefix = "Dry run, nothing changed: would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{prefix} {len(rows)} rows: {report.subscribed} subscribed, {report.pending} asked "
            f"to confirm, {report.unsubscribed} unsubscribed, {report.suppressed} suppressed, "
            f"{report.unchanged} already subscribed, {len(report.refused)} refused."
        )
