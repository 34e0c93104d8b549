"""`warta newsletter_export --site HOST [-o FILE]`: every subscription of a site's lists as CSV
(email, site, list, status, consent time and source, unsubscribe, suppression)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from warta.newsletters import portability, queries


class Command(BaseCommand):
    help = "Export a site's newsletter subscribers with their lists and consent, as CSV."

    def add_arguments(self, parser):
        parser.add_argument("--site", required=True, help="hostname of the site")
        parser.add_argument("-o", "--output", type=Path, help="file (default: standard output)")

    def handle(self, *args, **options):
        site = Site.objects.filter(hostname=options["site"]).first()
        if site is None:
            raise CommandError(f"no site with hostname {options['site']!r}")
        rows = queries.export_rows([site])
        if options["output"]:
            with options["output"].open("w", newline="", encoding="utf-8") as out:
                portability.write(rows, out)
            self.stderr.write(f"Written to {options['output']}.")
        else:
            sys.stdout.write(portability.write(rows))
