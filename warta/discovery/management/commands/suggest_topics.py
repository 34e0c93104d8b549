import sys
import time

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from warta.core.ops.progress import progress
from warta.discovery.entities import Lexicon
from warta.discovery.lexicons import story_lexicon
from warta.discovery.topics import site_path_of, store_topic_suggestions, stories_to_suggest


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
        total = stories_to_suggest(path).count()
        stream = None if options["quiet"] else sys.stderr
        started = time.monotonic()
        suggested = 0
        lexicons: dict[str | None, Lexicon] = {}  # one per site: the names it may be offered
        for n, article in enumerate(stories_to_suggest(path).iterator(chunk_size=200), 1):
            site_path = site_path_of(article)
            if site_path not in lexicons:
                lexicons[site_path] = story_lexicon(site_path)
            suggested += len(store_topic_suggestions(article, lexicon=lexicons[site_path]))
            if stream and (n % 25 == 0 or n == total):
                progress(n, total, started, stream)
        if stream and total:
            stream.write("\n")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"Topic suggestions stored for {total} stories "
            f"({suggested} pending) in {elapsed:.1f} s."
        )
