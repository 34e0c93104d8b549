from django.core.management.base import BaseCommand

from warta.demo.builder import build_demo


class Command(BaseCommand):
    help = "Build (or complete) the demo network: national site, regional sites, stories."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=300)
        parser.add_argument("--port", type=int, default=8000, help="port the demo is served on")

    def handle(self, *args, **options):
        if options["articles"] < 0:
            self.stderr.write("--articles must be 0 or more")
            return
        result = build_demo(
            articles=options["articles"], port=options["port"], log=self.stdout.write
        )
        port = options["port"]
        self.stdout.write("Sites:")
        for site in result["sites"]:
            self.stdout.write(f"  {site.site_name}: http://{site.hostname}:{port}/")
        self.stdout.write("WordPress sample (Kabar Losari, migrated with import_wordpress):")
        for line in result["wordpress_sample"]:
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo ready. Admin: http://127.0.0.1:{port}/admin/  "
                f"user: admin  password: {result['admin_password']}"
            )
        )
