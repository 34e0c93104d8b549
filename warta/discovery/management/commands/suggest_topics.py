import sys
import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from warta.core.ops.progress import progress
from warta.discovery.topics import store_topic_suggestions, stories_to_suggest


class Command(BaseCommand):
    help = (
        "Store topic suggestions (from the names in the text) for every published story, "
        "or one site's. Safe to re-run: decided suggestions are kept, rejected names stay out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--site", help="hostname of one site (default: every site)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        path = None
        if options["site"]:
            site = Site.objects.filter(hostname=options["site"]).select_related("root_page").first()
            if site is None:
                known = ", ".join(
                    Site.objects.order_by("hostname").values_list("hostname", flat=True)
                )
                raise CommandError(f"no site with hostname {options['site']!r} (known: {known})")
            path = site.root_page.path
        ids = list(stories_to_suggest(path).values_list("pk", flat=True))
        stream = None if options["quiet"] else sys.stderr
        started = time.monotonic()
        suggested = 0
        for n, article in enumerate(stories_to_suggest(path).iterator(chunk_size=200), 1):
            suggested += len(store_topic_suggestions(article))
            if stream and (n % 25 == 0 or n == len(ids)):
                progress(n, len(ids), started, stream)
        if stream and ids:
            stream.write("\n")
        self.stdout.write(f"Topic suggestions stored for {len(ids)} stories ({suggested} pending).")
