"""The WordPress import's dry run and its JSON report file.

- `rolled_back()`: everything the import writes inside it is undone: one transaction around
  the whole run (each post's own becomes a savepoint), rolled back at the end; work queued for
  after the commit (purges, renditions, related articles) is dropped, cache purges are held,
  and image files stored meanwhile are deleted. The report is the one a real run prints.
- `ReportFile`: every item's fate streamed to disk as it is decided (a line of JSON each),
  then totals, the report's counts, failures, warnings and the parser's issues. Memory stays
  flat whatever the number of items; the file is written under a temporary name and moved into
  place when complete, also when the run was interrupted (then `"interrupted": true`)."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_save

from warta.core.pagecache import purges_held
from warta.ingest.wordpress import ItemFate, WordPressReport


@contextmanager
def rolled_back() -> Iterator[Callable[[], None]]:
    """Run the block in a transaction that is rolled back, leaving no rows, files, purges or
    tasks behind. Yields `settle`, to call between posts: it drops the after-commit work queued
    so far (it would be dropped at the rollback anyway), so a long dry run keeps no list of it."""
    stored: list[tuple[type[models.Model], models.FileField, str]] = []

    def remember_files(sender, instance, created: bool = False, raw: bool = False, **kwargs):
        if not created or raw:
            return
        for model_field in instance._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                name = getattr(instance, model_field.attname).name
                if name:
                    stored.append((sender, model_field, name))

    def settle() -> None:
        connection = transaction.get_connection()
        if connection.in_atomic_block and len(connection.savepoint_ids) == 0:
            connection.run_on_commit.clear()

    uid = f"warta-dry-run-{id(stored)}"
    post_save.connect(remember_files, weak=False, dispatch_uid=uid)
    try:
        with purges_held(), transaction.atomic():
            yield settle
            transaction.set_rollback(True)
    finally:
        post_save.disconnect(dispatch_uid=uid)
        _delete_unreferenced(stored)


def _delete_unreferenced(stored: list[tuple[type[models.Model], models.FileField, str]]) -> None:
    """Delete the files of rows the rollback removed, unless a row still names the file."""
    for model, model_field, name in stored:
        if not model._default_manager.filter(**{model_field.name: name}).exists():
            model_field.storage.delete(name)


class ReportFile:
    """`--report FILE.json`: {"export", "site", "dry_run", "started_at", "items": [...],
    "totals", "counts", "failed", "warnings", "issues", "interrupted", "finished_at"}.
    Each item is {"kind", "wp_id", "title", "fate", "reason", "url"}; `totals` counts fates
    per kind and over all kinds ("all")."""

    def __init__(self, path: Path, *, export: Path, site: str, dry_run: bool) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".part")
        self.totals: Counter[tuple[str, str]] = Counter()
        self.handle = self.partial.open("w", encoding="utf-8")
        head = {
            "export": str(export),
            "site": site,
            "dry_run": dry_run,
            "started_at": _now(),
        }
        self.handle.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "items": [')
        self.first = True

    def add(self, item: ItemFate) -> None:
        self.totals[(item.kind, item.fate)] += 1
        self.handle.write("\n" if self.first else ",\n")
        self.handle.write(json.dumps(asdict(item), ensure_ascii=False))
        self.first = False

    def fates(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {"all": {}}
        for (kind, fate), count in sorted(self.totals.items()):
            out.setdefault(kind, {})[fate] = count
            out["all"][fate] = out["all"].get(fate, 0) + count
        return out

    def close(self, report: WordPressReport, issues: list[Any], *, interrupted: bool) -> None:
        counts = {
            name: getattr(report, name)
            for name in (
                "created",
                "updated",
                "unchanged",
                "scheduled",
                "drafts",
                "images",
                "redirects",
                "channels",
                "authors",
            )
        }
        tail = {
            "totals": self.fates(),
            "counts": counts,
            "failed": report.failed,
            "warnings": report.warnings,
            "issues": [asdict(i) if is_dataclass(i) else vars(i) for i in issues],
            "interrupted": interrupted,
            "finished_at": _now(),
        }
        self.handle.write("\n], " + json.dumps(tail, ensure_ascii=False, default=str)[1:] + "\n")
        self.handle.close()
        os.replace(self.partial, self.path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
