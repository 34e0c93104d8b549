"""`warta import_wordpress --dry-run`, `--report FILE.json` and resuming an interrupted import.
Fixtures: wordpress.xml (every kind of post and problem) and wordpress_many.xml (twelve posts,
three with a featured image), both written for these tests."""

import io
import json
import os
import signal
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect

from warta.articles.models import ArticlePage
from warta.core.media.images import draw_picture
from warta.core.models import WartaImage
from warta.core.ops.progress import progress
from warta.ingest import wordpress
from warta.ingest.models import ImportedObject

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parent / "fixtures"
EVERYTHING = FIXTURES / "wordpress.xml"
TWELVE = FIXTURES / "wordpress_many.xml"


@pytest.fixture
def uploads(tmp_path):
    folder = tmp_path / "uploads"
    for month, names in {
        "2026/10": ["foto-walikota", "banjir"],
        "2026/11": ["foto-1", "foto-5", "foto-9"],
    }.items():
        (folder / month).mkdir(parents=True)
        for name in names:
            (folder / month / f"{name}.jpg").write_bytes(draw_picture(name, width=320, height=180))
    (folder / "2026/10/rusak.jpg").write_bytes(draw_picture("rusak", width=320, height=180)[:300])
    return folder


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_wordpress", *map(str, args), "--quiet", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows() -> dict[str, int]:
    return {m._meta.label: m._base_manager.count() for m in apps.get_models()}


def media_files() -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def report_lines(out: str) -> list[str]:
    """The report proper: what a dry run and a real run both print."""
    return [line for line in out.splitlines() if not line.startswith(("Dry run", "JSON report"))]


