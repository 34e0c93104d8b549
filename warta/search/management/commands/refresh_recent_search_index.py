"""Build (or rebuild) PostgreSQL's index over the newest search rows when it is due; the
worker runs the same each night (`warta.search.recent_index`)."""

from django.core.management.base import BaseCommand, CommandError

from warta.search import recent_index


class Command(BaseCommand):
    help = "Build the search index over the newest stories when due (PostgreSQL; --force: now)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--force", action="store_true", help="Rebuild even if not due.")
        parser.add_argument(
            "--rows",
            type=int,
            default=recent_index.ROWS,
            help=f"Newest index rows it covers when built (default {recent_index.ROWS:,}).",
        )

    def handle(self, *args, force: bool = False, rows: int = recent_index.ROWS, **options):
        if rows < 1:
            raise CommandError(f"--rows must be at least 1, not {rows}")
        index = recent_index.refresh(rows, force=force)
        if index is None:
            self.stdout.write(
                "no recent index: not PostgreSQL, or fewer than "
                f"{recent_index.TABLE_FACTOR * rows:,} index rows (the whole index is short enough)"
            )
        else:
            self.stdout.write(f"recent index {index.name}: rows with id > {index.boundary:,}")
