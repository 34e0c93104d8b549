"""No server runs on a published secret key: `warta serve` and the demo use a key generated for
the install (var/secret_key, 0600, the same for every process), a published SECRET_KEY stops
start-up, and production still requires SECRET_KEY."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys

import pytest

from warta.alerts.vapid import generate_pair
from warta.core.security.secretkey import PUBLISHED, PublishedSecretKey, install_key, secret_key

OLD_DEFAULT = "insecure-dev-key-change-me"
PRINT_KEY = "from django.conf import settings; print(settings.SECRET_KEY)"


def settings_key(module: str, var_dir, **env) -> subprocess.CompletedProcess:
    """settings.SECRET_KEY as a fresh process with these settings sees it."""
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "ALLOWED_HOSTS")}
    environ = {**clean, "DJANGO_SETTINGS_MODULE": module, "WARTA_VAR_DIR": str(var_dir), **env}
    code = f"import django; django.setup(); {PRINT_KEY}"
    return subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, timeout=120
    )


def test_serve_and_demo_settings_use_the_installs_own_key(tmp_path):
    served = settings_key("warta.settings.serve", tmp_path)
    assert served.returncode == 0, served.stderr
    key = served.stdout.strip()
    assert key != OLD_DEFAULT and len(key) >= 50
    kept = tmp_path / "secret_key"
    assert kept.read_text().strip() == key
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    # `make demo` builds with the dev settings, then serves: one key for both, every time.
    assert settings_key("warta.settings.dev", tmp_path).stdout.strip() == key
    assert settings_key("warta.settings.serve", tmp_path).stdout.strip() == key
    other_install = settings_key("warta.settings.serve", tmp_path / "lain")
    assert other_install.stdout.strip() not in ("", key)


@pytest.mark.parametrize("published", [OLD_DEFAULT, "change-me-to-a-long-random-string"])
def test_serve_refuses_to_start_on_a_published_key(tmp_path, published):
    refused = settings_key("warta.settings.serve", tmp_path, SECRET_KEY=published)
    assert refused.returncode != 0
    assert "SECRET_KEY is a published value" in refused.stderr


def test_production_requires_a_secret_key_and_refuses_a_published_one(tmp_path):
    public, private = generate_pair()  # production also requires the Web Push pair
    hosts = {
        "ALLOWED_HOSTS": "warta.example",
        "WARTA_VAPID_PUBLIC_KEY": public,
        "WARTA_VAPID_PRIVATE_KEY": private,
        "WARTA_VAPID_SUBJECT": "mailto:redaksi@warta.example",
    }
    missing = settings_key("warta.settings.production", tmp_path, **hosts)
    assert missing.returncode != 0
    assert "The environment variable SECRET_KEY is required" in missing.stderr
    assert not (tmp_path / "secret_key").exists()  # never generated in production
    published = settings_key("warta.settings.production", tmp_path, SECRET_KEY=OLD_DEFAULT, **hosts)
    assert published.returncode != 0 and "published value" in published.stderr
    own = "k" * 20 + "-sendiri-" + "x" * 30
    accepted = settings_key("warta.settings.production", tmp_path, SECRET_KEY=own, **hosts)
    assert accepted.stdout.strip() == own


def test_an_environment_key_wins_over_the_kept_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "kunci-dari-lingkungan-" + "z" * 40)
    assert secret_key(keep_in=tmp_path).startswith("kunci-dari-lingkungan-")
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize("published", sorted(PUBLISHED) + ["django-insecure-abc123"])
def test_published_keys_are_refused(monkeypatch, tmp_path, published):
    monkeypatch.setenv("SECRET_KEY", published)
    with pytest.raises(PublishedSecretKey):
        secret_key(keep_in=tmp_path)


def test_a_kept_key_with_a_published_value_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text(OLD_DEFAULT + "\n")
    with pytest.raises(PublishedSecretKey):
        secret_key(keep_in=tmp_path)


ROUNDS = 30


def _race(folder, barrier, results) -> None:
    keys = []
    for round_ in range(ROUNDS):
        barrier.wait()  # every process starts each round together
        keys.append(install_key(folder / f"round-{round_}" / "secret_key"))
    results.put(keys)


def test_processes_starting_at_once_agree_on_one_key(tmp_path):
    """Granian's workers and the task worker start together: whoever creates the key first,
    all of them read that one (it is never seen half written, never replaced)."""
    context = multiprocessing.get_context("fork")
    count = 6
    barrier, results = context.Barrier(count), context.Queue()
    workers = [
        context.Process(target=_race, args=(tmp_path, barrier, results)) for _ in range(count)
    ]
    for worker in workers:
        worker.start()
    per_worker = [results.get(timeout=120) for _ in range(count)]
    for worker in workers:
        worker.join(timeout=60)
    for round_ in range(ROUNDS):
        folder = tmp_path / f"round-{round_}"
        assert {keys[round_] for keys in per_worker} == {
            (folder / "secret_key").read_text().strip()
        }, f"round {round_}: processes disagree"
        assert [p.name for p in folder.iterdir()] == ["secret_key"]  # no temporary left
