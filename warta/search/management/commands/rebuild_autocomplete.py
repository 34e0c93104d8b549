"""`warta rebuild_autocomplete`: the search box's prefix index again from every site's
published stories and their topics (after a restore, a site's root moved, or an import run
with signals off). Publishing keeps it otherwise."""

from django.core.management.base import BaseCommand

from warta.search.autocomplete_index import rebuild


class Command(BaseCommand):
    help = "Rebuild the search box's suggestions (headlines and topics) for every site."

    def handle(self, *args, **options) -> None:
        totals = rebuild(log=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"{totals['stories']} headlines, {totals['topics']} topics")
        )
