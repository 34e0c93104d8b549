from django.core.management.base import BaseCommand

from warta.newsroom.roles import setup_roles


class Command(BaseCommand):
    help = "Create or complete the newsroom roles (network-wide and per site) and the workflow."

    def add_arguments(self, parser):
        parser.add_argument("--per-site", action="store_true", help="also one group per site")

    def handle(self, *args, **options):
        groups = setup_roles(per_site=options["per_site"])
        for group in groups:
            self.stdout.write(f"  {group.name}")
        self.stdout.write(self.style.SUCCESS(f"{len(groups)} roles ready."))
