"""Backups of everything that cannot be rebuilt: the database and the media files.

One archive (`warta-backup-<time>.tar.gz`) holds `manifest.json`, the database (SQLite: a
consistent online copy through SQLite's backup API; PostgreSQL: `pg_dump --format=custom`),
`media/` and `private/` (WARTA_PRIVATE_MEDIA_ROOT: documents). Restoring checks the manifest
first, then replaces the database and both folders; documents in an older archive's media/
are moved to the private root (warta.core.media.storage)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from wagtail.models import Page, Revision

from warta.core.media.storage import move_legacy_documents
from warta.core.models import WartaImage
from warta.core.sites.pages import base_story_types

FORMAT = 1


class BackupError(RuntimeError):
    """The backup or restore cannot be done; the message says why and what to do."""


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"database {vendor!r} is not supported (SQLite or PostgreSQL)")
    return vendor


def _pg_env() -> tuple[list[str], dict]:
    params = connection.get_connection_params()
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args = ["--dbname", str(params.get("dbname") or connection.settings_dict["NAME"])]
    for flag, key in (("--host", "host"), ("--port", "port"), ("--username", "user")):
        if params.get(key):
            args += [flag, str(params[key])]
    return args, env


def _run(command: list[str], env: dict) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client)")
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:500]}")


def counts() -> dict:
    """What a restore must bring back, for the manifest and for checking."""
    return {
        "pages": Page.objects.count(),
        "articles": sum(model.objects.count() for model in base_story_types()),
        "revisions": Revision.objects.count(),
        "images": WartaImage.objects.count(),
    }


def create_backup(output_dir: Path) -> Path:
    engine = _engine()
    output_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    archive = output_dir / f"warta-backup-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "db.sqlite3")
            with target:
                connection.connection.backup(target)  # consistent while the site runs
            target.close()
            db_name = "db.sqlite3"
        else:
            args, env = _pg_env()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    str(work / "db.pgdump"),
                    *args,
                ],
                env,
            )
            db_name = "db.pgdump"
        manifest = {
            "format": FORMAT,
            "engine": engine,
            "database": db_name,
            "created_at": datetime.now(UTC).isoformat(),
            "counts": counts(),
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2))
        with tarfile.open(archive, "w:gz") as tar:
            tar.add(work / "manifest.json", arcname="manifest.json")
            tar.add(work / db_name, arcname=db_name)
            for folder, arcname in (
                (settings.MEDIA_ROOT, "media"),
                (settings.WARTA_PRIVATE_MEDIA_ROOT, "private"),
            ):
                if Path(folder).is_dir():
                    tar.add(folder, arcname=arcname)
    return archive


def read_manifest(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r:gz") as tar:
            member = tar.extractfile("manifest.json")
            manifest = json.loads(member.read()) if member else None
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} is not a Warta backup: {error}") from error
    if not manifest or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} has no readable manifest (format {FORMAT} expected)")
    return manifest


def restore_backup(archive: Path) -> dict:
    """Replace the database and media with the archive's. Returns the manifest."""
    manifest = read_manifest(archive)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup is from {manifest['engine']}, this site runs {engine}; "
            "restore it on the same kind of database"
        )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")  # no absolute paths, links or devices
        database = work / manifest["database"]
        if engine == "sqlite":
            source = sqlite3.connect(database)
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        else:
            args, env = _pg_env()
            connection.close()  # pg_restore drops tables this connection may hold
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    str(database),
                ],
                env,
            )
        media_root = Path(settings.MEDIA_ROOT)
        restored_media = work / "media"
        if restored_media.is_dir():
            if media_root.exists():
                shutil.rmtree(media_root)
            shutil.copytree(restored_media, media_root)
        private_root = Path(settings.WARTA_PRIVATE_MEDIA_ROOT)
        if private_root.exists():
            shutil.rmtree(private_root)  # the archive's documents only, as in its database
        if (work / "private").is_dir():
            shutil.copytree(work / "private", private_root)
        move_legacy_documents(commit=True)  # an archive from before documents moved out

    for alias in settings.CACHES:
        caches[alias].clear()  # pages and lists from before the restore must not be served
    return manifest
