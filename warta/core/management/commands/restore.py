"""`warta restore ARCHIVE --yes`: replace the database and media with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from warta.core.ops.backups import BackupError, counts, read_manifest, restore_backup


class Command(BaseCommand):
    help = "Restore a `warta backup` archive (replaces the current database and media)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="confirm: everything now in the database is replaced"
        )

    def handle(self, *args, **options):
        archive = options["archive"]
        try:
            manifest = read_manifest(archive)
            if not options["yes"]:
                raise CommandError(
                    f"This replaces the current database and media with the backup of "
                    f"{manifest['created_at']} ({manifest['counts']}). Run again with --yes."
                )
            restore_backup(archive)
        except BackupError as error:
            raise CommandError(f"{error}. Nothing was changed.") from error
        now = counts()
        if now != manifest["counts"]:
            raise CommandError(
                f"restored, but counts differ: backup {manifest['counts']}, now {now}"
            )
        self.stdout.write(f"Restored {archive}: " + ", ".join(f"{n} {k}" for k, n in now.items()))
