"""`warta move_documents [--commit]`: move document files left in the public media folder
into WARTA_PRIVATE_MEDIA_ROOT (see warta.core.media.storage). A dry run unless given --commit."""

from django.conf import settings
from django.core.management.base import BaseCommand

from warta.core.media.storage import move_legacy_documents


class Command(BaseCommand):
    help = "Move document files out of the public media folder into the private root."

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="move them (default: list)")

    def handle(self, *args, **options):
        commit = options["commit"]
        result = move_legacy_documents(commit=commit)
        verb = "Moved" if commit else "Would move"
        for name in result.moved:
            self.stdout.write(f"{verb} {name}")
        private = settings.WARTA_PRIVATE_MEDIA_ROOT
        for name in result.conflicts:
            self.stderr.write(f"Left {name}: a file of that name is already in {private}")
        self.stdout.write(
            f"{verb} {len(result.moved)} document file(s) from {settings.MEDIA_ROOT} to "
            f"{private}"
            + ("" if commit or not result.moved else "; run again with --commit to move them")
        )
