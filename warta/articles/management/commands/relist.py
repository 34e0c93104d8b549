"""`warta relist`: rebuild where every story is listed (articles.Listing) from the tree and the
circulation settings. Saves, moves and settings changes keep the rows true on their own; this
is for repairs, and after rows were written around the models (a bulk SQL import)."""

import time

from django.core.management.base import BaseCommand

from warta.articles.listing import relist
from warta.articles.models import ArticlePage


class Command(BaseCommand):
    help = "Rebuild the listing rows of every story (which sites' lists show it)."

    def handle(self, *args, **options):
        started = time.monotonic()
        stories = ArticlePage.objects.count()
        rows = relist()
        self.stdout.write(
            f"{stories} stories, {rows} listing rows, in {time.monotonic() - started:.1f} s"
        )
