"""Hundreds of sites (issue #27): admin and public pages of a network built with
`bench/network.py --sites N`, timed for a network admin and a regional editor.

`measure_admin(database_url, env)` measures a network already built: each admin page's server
time (median of warm runs, in-process test client, caches warm as in a serving process) and its
queries; a regional story page and home (request routing, Network Updates); the site list (load
time, size); provisioning one more site (rolled back); and the RSS of one `warta serve` worker
after warming the public pages of 100 sites. `python bench/cluster_parts/sites.py`
builds 500 sites on PostgreSQL if the database has fewer and prints figures, JSON last."""

from __future__ import annotations

import argparse
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from warta.core.ops.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731

TARGET_MS = 300
RUNS = 5
PASSWORD = "warta-bench"  # noqa: S105 (a throwaway bench account)
ADMIN_USER, EDITOR_USER = "bench-jaringan", "bench-redaktur"
REGION_SLUG = "jatim"  # the regional editor's site (bench/network.py REGIONS)


# --- in-process part (Django set up on the measured database) ---------------------------------


def bench_users():
    """A network admin (the 'Network admin' group, not a superuser) and an editor of one
    regional site (its own 'Editor · <site>' group), made once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from warta.core.sites.lookup import site_by_slug
    from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles

    User = get_user_model()
    if not Group.objects.filter(name=NETWORK_ADMIN).exists():
        setup_roles()
    region = site_by_slug(REGION_SLUG)
    users = {}
    for username, group in (
        (ADMIN_USER, NETWORK_ADMIN),
        (EDITOR_USER, group_name(EDITOR, region)),
    ):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@warta.localhost", PASSWORD, is_staff=True
            )
        user.groups.set([Group.objects.get(name=group)])
        users[username] = user
    return users, region


def admin_pages(region, national) -> list[tuple[str, str]]:
    """(name, URL) of the admin pages measured."""
    from django.urls import reverse

    from warta.core.models import SiteSettings

    return [
        ("dashboard", reverse("wagtailadmin_home")),
        ("explorer root", reverse("wagtailadmin_explore_root")),
        ("explorer national", reverse("wagtailadmin_explore", args=[national.root_page_id])),
        ("explorer region", reverse("wagtailadmin_explore", args=[region.root_page_id])),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        (
            "page chooser region",
            reverse("wagtailadmin_choose_page_child", args=[region.root_page_id]),
        ),
        ("image chooser", reverse("wagtailimages_chooser:choose")),
        ("document chooser", reverse("wagtaildocs_chooser:choose")),
        ("report locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("report workflows", reverse("wagtailadmin_reports:workflow")),
        ("report workflow tasks", reverse("wagtailadmin_reports:workflow_tasks")),
        ("report site history", reverse("wagtailadmin_reports:site_history")),
        ("report aging pages", reverse("wagtailadmin_reports:aging_pages")),
        (
            "site settings",
            reverse(
                "wagtailsettings:edit",
                args=[SiteSettings._meta.app_label, SiteSettings._meta.model_name, region.pk],
            ),
        ),
        ("sites list", reverse("wagtailsites:index")),
        ("groups list", reverse("wagtailusers_groups:index")),
        ("users list", reverse("wagtailusers_users:index")),
        ("workflows list", reverse("wagtailadmin_workflows:index")),
        ("workflow tasks list", reverse("wagtailadmin_workflows:task_index")),
        ("partner applications", reverse("partner_applications")),
        ("lite editions (sites)", reverse("lite_editions")),
        ("analytics network", reverse("analytics_admin_network")),
        ("newsletter admin", reverse("newsletter_admin_index")),
    ]


def time_get(client, url: str, runs: int, **extra) -> tuple[int, float, int]:
    """Status, median server time in ms over `runs` warm requests, and queries of the last."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(url, **extra)  # warm: caches, templates, the site list
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url, **extra)
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url, **extra)
    return response.status_code, statistics.median(times), len(queries)


