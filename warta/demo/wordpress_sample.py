"""The demo's migrated site: "Kabar Losari", a fictional Makassar outlet's WordPress export
(samples/kabar-losari.xml, written for the demo), imported into Warta Sulsel the way a new
partner moves in (`warta import_wordpress`). Its pictures are drawn here into a throwaway
uploads folder. Importing again changes nothing (unchanged posts are skipped)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from wagtail.models import Site

from warta.core.media.images import draw_picture
from warta.ingest.wordpress import WordPressImporter, WordPressReport
from warta.ingest.wxr import parse_wxr

EXPORT = Path(__file__).parent / "samples" / "kabar-losari.xml"
REGION = "sulsel"
# A published post's old address and its WordPress id, to try the redirects with.
OLD_PATH = "/2026/10/05/pete-pete-rute-baru-losari/"
OLD_ID = "101"


def ensure_wordpress_sample(site: Site, log: Callable[[str], None]) -> WordPressReport:
    wxr = parse_wxr(EXPORT)
    with tempfile.TemporaryDirectory(prefix="warta-demo-uploads-") as folder:
        uploads = Path(folder)
        for attachment in wxr.attachments.values():
            target = uploads / attachment.upload_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(draw_picture(attachment.title or attachment.id))
        report = WordPressImporter(wxr, site=site, media_dir=uploads).run()
    log(
        f"WordPress sample (Kabar Losari → {site.site_name}): {report.created} created, "
        f"{report.updated} updated, {report.unchanged} unchanged, {len(report.failed)} failed."
    )
    return report


def sample_addresses(site: Site, port: int) -> list[str]:
    """Where a reviewer looks: the site, an old post address and ?p= link (both redirect),
    an author's page."""
    base = f"http://{site.hostname}:{port}"
    return [
        f"{base}/  (Warta Sulsel with the migrated stories)",
        f"{base}{OLD_PATH}  (old WordPress address → the story)",
        f"{base}/?p={OLD_ID}  (WordPress post id → the story)",
        f"{base}/penulis/nurul/  (an imported author)",
    ]
