"""Newsletter benchmark: one issue sent to N subscribers with the embedded default (SQLite,
the database task queue, `warta worker`), through SMTP to a local sink (`warta mailserver
--log`, a separate process that writes each accepted Message-ID); the worker is killed
(SIGKILL) halfway and a new one started, which resumes the send by itself once the dead
sender's claim has lapsed (WARTA_NEWSLETTER_LEASE_SECONDS, 10 s here). Then a Web Push
fan-out to N subscriptions against a local endpoint that answers like a push service, some
with 410 (bench/push_fanout.py), when the alerts app is there.

Printed: messages per second while a worker was sending, the send's wall time from start to
finished (kill and lease included), duplicates and missing copies counted in the sink, the
push fan-out's time and the expired subscriptions removed. Progress on stderr; JSON last.

    .venv/bin/python bench/newsletter.py [--subscribers 100000] [--no-kill] [--push N]

Targets (issue #25): 100,000 in <= 30 minutes, 0 duplicates, 0 missing; push 100,000 <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from warta.core.ops.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
PYTHON = sys.executable
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731


def wait_for_port(port: int, timeout: float = 60) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"nothing listens on 127.0.0.1:{port}")


def setup(tmp: Path, subscribers: int, mail_port: int) -> tuple[dict[str, str], int]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "REDIS_URL": "",
        "WARTA_MAIL_PORT": str(mail_port),
        "WARTA_NEWSLETTER_LEASE_SECONDS": "10",
        "WARTA_LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone
    from wagtail.models import Page, Site

    from warta.articles.tests.factories import ArticlePageFactory
    from warta.channels.models import HomePage
    from warta.newsletters import services
    from warta.newsletters.models import NewsletterList, Subscriber, Subscription

    call_command("migrate", verbosity=0)
    Site.objects.all().delete()
    Page.objects.filter(depth=2).delete()
    home = Page.get_first_root_node().add_child(
        instance=HomePage(title="Warta", slug="warta", live=True)
    )
    site = Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="Warta"
    )
    for i in range(8):
        ArticlePageFactory(parent=home, title=f"Berita penting pagi ini nomor {i + 1}")
    pagi = NewsletterList.objects.create(
        site=site,
        name="Berita Pagi Warta",
        slug="pagi",
        sender_name="Warta",
        schedule=NewsletterList.ON_DEMAND,  # the worker builds no edition of its own here
    )
    say(f"creating {subscribers:,} subscribers…")
    now = timezone.now()
    chunk = 10_000
    for start in range(0, subscribers, chunk):
        made = Subscriber.objects.bulk_create(
            Subscriber(email=f"pembaca{i}@bench.warta.localhost")
            for i in range(start, min(subscribers, start + chunk))
        )
        Subscription.objects.bulk_create(
            Subscription(
                subscriber=s,
                newsletter=pagi,
                status=Subscription.ACTIVE,
                consent_at=now,
                consent_source=Subscription.IMPORT,
            )
            for s in made
        )
    issue = services.build_issue(pagi)
    started = time.monotonic()
    # The send starts as an editor's "Kirim sekarang" does: recipients fixed, a task queued.
    from django.db import transaction

    with transaction.atomic():
        recipients = services.start_send(issue)
    say(f"issue {issue.pk}: {recipients:,} recipients fixed in {time.monotonic() - started:.1f} s")
    connection.close()
    return env, issue.pk


def lines(path: Path) -> int:
    if not path.exists():
        return 0
    with path.open("rb") as f:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: f.read(1 << 20), b""))


def issue_state(issue_id: int) -> str:
    from warta.newsletters.models import Issue

    return Issue.objects.filter(pk=issue_id).values_list("status", flat=True).get()


def start_worker(env: dict[str, str], log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [PYTHON, "-m", "warta.manage", "worker", "--tick", "1"],
        env=env,
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def send_run(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="warta-newsletter-bench-"))
    say(f"working in {tmp}")
    mail_port = free_port()
    sink_log = tmp / "sink.log"
    env, issue_id = setup(tmp, args.subscribers, mail_port)
    sink = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "warta.manage",
            "mailserver",
            "--port",
            str(mail_port),
            "--log",
            str(sink_log),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    wait_for_port(mail_port)
    worker_log = tmp / "worker.log"
    started = time.monotonic()
    worker = start_worker(env, worker_log)
    sending = 0.0
    killed_at = None
    if not args.no_kill:
        half = args.subscribers // 2
        while lines(sink_log) < half:
            if worker.poll() is not None:
                raise SystemExit(f"worker stopped: see {worker_log}")
            time.sleep(0.05)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        killed_at = lines(sink_log)
        sending += time.monotonic() - started
        say(f"worker killed (SIGKILL) after {killed_at:,} messages; starting a new one")
        restarted = time.monotonic()
        worker = start_worker(env, worker_log)
        # The new worker idles until the dead claim lapses, then resumes: count from the
        # first message it sends.
        while lines(sink_log) <= killed_at:
            time.sleep(0.05)
        resumed = time.monotonic()
        say(f"resumed by the new worker after {resumed - restarted:.1f} s")
    else:
        resumed = started
    while issue_state(issue_id) != "sent":
        if worker.poll() is not None:
            raise SystemExit(f"worker stopped: see {worker_log}")
        time.sleep(0.2)
    finished = time.monotonic()
    sending += finished - resumed
    os.killpg(worker.pid, signal.SIGTERM)
    worker.wait(timeout=30)
    time.sleep(0.5)
    os.killpg(sink.pid, signal.SIGTERM)
    sink.wait(timeout=30)
    ids = sink_log.read_text().split()
    unique = set(ids)
    expected = args.subscribers
    return {
        "subscribers": args.subscribers,
        "send_seconds": round(finished - started, 1),
        "sending_seconds": round(sending, 1),
        "messages_per_second": round(len(ids) / sending, 1),
        "messages_received": len(ids),
        "killed_after": killed_at,
        "duplicates": len(ids) - len(unique),
        "missing": expected - len(unique),
    }


def push_run(subscriptions: int) -> dict:
    """bench/push_fanout.py in its own process (its own database), its JSON line read back."""
    script = ROOT / "bench" / "push_fanout.py"
    if not script.exists():
        say("bench/push_fanout.py is not there: no push figures")
        return {"push_seconds": None, "expired_removed": None}
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "WARTA_VAR_DIR")}
    done = subprocess.run(
        [PYTHON, str(script), "--subscriptions", str(subscriptions)],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--push", type=int, help="push subscriptions (default: --subscribers)")
    parser.add_argument("--no-kill", action="store_true", help="send without the crash")
    parser.add_argument("--no-push", action="store_true")
    args = parser.parse_args()
    result = send_run(args)
    print(
        f"newsletter: {result['messages_received']:,} messages to {args.subscribers:,} "
        f"subscribers, {result['messages_per_second']:,} per second while sending; "
        f"{result['send_seconds']} s from start to finished (worker killed after "
        f"{result['killed_after']}); duplicates {result['duplicates']}, "
        f"missing {result['missing']}"
    )
    if not args.no_push:
        push = push_run(args.push or args.subscribers)
        result.update(push)
        count = args.push or args.subscribers
        print(
            f"push: {count:,} subscriptions in {push.get('push_seconds')} s, "
            f"{push.get('expired_removed')} expired removed"
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
