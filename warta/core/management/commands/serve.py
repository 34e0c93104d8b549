"""`warta serve`: the production-grade server (granian, several worker processes, DEBUG off).
Static files are fingerprinted by collectstatic and served by granian itself, media too."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Warta with granian (DEBUG off, static and media files served directly)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--threads", type=int, default=1, help="blocking threads per worker")
        parser.add_argument(
            "--settings-module",
            default=os.environ.get("WARTA_SERVE_SETTINGS", "warta.settings.serve"),
            help="settings for the server (warta.settings.production behind TLS)",
        )
        parser.add_argument("--skip-collectstatic", action="store_true")

    def handle(self, *args, **options):
        granian = shutil.which("granian", path=str(Path(sys.executable).parent)) or shutil.which(
            "granian"
        )
        if granian is None:
            raise CommandError("granian is not installed; run `make setup`")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": options["settings_module"]}
        if not options["skip_collectstatic"]:
            subprocess.run(
                [sys.executable, "-m", "warta.manage", "collectstatic", "--noinput", "-v0"],
                env=env,
                check=True,
            )
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        command = [
            granian,
            "--interface", "wsgi",
            "--host", options["host"],
            "--port", str(options["port"]),
            "--workers", str(options["workers"]),
            "--blocking-threads", str(options["threads"]),
            "--respawn-failed-workers",
            "--static-path-route", settings.STATIC_URL.rstrip("/"),
            "--static-path-mount", str(settings.STATIC_ROOT),
            "--static-path-route", settings.MEDIA_URL.rstrip("/"),
            "--static-path-mount", str(settings.MEDIA_ROOT),
            "--static-path-expires", "365d",
            "warta.wsgi:application",
        ]  # fmt: skip
        self.stdout.write(
            f"Serving Warta on http://{options['host']}:{options['port']}/ "
            f"({options['workers']} workers, settings {options['settings_module']})"
        )
        os.execve(granian, command, env)  # noqa: S606 - replace this process with the server
