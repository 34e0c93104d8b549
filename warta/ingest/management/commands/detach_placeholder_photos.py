from django.core.management.base import BaseCommand

from warta.ingest.services import detach_placeholder_photos


class Command(BaseCommand):
    help = (
        "Take the drawn stand-in photos ('Foto asli tidak disertakan…') that older `import_text` "
        "runs attached off their stories, keeping caption and credit; a dry run without --commit."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commit", action="store_true", help="change the stories")

    def handle(self, *args, **options):
        commit = options["commit"]
        stories = detach_placeholder_photos(commit=commit)
        for article in stories:
            self.stdout.write(f"{article.pk}\t{article.title}")
        verb = "detached from" if commit else "would be detached from (dry run; add --commit)"
        self.stdout.write(f"Stand-in photos {verb} {len(stories)} stories.")
