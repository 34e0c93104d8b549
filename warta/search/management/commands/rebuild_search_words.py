"""Rebuild each site's search vocabulary (the words of its published stories) from scratch:
after deploying the vocabulary, or if it ever drifts."""

from django.core.management.base import BaseCommand
from wagtail.models import Site

from warta.articles.models import ArticlePage
from warta.search.services import rebuild_vocabulary


class Command(BaseCommand):
    help = "Rebuild the search vocabulary (Mungkin maksud Anda) of every site."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--site", type=int, help="Only this site id.")

    def handle(self, *args, site: int | None = None, **options) -> None:
        sites = Site.objects.filter(pk=site) if site else Site.objects.all()
        for each in sites:
            # The stories search looks in: the site's own live ones (see search_articles).
            stories = ArticlePage.objects.live().filter(path__startswith=each.root_page.path)
            count = rebuild_vocabulary(each, stories.iterator(chunk_size=500))
            self.stdout.write(f"{each.hostname}: {count} stories")
