"""Soak: `--minutes` (default 10) of mixed traffic against `warta serve` on 127.0.0.1 at a
stated rate: story and list reads, searches, reader logins (the real allauth form, CSRF
and all) with their account page, and an editor publishing a story every few seconds.
Counts errors (any 5xx or failed connection), reports the resident memory of each server
worker at the start and the end, and checks that every story published during the run is
served at the end. Progress on stderr, a JSON object last.

    .venv/bin/python bench/soak.py [--minutes 10] [--rate 60] [--database-url ...]"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
from serve import BROWSER, Servers, free_port, wait_until_up, worker_memory_mb  # noqa: E402

say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731
WORDS = ["banjir", "pemilu", "harga beras", "gempa", "sekolah", "jalan tol", "pasar"]


class Traffic:
    def __init__(self, base: str, paths: list[str], channels: list[str], login_share: float):
        self.base, self.paths, self.channels = base, paths, channels
        self.login_share = login_share
        self.counts: Counter = Counter()
        self.errors: Counter = Counter()
        self.lock = threading.Lock()

    def get(self, opener, url: str, kind: str, data: bytes | None = None) -> bytes:
        request = urllib.request.Request(
            self.base + url, data=data, headers={"User-Agent": BROWSER}
        )
        try:
            with opener.open(request, timeout=30) as response:
                body = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read(), error.code
            if status == 429:
                body = b"429 " + body
        except OSError as error:
            with self.lock:
                self.errors[f"{kind}: {type(error).__name__}"] += 1
            return b""
        with self.lock:
            self.counts[kind] += 1
            if status >= 500:
                self.errors[f"{kind}: HTTP {status}"] += 1
        return body

    def one(self, rng: random.Random) -> None:
        opener = urllib.request.build_opener()
        roll = rng.random()
        if roll < self.login_share:
            self.login(rng)
        elif roll < 0.75:
            self.get(opener, rng.choice(self.paths), "story")
        elif roll < 0.90:
            self.get(opener, rng.choice(["/", *self.channels]), "list")
        else:
            self.get(opener, "/cari/?q=" + urllib.parse.quote(rng.choice(WORDS)), "search")

    def login(self, rng: random.Random) -> None:
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = self.get(opener, "/akun/login/", "login-form").decode(errors="replace")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not token:
            with self.lock:
                self.errors["login: no form"] += 1
            return
        reader = rng.randrange(READERS)
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "login": f"pembaca{reader}@soak.localhost",
                "password": "kata-sandi-soak-123",
            }
        ).encode()
        answer = self.get(opener, "/akun/login/", "login", data=form)
        account = self.get(opener, "/akun/saya/", "account")
        if f"pembaca{reader}@".encode() not in account:
            # The login throttle (30 a minute from one address) answers 429: not an error.
            with self.lock:
                if answer.startswith(b"429 "):
                    self.counts["login throttled (429)"] += 1
                else:
                    self.errors["login: not signed in"] += 1


READERS = 20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=60, help="requests per second offered")
    parser.add_argument("--publish-every", type=float, default=5, help="seconds")
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="warta-soak-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_VAR_DIR": str(tmp),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": args.database_url or f"sqlite:///{tmp / 'soak.sqlite3'}",
        "WARTA_LOG_LEVEL": "WARNING",
        "WARTA_AXES_FAILURE_LIMIT": "1000",
    }
    import network

    network.start_django(env, drop_schema=bool(args.database_url))
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    built = network.build(args.articles, log=say)
    call_command("collectstatic", "--noinput", verbosity=0)
    from allauth.account.models import EmailAddress

    for n in range(READERS):
        user = get_user_model().objects.create_user(
            f"pembaca{n}", f"pembaca{n}@soak.localhost", "kata-sandi-soak-123"
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    from warta.articles.models import ArticlePage
    from warta.articles.queries import articles_in_site
    from warta.channels.models import ChannelPage

    site = built["national"]
    root = site.root_page.url_path
    paths = [a.url_path[len(root) - 1 :] for a in articles_in_site(site)[:500]]
    channels = [c.url_path[len(root) - 1 :] for c in ChannelPage.objects.child_of(site.root_page)]
    port = free_port()
    servers = Servers(tmp, env)
    server = servers.warta(port, page_cache=True)
    base = f"http://127.0.0.1:{port}"
    # Logins stay under the login throttle (30 a minute from one address; every request here
    # comes from 127.0.0.1): 0.4 a second.
    traffic = Traffic(base, paths, channels, login_share=min(0.05, 0.4 / args.rate))
    published: list[tuple[int, str]] = []
    try:
        wait_until_up(base + "/")
        warm = random.Random(1)
        for _ in range(200):
            traffic.one(warm)
        traffic.counts.clear()
        memory_start = worker_memory_mb(server)
        say(f"soak: {args.minutes} min at {args.rate}/s offered, workers {memory_start} MB")
        deadline = time.monotonic() + args.minutes * 60
        stop = threading.Event()

        def publisher() -> None:
            channel = ChannelPage.objects.child_of(site.root_page).first()
            n = 0
            while not stop.wait(args.publish_every):
                n += 1
                story = ArticlePage(
                    title=f"Kabar soak nomor {n} {time.time():.0f}",
                    slug=f"kabar-soak-{n}",
                    summary="Ringkasan.",
                    body=[("paragraph", "<p>Isi kabar.</p>")],
                )
                channel.add_child(instance=story)
                story.save_revision().publish()
                published.append((story.pk, story.title))

        def client(seed: int, per_thread_rate: float) -> None:
            rng = random.Random(seed)
            next_at = time.monotonic()
            while time.monotonic() < deadline:
                traffic.one(rng)
                next_at += rng.expovariate(per_thread_rate)
                time.sleep(max(0.0, next_at - time.monotonic()))

        threads = 8
        workers = [
            threading.Thread(target=client, args=(s, args.rate / threads)) for s in range(threads)
        ]
        publishing = threading.Thread(target=publisher, daemon=True)
        publishing.start()
        started = time.monotonic()
        for worker in workers:
            worker.start()
        report_at = started + 60
        while any(w.is_alive() for w in workers):
            time.sleep(1)
            if time.monotonic() >= report_at:
                report_at += 60
                done = sum(traffic.counts.values())
                failed = sum(traffic.errors.values())
                say(
                    f"  {time.monotonic() - started:.0f}s: {done} requests, {failed} errors, "
                    f"{len(published)} published"
                )
        stop.set()
        publishing.join(timeout=30)
        elapsed = time.monotonic() - started
        memory_end = worker_memory_mb(server)
        missing = []
        opener = urllib.request.build_opener()
        for pk, title in published:
            url = ArticlePage.objects.get(pk=pk).url_path[len(root) - 1 :]
            if title.encode() not in traffic.get(opener, url, "final-check"):
                missing.append(pk)
        home = traffic.get(opener, "/", "final-check")
        newest_on_home = bool(published) and published[-1][1].encode() in home
    finally:
        servers.stop(server)
    total = sum(v for k, v in traffic.counts.items() if k != "final-check")
    result = {
        "minutes": round(elapsed / 60, 2),
        "offered_rate_per_s": args.rate,
        "achieved_rate_per_s": round(total / elapsed, 1),
        "requests": dict(traffic.counts),
        "errors": dict(traffic.errors),
        "error_count": sum(traffic.errors.values()),
        "published": len(published),
        "published_missing_at_end": missing,
        "newest_published_on_home": newest_on_home,
        "worker_rss_mb": {"start": memory_start, "end": memory_end},
        "database": "postgresql" if args.database_url else "sqlite",
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
