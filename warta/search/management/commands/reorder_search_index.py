"""Put the search index's rows back in publication order after an archive import (the
ranking's candidate step takes the newest-indexed matches; see docs/subsystems/search.md)."""

from django.core.management.base import BaseCommand

from warta.search import recent_index
from warta.search.services import index_out_of_order, reorder_index


class Command(BaseCommand):
    help = "Rewrite the search index in publication order (after importing older stories)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only report how many rows are out of order."
        )
        parser.add_argument(
            "--rewrite",
            action="store_true",
            help="Rewrite every row even if in order (gives old rows the storage layout of "
            "search migration 0003 on PostgreSQL).",
        )

    def handle(self, *args, check: bool = False, rewrite: bool = False, **options) -> None:
        late = index_out_of_order()
        if late or options.get("verbosity", 1) >= 1:  # the importer asks for silence if in order
            self.stdout.write(f"{late} index rows written after a story published later")
        if check or not (late or rewrite):
            return
        rows = reorder_index()
        self.stdout.write(f"reordered {rows} rows; {index_out_of_order()} out of order now")
        # Every row has a new id: the index over the newest rows is built again over them.
        recent = recent_index.refresh(force=True)
        if recent is not None:
            self.stdout.write(f"recent index {recent.name} built again")