def time_rendered(client, url: str, runs: int = 3, **extra) -> tuple[int, float, int]:
    """A public page rendered with every shared cache empty (the process's site list held,
    as in a serving process): median ms and the queries of the last run."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warta.core.pagecache import localcache
    from warta.core.sites.lookup import all_sites

    times, queries, status = [], 0, 0
    for _ in range(runs):
        cache.clear()
        localcache.forget()
        all_sites()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            status = client.get(url, **extra).status_code
            times.append((time.perf_counter() - started) * 1000)
        queries = len(captured)
    return status, statistics.median(times), queries


def site_list_figures() -> dict:
    """Loading the per-process site list from the database, and its pickled size."""
    import pickle

    from django.core.cache import cache

    from warta.core.pagecache import localcache
    from warta.core.sites.lookup import SITES_KEY, all_sites

    timings = []
    for _ in range(3):
        cache.delete(SITES_KEY)
        localcache.forget()
        started = time.perf_counter()
        sites = all_sites()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "sites": len(sites),
        "site_list_load_ms": round(statistics.median(timings), 1),
        "site_list_pickled_kb": round(len(pickle.dumps(sites)) / 1024, 1),
    }


def provisioning_one_more() -> float:
    """Provisioning time (ms) of one more site on the network as it is, rolled back."""
    from django.db import transaction

    from warta.network.services import RegionSpec, provision_site

    class Rollback(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            provision_site(RegionSpec(name="Warta Uji Bench", slug="uji-bench", province_code="91"))
            elapsed = time.perf_counter() - started
            raise Rollback
    except Rollback:
        pass
    return round(elapsed * 1000, 1)


def measure_in_process(runs: int = RUNS) -> dict:
    from django.test import Client

    from warta.articles.queries import articles_in_site
    from warta.core.sites.lookup import all_sites

    users, region = bench_users()
    national = next(s for s in all_sites() if s.is_default_site)
    rows = []
    for username in (ADMIN_USER, EDITOR_USER):
        client = Client()
        client.force_login(users[username])
        role = "network admin" if username == ADMIN_USER else "regional editor"
        for name, url in admin_pages(region, national):
            status, ms, queries = time_get(client, url, runs)
            rows.append(
                {
                    "role": role,
                    "page": name,
                    "url": url,
                    "status": status,
                    "ms": round(ms, 1),
                    "queries": queries,
                }
            )
    public = Client()
    story = articles_in_site(region).first()
    host = {"HTTP_HOST": region.hostname}
    public_pages = [("region home (Network Updates)", "/")]
    if story is not None:
        public_pages.append(
            ("region story (routing)", story.url_path[len(region.root_page.url_path) - 1 :])
        )
    for name, url in public_pages:
        status, ms, queries = time_get(public, url, runs, **host)
        rows.append(
            {
                "role": "reader",
                "page": f"{name}, page cache hit",
                "url": url,
                "status": status,
                "ms": round(ms, 1),
                "queries": queries,
            }
        )
        status, ms, queries = time_rendered(public, url, **host)
        rows.append(
            {
                "role": "reader",
                "page": f"{name}, rendered",
                "url": url,
                "status": status,
                "ms": round(ms, 1),
                "queries": queries,
            }
        )
    from warta.articles.queries import forget_network_updates, network_updates

    timings = []
    for _ in range(3):
        forget_network_updates()
        started = time.perf_counter()
        network_updates(national)
        timings.append((time.perf_counter() - started) * 1000)
    shown = [r for r in rows if r["status"] == 200 and r["role"] != "reader"]
    if not shown:
        # Timing 404s would print a fast admin that nobody measured.
        raise RuntimeError(
            "no admin page answered 200: is testserver in WARTA_ADMIN_HOSTS and ALLOWED_HOSTS?"
        )
    worst = max(shown, key=lambda r: r["ms"])
    return {
        "admin_ms_500_sites": worst["ms"],
        "admin_worst_page": f"{worst['role']}: {worst['page']}",
        "admin_pages_refused": [
            f"{r['role']}: {r['page']} ({r['status']})"
            for r in rows
            if r["status"] != 200 and r["role"] != "reader"
        ],
        "pages": rows,
        "network_updates_cold_ms": round(statistics.median(timings), 1),
        "provision_ms_per_site": provisioning_one_more(),
        **site_list_figures(),
    }


# --- out-of-process part ----------------------------------------------------------------------


def _django_env(database_url: str, env: dict) -> dict:
    merged = {**os.environ, **env, "DATABASE_URL": database_url}
    merged.setdefault("DJANGO_SETTINGS_MODULE", "warta.settings.serve")
    merged.setdefault("WARTA_LOG_LEVEL", "WARNING")
    merged.setdefault("WARTA_VAR_DIR", str(Path(tempfile.gettempdir()) / "warta-sites-bench"))
    merged.setdefault("WARTA_ADMIN_HOSTS", "testserver,127.0.0.1,localhost")
    hosts = merged.get("ALLOWED_HOSTS", "127.0.0.1,localhost,.localhost")
    merged["ALLOWED_HOSTS"] = f"{hosts},testserver"
    return merged


def _fetch(url: str, headers: dict, timeout: float = 60) -> int:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def worker_rss_mb(database_url: str, env: dict, *, sites: int = 100) -> dict:
    """`warta serve` with one worker process: warms the public home and two stories of each
    of `sites` sites (the admin is measured in-process), then reads the worker's VmRSS."""
    run_env = _django_env(database_url, env)
    run_env.pop("ALLOWED_HOSTS")
    port = free_port()
    var = Path(run_env.get("WARTA_VAR_DIR") or tempfile.mkdtemp(prefix="warta-sites-"))
    run_env["WARTA_VAR_DIR"] = str(var)
    run_env["WARTA_SERVE_PORT"] = str(port)
    command = [
        str(ROOT / ".venv" / "bin" / "warta"),
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--no-worker",
        "--no-mail-server",
    ]
    server = subprocess.Popen(command, env=run_env, start_new_session=True)  # noqa: S603
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if _fetch(f"{base}/", {}, timeout=5) < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("warta serve did not answer")
            time.sleep(0.2)
        urls = _warm_urls(database_url, env, sites)
        started = time.monotonic()
        for path, host in urls:
            _fetch(base + path, {"Host": f"{host}:{port}"})
        warm_s = time.monotonic() - started
        rss = _worker_rss(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    return {"worker_rss_mb": rss, "warmed_urls": len(urls), "warm_seconds": round(warm_s, 1)}


def _warm_urls(database_url: str, env: dict, sites: int) -> list[tuple[str, str]]:
    script = (
        "import json, django; django.setup();"
        "from warta.core.sites.lookup import all_sites;"
        "from warta.articles.queries import articles_in_site;"
        f"s = all_sites()[:{sites}]; out = [];"
        "[out.extend([('/', x.hostname)] + [(a.url_path[len(x.root_page.url_path) - 1:],"
        " x.hostname) for a in articles_in_site(x)[:2]]) for x in s];"
        "print(json.dumps(out))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=_django_env(database_url, env),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return [tuple(pair) for pair in json.loads(result.stdout.strip().splitlines()[-1])]


def _worker_rss(server_pid: int) -> float:
    """The RSS (MB) of the largest process below `warta serve` (granian's worker)."""
    best = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)
        if not _descends_from(int(status.parent.name), server_pid):
            continue
        rss = int(fields.get("VmRSS", "0 kB").split()[0])
        best = max(best, rss)
    return round(best / 1024, 1)


def _descends_from(pid: int, ancestor: int) -> bool:
    while pid > 1:
        if pid == ancestor:
            return True
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        pid = int(stat.rsplit(")", 1)[1].split()[1])
    return False


def measure_admin(database_url: str, env: dict, *, rss: bool = True) -> dict:
    """The figures for bench/cluster.py against a network already built with --sites N:
    `admin_ms_500_sites` (the worst admin page's server time), `pages` (one row per page and
    role), `provision_ms_per_site`, `worker_rss_mb` and the site list's figures."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, __file__, "--in-process"],
        env=_django_env(database_url, env),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if rss:
        figures.update(worker_rss_mb(database_url, env))
    return figures


def print_table(figures: dict) -> None:
    print(f"{'role':16} {'page':32} {'status':>6} {'ms':>8} {'queries':>8}")
    for row in figures["pages"]:
        flag = "  > 300 ms" if row["ms"] > TARGET_MS else ""
        print(
            f"{row['role']:16} {row['page']:32} {row['status']:>6} {row['ms']:>8.1f}"
            f" {row['queries']:>8}{flag}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/h4_bench")
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument(
        "--var-dir",
        default=str(Path(tempfile.gettempdir()) / "warta-sites-bench"),
        help="media and static files of the built network",
    )
    parser.add_argument("--no-rss", action="store_true", help="skip the worker memory figure")
    args = parser.parse_args()
    if args.in_process:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command

        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            call_command("collectstatic", "--noinput", verbosity=0)
        print(json.dumps(measure_in_process()))
        return
    env = {
        "DJANGO_SETTINGS_MODULE": "warta.settings.serve",
        "WARTA_LOG_LEVEL": "WARNING",
        "WARTA_VAR_DIR": args.var_dir,
    }
    count = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from wagtail.models import Site;"
            " print(Site.objects.count())",
        ],
        env=_django_env(args.database_url, env),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    have = int(count.stdout.strip() or 0) - 1 if count.returncode == 0 else -1
    build: dict = {}
    if have < args.sites:
        say(f"building {args.sites} sites and {args.articles} stories in {args.database_url}")
        built = subprocess.run(  # noqa: S603
            [
                sys.executable,
                str(ROOT / "bench" / "network.py"),
                "--sites",
                str(args.sites),
                "--articles",
                str(args.articles),
                "--database-url",
                args.database_url,
                "--var-dir",
                args.var_dir,
            ],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        build = json.loads(built.stdout.strip().splitlines()[-1])
    figures = measure_admin(args.database_url, env, rss=not args.no_rss)
    if build:
        figures["provision_ms_per_site_build"] = build["provision_ms_per_site"]
        figures["provision_ms_p95_build"] = build["provision_ms_p95"]
    print_table(figures)
    print(
        f"{figures['sites']} sites; worst admin page {figures['admin_ms_500_sites']} ms"
        f" ({figures['admin_worst_page']}); provisioning one more site"
        f" {figures['provision_ms_per_site']} ms; site list {figures['site_list_load_ms']} ms,"
        f" {figures['site_list_pickled_kb']} kB; worker RSS {figures.get('worker_rss_mb')} MB"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
