"""`warta serve`'s own file routes (granian's static routes, no nginx in front): images are
served from media, and no media URL, whatever the path trick, reaches a document file, not
even one still lying in the public media folder from before documents had their own root."""

import http.client
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command

from warta.core.management.commands import serve as serve_command
from warta.core.ops.ports import free_port
from warta.core.tests.test_private_documents import media_urls

SECRET = b"%PDF-1.4 notulen rapat redaksi: RAHASIA"
PHOTO = b"\xff\xd8\xff\xe0 not really a jpeg"
# Everything granian does not serve itself reaches this application instead of Warta's.
STUB_APP = """
def app(environ, start_response):
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"aplikasi"]
"""


def raw_get(port: int, path: str) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)  # sent as written: no normalising of `..` or `%2e`
    response = connection.getresponse()
    answer = response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    connection.close()
    return answer


@pytest.fixture
def granian(tmp_path, settings, monkeypatch):
    """The granian command `warta serve` runs, with a stub in place of Warta's application."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WARTA_PRIVATE_MEDIA_ROOT = tmp_path / "private"
    Path(settings.STATIC_ROOT).mkdir()
    for folder in ("images", "original_images", "documents"):
        (settings.MEDIA_ROOT / folder).mkdir(parents=True)
    (settings.MEDIA_ROOT / "images" / "foto.width-100.jpg").write_bytes(PHOTO)
    (settings.MEDIA_ROOT / "original_images" / "foto.jpg").write_bytes(PHOTO)
    (settings.MEDIA_ROOT / "documents" / "notulen.pdf").write_bytes(SECRET)  # not yet moved
    (settings.WARTA_PRIVATE_MEDIA_ROOT / "documents").mkdir(parents=True)
    (settings.WARTA_PRIVATE_MEDIA_ROOT / "documents" / "notulen.pdf").write_bytes(SECRET)
    (tmp_path / "stub.py").write_text(STUB_APP)

    launched: list[list[str]] = []
    real_popen = subprocess.Popen
    monkeypatch.setattr(serve_command.subprocess, "Popen", lambda args, **kw: launched.append(args))
    monkeypatch.setattr(serve_command.Command, "_supervise", lambda self, children: None)
    port = free_port()
    call_command(
        "serve",
        "--port",
        str(port),
        "--workers",
        "1",
        "--skip-collectstatic",
        "--no-worker",
        "--no-mail-server",
        stdout=sys.stderr,
    )
    (server,) = launched
    assert server[-1] == "warta.wsgi:application"
    process = real_popen([*server[:-1], "--working-dir", str(tmp_path), "stub:app"])
    started = time.monotonic()
    while time.monotonic() - started < 15:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


def test_warta_serve_serves_images_and_no_document(granian):
    for url in ("/media/images/foto.width-100.jpg", "/media/original_images/foto.jpg"):
        status, headers, body = raw_get(granian, url)
        assert (status, body) == (200, PHOTO), url
        assert headers["content-type"] == "image/jpeg"
        assert "content-encoding" not in headers
    for url in media_urls("documents/notulen.pdf"):
        status, _, body = raw_get(granian, url)
        assert status in (400, 404), (url, status)
        assert SECRET not in body, url


def test_warta_serve_on_a_laptop_starts_the_mail_server_that_prints_mail(monkeypatch):
    launched: list[list[str]] = []
    monkeypatch.setattr(serve_command.subprocess, "Popen", lambda args, **kw: launched.append(args))
    monkeypatch.setattr(serve_command.Command, "_supervise", lambda self, children: None)
    common = ["serve", "--skip-collectstatic", "--no-worker", "--mail-port", "8125"]
    call_command(*common, "--settings-module", "warta.settings.serve", stdout=sys.stderr)
    assert [args[-3:] for args in launched[1:]] == [["mailserver", "--port", "8125"]]
    launched.clear()
    call_command(*common, "--settings-module", "warta.settings.production", stdout=sys.stderr)
    assert len(launched) == 1  # production mail goes to its own SMTP server or provider
