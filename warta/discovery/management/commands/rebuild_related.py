import sys
import time

from django.core.management.base import BaseCommand

from warta.articles.models import ArticlePage
from warta.core.ops.progress import progress
from warta.discovery.services import index_article, rank_related, store_related


class Command(BaseCommand):
    help = "Rebuild the term index and every published story's related list."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        ids = list(
            ArticlePage.objects.live().order_by("first_published_at").values_list("pk", flat=True)
        )
        stream = None if options["quiet"] else sys.stderr
        started = time.monotonic()
        for n, pk in enumerate(ids, 1):  # pass 1: index every story
            index_article(ArticlePage.objects.get(pk=pk))
            if stream and (n % 50 == 0 or n == len(ids)):
                progress(n, len(ids), started, stream)
        if stream:
            stream.write("\n")
        started = time.monotonic()
        for n, article in enumerate(
            ArticlePage.objects.live().filter(pk__in=ids).select_related("profile").iterator(), 1
        ):  # pass 2: rank with the full index
            store_related(article, rank_related(article, article.profile)[0])
            if stream and (n % 50 == 0 or n == len(ids)):
                progress(n, len(ids), started, stream)
        if stream:
            stream.write("\n")
        self.stdout.write(f"Related lists rebuilt for {len(ids)} stories.")
