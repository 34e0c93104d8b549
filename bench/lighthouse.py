"""Lighthouse (mobile, simulated throttling) on the demo network's pages, as readers get them
from `warta serve`: builds the demo into a temporary folder, serves it on 127.0.0.1, and runs
Lighthouse 12 (package.json; `make validators`) in Debian's chromium on each page, three runs
each, keeping the median performance score (the other categories are deterministic here).
Prints a line a page, then one JSON object last on stdout.

    .venv/bin/python bench/lighthouse.py [--runs 3] [--preset mobile|desktop] [PATH ...]

Without PATHs: the home page, the newest story, and their lite editions where they exist."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from serve import fetch, free_port, wait_until_up  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
say = lambda message: print(message, file=sys.stderr, flush=True)  # noqa: E731


def lighthouse(url: str, preset: str, workdir: Path) -> dict:
    report = workdir / "lh.json"
    profile = tempfile.mkdtemp(dir=workdir)
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={report}",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={FLAGS} --user-data-dir={profile}",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    for attempt in range(3):  # Lighthouse now and then loses the trace (NO_NAVSTART): again
        done = subprocess.run(
            command, env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"}, timeout=180
        )
        if done.returncode == 0:
            break
        say(f"Lighthouse failed on {url} (attempt {attempt + 1} of 3)")
    else:
        raise SystemExit(f"Lighthouse failed three times on {url}")
    result = json.loads(report.read_text())
    if result.get("runtimeError"):
        raise SystemExit(f"Lighthouse failed on {url}: {result['runtimeError']}")
    failing = sorted(
        audit_id
        for audit_id, audit in result["audits"].items()
        if audit.get("score") is not None
        and audit["score"] < 1
        and audit.get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return {
        "scores": {k: round(result["categories"][k]["score"] * 100) for k in CATEGORIES},
        "lcp_ms": round(result["audits"]["largest-contentful-paint"]["numericValue"]),
        "cls": round(result["audits"]["cumulative-layout-shift"]["numericValue"], 4),
        "tbt_ms": round(result["audits"]["total-blocking-time"]["numericValue"]),
        "transfer_bytes": round(result["audits"]["total-byte-weight"]["numericValue"]),
        "below_full_marks": failing,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--preset", choices=["mobile", "desktop"], default="mobile")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"{LIGHTHOUSE} is missing: run `make validators` (needs npm)")

    workdir = Path(tempfile.mkdtemp(prefix="warta-lighthouse-"))
    port = free_port()
    env = {**os.environ, "WARTA_VAR_DIR": str(workdir / "var")}
    env.pop("DATABASE_URL", None)  # the demo's own SQLite file in the temporary folder
    warta = str(ROOT / ".venv" / "bin" / "warta")
    say(f"building the demo in {workdir} ...")
    subprocess.run([warta, "migrate", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [warta, "build_demo", "--port", str(port)], env=env, check=True, stdout=subprocess.DEVNULL
    )
    server = subprocess.Popen(
        [warta, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/")
        paths = args.paths or default_paths(base)
        pages = {}
        for path in paths:
            fetch(base + path)  # warm the page cache, as a busy site's pages are
            runs = [lighthouse(base + path, args.preset, workdir) for _ in range(args.runs)]
            median = sorted(runs, key=lambda r: r["scores"]["performance"])[len(runs) // 2]
            median["performance_runs"] = [r["scores"]["performance"] for r in runs]
            pages[path] = median
            scores = " ".join(f"{k}={v}" for k, v in median["scores"].items())
            say(
                f"{path}: {scores} lcp={median['lcp_ms']}ms cls={median['cls']} "
                f"tbt={median['tbt_ms']}ms bytes={median['transfer_bytes']} "
                f"below full marks: {', '.join(median['below_full_marks']) or 'none'}"
            )
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "preset": args.preset,
                "runs": args.runs,
                "pages": pages,
                "all_100": all(min(p["scores"].values()) == 100 for p in pages.values()),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            },
            indent=2,
        )
    )


def default_paths(base: str) -> list[str]:
    """The home page, a story (the first card's headline on the home page), and the
    lite editions of both when the site has them."""
    status, html = fetch(base + "/")
    stories = re.findall(rb'class="card__title"[^>]*>\s*<a href="(/[^"]+)"', html)
    paths = ["/"] + ([stories[0].decode()] if stories else [])
    if fetch(base + "/lite/")[0] == 200:
        paths += ["/lite" + p for p in paths]
    return paths


if __name__ == "__main__":
    main()
