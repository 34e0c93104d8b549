"""`warta backup [--output DIR]`: database and media in one archive (see core/ops/backups.py)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from warta.core.ops.backups import BackupError, create_backup, read_manifest


class Command(BaseCommand):
    help = "Back up the database and media files into one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=Path(settings.VAR_DIR) / "backups")

    def handle(self, *args, **options):
        try:
            archive = create_backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = read_manifest(archive)["counts"]
        size = archive.stat().st_size / 1024 / 1024
        self.stdout.write(
            f"{archive} ({size:.1f} MB): " + ", ".join(f"{n} {k}" for k, n in counts.items())
        )
