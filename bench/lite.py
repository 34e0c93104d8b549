"""The lite edition's size budget, measured on a served Warta (the demo: `warta build_demo`,
`warta serve`): the compressed size of the lite home and of every story it lists, and how many
requests each page costs (the page plus every script, stylesheet, image, font or frame it
would fetch). The full edition's figures are printed beside them for comparison.

    .venv/bin/python bench/lite.py --base http://127.0.0.1:8000 [--prefix /r/jatim]

Prints figures, then one JSON line last. Budgets (issue #21): article <= 15 KB and home
<= 30 KB gzip, one request each; the lite Indeks (a list like home) within the home budget;
the exit status is 1 when a budget is exceeded."""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import urllib.request
from html.parser import HTMLParser

ARTICLE_BUDGET = 15 * 1024
HOME_BUDGET = 30 * 1024


class Subresources(HTMLParser):
    """What a browser would fetch besides the page (no JavaScript runs in the lite edition)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.links: list[str] = []
        self._style = False
        self.icon = False

    def handle_starttag(self, tag, attrs) -> None:
        attributes = dict(attrs)
        rel = set((attributes.get("rel") or "").split())
        if tag in ("script", "img", "iframe", "video", "audio", "embed", "object"):
            if tag != "script" or attributes.get("src"):
                self.found.append(f"<{tag}> {attributes.get('src', '')}")
        elif tag == "link" and rel & {"stylesheet", "preload", "icon", "modulepreload"}:
            if "icon" in rel:
                self.icon = True
            if not (attributes.get("href") or "").startswith("data:"):
                self.found.append(f"<link rel={' '.join(sorted(rel))}> {attributes.get('href')}")
        elif tag == "style":
            self._style = True
        elif tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if "style" in attributes and "url(" in (attributes["style"] or ""):
            self.found.append(f"style= url() on <{tag}>")

    def handle_endtag(self, tag) -> None:
        if tag == "style":
            self._style = False

    def handle_data(self, data) -> None:
        if self._style:
            self.found += [f"CSS {m}" for m in re.findall(r"@font-face|@import|url\(", data)]


def fetch(url: str, **headers: str) -> tuple[bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", **headers})
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - a URL you give
        body = response.read()
        info = {name.title(): value for name, value in response.headers.items()}
    if info.get("Content-Encoding") == "gzip":
        return gzip.decompress(body), info
    return body, info


def measure(url: str, **headers: str) -> dict:
    body, info = fetch(url, **headers)
    parser = Subresources()
    parser.feed(body.decode("utf-8", "replace"))
    if not parser.icon:  # the browser asks for /favicon.ico
        parser.found.append("/favicon.ico")
    return {
        "url": url,
        "gzip_bytes": len(gzip.compress(body, 6)),
        "raw_bytes": len(body),
        "requests": 1 + len(parser.found),
        "subresources": parser.found,
        "links": parser.links,
        "vary": info.get("Vary", ""),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--prefix", default="", help="a regional site's /r/<slug>")
    parser.add_argument("--stories", type=int, default=25, help="stories measured at most")
    args = parser.parse_args()
    base = args.base.rstrip("/") + args.prefix
    lite_root = f"{args.prefix}/lite/"

    home = measure(f"{base}/lite/")
    full_home = measure(f"{base}/")
    saved = measure(f"{base}/", **{"Save-Data": "on"})
    indeks = measure(f"{base}/lite/indeks/")
    full_indeks = measure(f"{base}/indeks/")
    stories = sorted(
        {
            link
            for link in home["links"]
            if link.startswith(lite_root) and link.count("/") - args.prefix.count("/") >= 4
        }
    )[: args.stories]
    articles = [measure(args.base.rstrip("/") + link) for link in stories]
    if not articles:
        print("no stories listed on the lite home page", file=sys.stderr)
        return 1
    biggest = max(articles, key=lambda a: a["gzip_bytes"])
    full_biggest = measure(biggest["url"].replace(lite_root, f"{args.prefix}/", 1))
    sizes = [a["gzip_bytes"] for a in articles]
    requests = max(a["requests"] for a in [home, indeks, *articles])

    print(f"lite home        {home['gzip_bytes']:>7} B gzip  {home['requests']} request(s)")
    print(f"full home        {full_home['gzip_bytes']:>7} B gzip  {full_home['requests']} requests")
    print(
        f"lite stories     {len(articles)} measured: median {statistics.median(sizes):.0f} B, "
        f"largest {biggest['gzip_bytes']} B ({biggest['url']})"
    )
    full_line = f"{full_biggest['gzip_bytes']:>7} B gzip  {full_biggest['requests']} requests"
    print(f"full largest     {full_line}")
    print(f"lite indeks      {indeks['gzip_bytes']:>7} B gzip  {indeks['requests']} request(s)")
    full_line = f"{full_indeks['gzip_bytes']:>7} B gzip  {full_indeks['requests']} requests"
    print(f"full indeks      {full_line}")
    print(f"Save-Data home   {saved['gzip_bytes']:>7} B gzip  Vary: {saved['vary']}")
    for page in [home, indeks, *articles]:
        for item in page["subresources"]:
            print(f"  second request on {page['url']}: {item}")
    within = (
        biggest["gzip_bytes"] <= ARTICLE_BUDGET
        and home["gzip_bytes"] <= HOME_BUDGET
        and indeks["gzip_bytes"] <= HOME_BUDGET
        and requests == 1
        and "Save-Data" in saved["vary"]
    )
    print("within budget" if within else "OVER BUDGET")
    print(
        json.dumps(
            {
                "lite_home_gzip_bytes": home["gzip_bytes"],
                "lite_article_gzip_bytes": biggest["gzip_bytes"],
                "lite_article_median_gzip_bytes": int(statistics.median(sizes)),
                "lite_articles_measured": len(articles),
                "lite_indeks_gzip_bytes": indeks["gzip_bytes"],
                "full_indeks_gzip_bytes": full_indeks["gzip_bytes"],
                "full_indeks_requests": full_indeks["requests"],
                "requests_per_page": requests,
                "full_home_gzip_bytes": full_home["gzip_bytes"],
                "full_home_requests": full_home["requests"],
                "full_article_gzip_bytes": full_biggest["gzip_bytes"],
                "full_article_requests": full_biggest["requests"],
                "save_data_vary": saved["vary"],
                "article_budget_bytes": ARTICLE_BUDGET,
                "home_budget_bytes": HOME_BUDGET,
                "within_budget": within,
            }
        )
    )
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
