"""Push fan-out benchmark (issue #25): N Web Push subscriptions on one site, pointing at a local
push service (a threaded HTTP server on 127.0.0.1, in its own process, answering 201 Created,
or 410 Gone for `expired_share` of them), and one alert sent through the real fan-out
(`warta.alerts.services.fan_out_alert`: each payload aes128gcm-encrypted for its subscription's
keys by pywebpush, VAPID-signed, POSTed on kept-alive connections from a thread pool; cursor
and counts saved per batch; the 410s deleted).

    .venv/bin/python bench/push_fanout.py [--subscriptions 10000] [--expired-share 0.05]
        [--workers 64] [--processes <cores, at most 4>] [--batch N] [--latency-ms 0]
        [--database-url …]

`run()` is what bench/newsletter.py calls (Django already set up there, on its database);
run alone, this sets up a throwaway SQLite database (or DATABASE_URL's) like the other
benchmarks. Printed: the figures, then one JSON object last. Target: 100,000 in <= 60 s."""

from __future__ import annotations

import argparse
import base64
import json
import multiprocessing
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
DISTINCT_KEYS = 500  # browsers' key pairs, reused across subscriptions (each push still does
# its own ECDH with a new ephemeral key: the cost per message is the same)


# --- the local push service, in its own process (its own GIL) ----------------------------


def _serve(port_out, received, ready, latency: float) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self) -> None:  # noqa: N802
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if latency:
                time.sleep(latency)  # a real push service's round trip
            ok = self.headers.get("Authorization", "").startswith("vapid t=")
            with received.get_lock():
                received.value += 1
            status = 410 if self.path.startswith("/gone/") else (201 if ok else 401)
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format, *args):  # noqa: A002
            pass

    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port_out.value = server.server_address[1]
    ready.set()
    server.serve_forever()


class PushServiceProcess:
    def __init__(self, latency: float = 0.0) -> None:
        context = multiprocessing.get_context("fork")
        self.port = context.Value("i", 0)
        self.received = context.Value("q", 0)
        ready = context.Event()
        self.process = context.Process(
            target=_serve, args=(self.port, self.received, ready, latency), daemon=True
        )
        self.process.start()
        ready.wait(10)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port.value}"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(5)


# --- Django and the data ----------------------------------------------------------------


def ensure_django(database_url: str | None = None) -> None:
    """Use the caller's Django (bench/newsletter.py) or set up a throwaway database."""
    from django.conf import settings

    if settings.configured:
        import django

        django.setup()
        return
    from corpus import setup_django

    setup_django(database_url)


def _browser_keys(count: int) -> list[tuple[str, str]]:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    keys = []
    for _ in range(count):
        point = (
            ec.generate_private_key(ec.SECP256R1())
            .public_key()
            .public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
        )
        keys.append((b64(point), b64(os.urandom(16))))
    return keys


def _subscriptions(site, origin: str, count: int, expired_share: float, tag: str) -> int:
    from warta.alerts.models import PushSubscription

    keys = _browser_keys(min(DISTINCT_KEYS, count))
    every = round(1 / expired_share) if expired_share > 0 else 0
    rows, expired = [], 0
    for n in range(count):
        gone = bool(every) and n % every == every - 1
        expired += gone
        p256dh, auth = keys[n % len(keys)]
        path = f"/gone/{tag}/{n}" if gone else f"/push/{tag}/{n}"
        rows.append(PushSubscription(site=site, endpoint=origin + path, p256dh=p256dh, auth=auth))
    PushSubscription.objects.bulk_create(rows, batch_size=2000)
    return expired


def run(
    subscriptions: int,
    expired_share: float = 0.05,
    *,
    workers: int | None = None,
    processes: int | None = None,
    batch: int | None = None,
    latency_ms: float = 0.0,
) -> dict:
    """Fan one alert out to `subscriptions` subscriptions at a local push service; returns
    push_seconds, expired_removed, push_per_second (and the counts behind them)."""
    ensure_django()
    from django.conf import settings
    from django.test.utils import override_settings
    from wagtail.models import Site

    from warta.alerts import services
    from warta.alerts.models import Alert, PushSubscription
    from warta.alerts.push import make_pusher

    workers = workers or settings.WARTA_ALERTS_WORKERS
    processes = processes or max(1, min(os.cpu_count() or 1, 4))
    batch = batch or max(services.BATCH, 1000 * processes)
    service = PushServiceProcess(latency=latency_ms / 1000)
    tag = f"{os.getpid()}-{int(time.time())}"
    try:
        site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
        started = time.perf_counter()
        expected_expired = _subscriptions(site, service.origin, subscriptions, expired_share, tag)
        setup_seconds = time.perf_counter() - started
        say(f"{subscriptions:,} subscriptions stored in {setup_seconds:.1f} s; pushing …")
        before = PushSubscription.objects.filter(site=site).count()
        alert = Alert.objects.create(site=site, title="Bench: gempa", body="Uji.", url="bench/")
        with override_settings(WARTA_ALERTS_LOCAL_ENDPOINTS=True):
            pusher = make_pusher(
                ttl=settings.WARTA_ALERTS_TTL, workers=workers, processes=processes
            )
            cpu_before, server_before = time.process_time(), service.cpu_seconds()
            started = time.perf_counter()
            try:
                alert = services.fan_out_alert(alert.pk, pusher=pusher, batch=batch)
            finally:
                pusher.close()
            seconds = time.perf_counter() - started
            sender_cpu = time.process_time() - cpu_before
            server_cpu = service.cpu_seconds() - server_before
        removed = before - PushSubscription.objects.filter(site=site).count()
        result = {
            "push_subscriptions": subscriptions,
            "push_seconds": round(seconds, 2),
            "push_per_second": round(subscriptions / seconds, 1) if seconds else None,
            "expired_removed": removed,
            "push_expected_expired": expected_expired,
            "push_delivered": alert.delivered,
            "push_failed": alert.failed,
            "push_service_requests": service.received.value,
            "push_sender_cpu_seconds": round(sender_cpu, 2),
            "push_service_cpu_seconds": round(server_cpu, 2),
            "push_workers": workers,
            "push_processes": processes,
            "push_service_latency_ms": latency_ms,
            "push_batch": batch,
        }
        PushSubscription.objects.filter(endpoint__startswith=service.origin).delete()
        Alert.objects.filter(pk=alert.pk).delete()
        return result
    finally:
        service.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--subscriptions", type=int, default=10_000)
    parser.add_argument("--expired-share", type=float, default=0.05)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--processes", type=int, default=None, help="default: the cores, <= 4")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument(
        "--latency-ms", type=float, default=0.0, help="the push service's answer delay"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    args = parser.parse_args()
    ensure_django(args.database_url)
    result = run(
        args.subscriptions,
        args.expired_share,
        workers=args.workers,
        processes=args.processes,
        batch=args.batch,
        latency_ms=args.latency_ms,
    )
    print(f"subscriptions:          {result['push_subscriptions']:,}")
    print(f"push seconds:           {result['push_seconds']}")
    print(f"pushes per second:      {result['push_per_second']}")
    print(f"delivered / failed:     {result['push_delivered']:,} / {result['push_failed']:,}")
    print(
        f"expired removed:        {result['expired_removed']:,} "
        f"(of {result['push_expected_expired']:,} answered 410)"
    )
    print(f"push service requests:  {result['push_service_requests']:,}")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
