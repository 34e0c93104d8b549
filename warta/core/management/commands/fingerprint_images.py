"""`warta fingerprint_images`: give images stored before the photo desk their file and
difference hashes, so a new upload of the same photo is recognised (core.media.duplicates).
Only fills in what is missing; safe to run again."""

from django.core.management.base import BaseCommand

from warta.core.media.duplicates import fingerprint_images


class Command(BaseCommand):
    help = "Fingerprint images that have no difference hash yet."

    def handle(self, *args, **options):
        done, unreadable = fingerprint_images()
        self.stdout.write(f"Fingerprinted {done} image(s); {unreadable} file(s) unreadable")
