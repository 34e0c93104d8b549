"""`warta mailserver`: the laptop's SMTP server on 127.0.0.1 (aiosmtpd), started by `warta serve`
for the demo. Prints each mail (sign-up, confirmations, newsletters) to the console, handles
reports sent to the bounce address at once, and with --log writes only Message-IDs to a file
(the benchmark's sink)."""

import signal
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from warta.newsletters import smtpd


class Command(BaseCommand):
    help = "Run a local SMTP server that prints mail (demo) or logs Message-IDs (benchmark)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8025)
        parser.add_argument("--log", type=Path, help="append each Message-ID to this file")

    def handle(self, *args, **options):
        handler = smtpd.MailDrop(mode="log" if options["log"] else "print", log_path=options["log"])
        try:
            controller = smtpd.start(handler, host=options["host"], port=options["port"])
        except (OSError, TimeoutError) as exc:
            raise CommandError(
                f"cannot listen on {options['host']}:{options['port']}: {exc}"
            ) from exc
        self.stdout.write(f"Mail server on {options['host']}:{controller.port}", ending="\n")
        self.stdout.flush()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        stop.wait()
        controller.stop()
