from django.core.management.base import BaseCommand, CommandError

from warta.discovery.services import refresh_story_names


class Command(BaseCommand):
    help = (
        "Rebuild the list of names recurring across published stories (people, places, "
        "organisations), which the story editor's tag suggestions draw on."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--min-stories",
            type=int,
            default=3,
            help="stories that must name it (one-word names: twice as many); default 3",
        )

    def handle(self, *args, **options):
        if options["min_stories"] < 1:
            raise CommandError("--min-stories must be at least 1")
        count = refresh_story_names(min_stories=options["min_stories"])
        self.stdout.write(f"{count} names recur in at least {options['min_stories']} stories.")
