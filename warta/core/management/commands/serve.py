"""`warta serve`: the production-grade server (granian, several worker processes, DEBUG off)
plus the background worker. Static files are fingerprinted by collectstatic and served by
granian itself, and so are the public media folders (images; documents only ever through
Wagtail's document view, see warta.core.media.storage). Stopping it (Ctrl+C, SIGTERM) stops both."""

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import cast

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from warta.core.media.storage import PUBLIC_FOLDERS


def static_routes() -> list[str]:
    """granian's static routes: collected static files, and each public media folder on its
    own route (never the whole MEDIA_ROOT: a file elsewhere in it stays unreachable)."""
    routes = [(settings.STATIC_URL.rstrip("/"), Path(settings.STATIC_ROOT))]
    for folder in PUBLIC_FOLDERS:
        mount = Path(settings.MEDIA_ROOT) / folder
        mount.mkdir(parents=True, exist_ok=True)  # granian refuses a missing mount
        routes.append((settings.MEDIA_URL + folder, mount))
    args: list[str] = []
    for route, mount in routes:
        args += ["--static-path-route", route, "--static-path-mount", str(mount)]
    return args


class Command(BaseCommand):
    help = "Serve Warta with granian and run the background worker beside it."

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
        parser.add_argument(
            "--no-worker", action="store_true", help="do not start `warta worker` beside it"
        )
        parser.add_argument(
            "--no-mail-server",
            action="store_true",
            help="do not start the laptop's SMTP server (laptop settings only start one)",
        )
        parser.add_argument(
            "--mail-port",
            type=int,
            default=int(os.environ.get("WARTA_MAIL_PORT", "8025")),
            help="port of the laptop's SMTP server that prints mail (laptop settings only)",
        )

    def handle(self, *args, **options):
        bin_dir = str(Path(sys.executable).parent)
        granian = shutil.which("granian", path=bin_dir) or shutil.which("granian")
        if granian is None:
            raise CommandError("granian is not installed; run `make setup`")
        # The port goes along so the laptop settings let the demo's own sample feed through.
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": options["settings_module"],
            "WARTA_SERVE_PORT": str(options["port"]),
            "WARTA_MAIL_PORT": str(options["mail_port"]),
        }
        manage = [sys.executable, "-m", "warta.manage"]
        if not options["skip_collectstatic"]:
            subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        server = [
            granian,
            "--interface",
            "wsgi",
            "--host",
            options["host"],
            "--port",
            str(options["port"]),
            "--workers",
            str(options["workers"]),
            "--blocking-threads",
            str(options["threads"]),
            "--respawn-failed-workers",
            *static_routes(),
            "--static-path-expires",
            "365d",
            "warta.wsgi:application",
        ]
        self.stdout.write(
            f"Serving Warta on http://{options['host']}:{options['port']}/ "
            f"({options['workers']} workers, settings {options['settings_module']})"
        )
        children = [subprocess.Popen(server, env=env)]
        if options["settings_module"] == "warta.settings.serve" and not options["no_mail_server"]:
            # The laptop has no mail server: one on 127.0.0.1 prints every mail to this
            # console and takes bounce reports (warta.newsletters.smtpd).
            mailserver = [*manage, "mailserver", "--port", str(options["mail_port"])]
            children.append(subprocess.Popen(mailserver, env=env))
        if not options["no_worker"]:
            children.append(subprocess.Popen([*manage, "worker"], env=env))
        self._supervise(children)

    def _supervise(self, children: list[subprocess.Popen]) -> None:
        stopping = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping and all(child.poll() is None for child in children):
            time.sleep(0.5)
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        # Each child was started from a list: its program comes first.
        failed = [
            cast(list[str], c.args)[0] for c in children if c.returncode not in (0, -signal.SIGTERM)
        ]
        if failed and not stopping:
            raise CommandError(f"{', '.join(map(str, failed))} stopped unexpectedly")