def test_a_dry_run_prints_the_real_runs_report_and_leaves_nothing_behind(
    site, uploads, tmp_path, django_capture_on_commit_callbacks
):
    before_rows, before_files = rows(), media_files()
    with (
        mock.patch("warta.core.pagecache._bump") as bump,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        out, err = run(EVERYTHING, "--media-dir", uploads, "--dry-run", "--report", tmp_path / "d")
    assert "Dry run: every change was rolled back" in out
    assert rows() == before_rows  # no page, revision, image, redirect, task or import record
    assert media_files() == before_files  # the images it stored meanwhile are deleted
    assert callbacks == [] and not bump.called  # no purge, rendition or related-articles work
    with (
        mock.patch("warta.core.pagecache._bump") as bump,
        django_capture_on_commit_callbacks() as callbacks,
    ):
        real_out, real_err = run(EVERYTHING, "--media-dir", uploads, "--report", tmp_path / "r")
    assert callbacks and bump.called  # the real run does purge (the test proves it can see it)
    assert "Pos: 6 dibuat" in real_out and "gambar: 2" in real_out
    assert report_lines(out) == report_lines(real_out)  # every count and warning
    assert err == real_err
    dry, real = (json.loads((tmp_path / name).read_text()) for name in ("d", "r"))
    assert dry["dry_run"] and not real["dry_run"]
    assert dry["totals"] == real["totals"] and dry["counts"] == real["counts"]
    assert [i["fate"] for i in dry["items"]] == [i["fate"] for i in real["items"]]


def test_the_json_report_lists_every_item_with_its_fate_even_when_posts_fail(
    site, uploads, tmp_path
):
    out, _ = run(EVERYTHING, "--media-dir", uploads, "--report", tmp_path / "laporan.json")
    assert f"JSON report: {tmp_path / 'laporan.json'}" in out
    report = json.loads((tmp_path / "laporan.json").read_text())
    posts = {i["wp_id"]: i for i in report["items"] if i["kind"] == "post"}
    flood = ArticlePage.objects.get(title__startswith="Wali Kota Surabaya")
    assert posts["100"] == {
        "kind": "post",
        "wp_id": "100",
        "title": "Wali Kota Surabaya tinjau banjir di Tambaksari",
        "fate": "created",
        "reason": "",
        "url": flood.url,
    }
    assert (posts["105"]["fate"], posts["105"]["reason"]) == ("failed", "judul kosong")
    assert (posts["106"]["fate"], posts["106"]["reason"]) == ("skipped", "status trash")
    assert report["totals"]["post"] == {"created": 6, "failed": 1, "skipped": 1}
    assert report["totals"]["all"]["created"] >= 6
    assert report["counts"]["created"] == 6 and report["counts"]["images"] == 2
    assert report["failed"] == ["pos 105 '': judul kosong"]
    assert "pos 103: status pending → draf" in report["warnings"]
    assert report["interrupted"] is False and isinstance(report["issues"], list)
    assert not (tmp_path / "laporan.json.part").exists()
    run(EVERYTHING, "--media-dir", uploads, "--report", tmp_path / "lagi.json")
    again = json.loads((tmp_path / "lagi.json").read_text())
    assert again["totals"]["post"] == {"unchanged": 6, "failed": 1, "skipped": 1}


def test_the_report_keeps_no_list_of_items_in_memory(site, uploads, tmp_path):
    from warta.ingest.wp_report import ReportFile

    written = []
    real_add = ReportFile.add

    def add(self, item):
        written.append((item.kind, item.wp_id))
        real_add(self, item)

    lines = lambda self: [f"{len(self.items)} items"]  # noqa: E731
    with (
        mock.patch.object(ReportFile, "add", add),
        mock.patch.object(wordpress.WordPressReport, "lines", lines),
    ):
        out, _ = run(TWELVE, "--media-dir", uploads, "--report", tmp_path / "r.json")
    assert "\n0 items\n" in out  # the report's own list stayed empty: items went to the file
    assert len([wp_id for kind, wp_id in written if kind == "post"]) == 12


@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_an_interrupted_import_goes_on_where_it_stopped_without_duplicates(
    site, uploads, tmp_path, monkeypatch, how
):
    monkeypatch.setattr(wordpress, "BATCH", 5)  # batch edges inside a small file
    real_create = wordpress.create_story
    calls = []

    def create_then_stop(article, **kwargs):
        result = real_create(article, **kwargs)
        calls.append(article.title)
        if len(calls) == 5:  # the fifth post (with a featured image), half written
            if how == "kill":
                os.kill(os.getpid(), signal.SIGTERM)
            raise KeyboardInterrupt
        return result

    files_before = media_files()
    with (
        mock.patch.object(wordpress, "create_story", create_then_stop),
        pytest.raises(CommandError, match="Interrupted after 4 of 12 items") as stopped,
    ):
        run(TWELVE, "--media-dir", uploads, "--report", tmp_path / "stopped.json")
    assert stopped.value.returncode == 130
    assert ArticlePage.objects.count() == 4
    assert WartaImage.objects.count() == 1  # post 1's; post 5's image went with its rollback
    assert len(media_files() - files_before) == 1
    partial = json.loads((tmp_path / "stopped.json").read_text())
    assert partial["interrupted"] is True and partial["totals"]["post"] == {"created": 4}

    out, _ = run(TWELVE, "--media-dir", uploads)
    assert "Pos: 8 dibuat, 0 diperbarui, 4 tak berubah" in out
    assert ArticlePage.objects.count() == 12
    assert len(set(ArticlePage.objects.values_list("title", flat=True))) == 12
    assert sorted(
        ImportedObject.objects.filter(kind="post").values_list("external_id", flat=True)
    ) == [str(100 + n) for n in range(1, 13)]
    assert WartaImage.objects.count() == 3 and len(media_files() - files_before) == 3
    assert Redirect.objects.filter(old_path__startswith="/2026/11/").count() == 12
    assert all(page.live for page in ArticlePage.objects.all())


def test_a_rerun_reads_what_is_imported_in_batches_not_once_per_post(site, uploads, monkeypatch):
    monkeypatch.setattr(wordpress, "BATCH", 5)
    run(TWELVE, "--media-dir", uploads)
    with CaptureQueriesContext(connection) as queries:
        out, _ = run(TWELVE, "--media-dir", uploads)
    assert "Pos: 0 dibuat, 0 diperbarui, 12 tak berubah" in out
    lookups = [q for q in queries if "ingest_importedobject" in q["sql"]]
    # 12 posts in batches of 5, then one read of the live stories and one of the attachments
    # for the old query addresses (?p=, ?attachment_id=): nothing per post or attachment.
    assert len(lookups) == 5
    reads = [q for q in queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(reads) < 12  # the site and the batches: nothing per unchanged post


def test_the_progress_bar_shows_done_total_rate_and_time_left():
    stream = io.StringIO()
    with mock.patch("warta.core.ops.progress.time.monotonic", return_value=110.0):
        progress(250, 1000, 100.0, stream)  # 250 in 10 s: 25/s, 750 left → 30 s
    assert "250/1000 25/s ETA 0:30" in stream.getvalue()
    with mock.patch("warta.core.ops.progress.time.monotonic", return_value=100.0 + 4000):
        progress(1000, 200_000, 100.0, stream)
    assert "ETA 221:06:40" in stream.getvalue()
