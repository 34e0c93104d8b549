"""The shipped HAProxy configuration (deploy/haproxy/warta.cfg) as warta.core.ops.apphosts
renders it: valid for HAProxy itself, one server line per app host, each actively checked
at /healthz, and GET/HEAD only retried on another host."""

import os
import shutil
import subprocess

import pytest

from warta.core.ops.apphosts import DEPLOY, HAProxySetup, haproxy_config


@pytest.fixture
def haproxy():
    if shutil.which("haproxy") is None:
        if os.environ.get("WARTA_REQUIRE_BROWSER"):
            pytest.fail("haproxy is missing: apt-get install haproxy")
        pytest.skip("haproxy is missing: apt-get install haproxy")


def test_shipped_config_is_valid(haproxy):
    checked = subprocess.run(
        ["haproxy", "-c", "-f", str(DEPLOY / "warta.cfg")], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr


def test_rendered_config_lists_every_host(haproxy, tmp_path):
    setup = HAProxySetup(
        servers=["127.0.0.1:9101", "127.0.0.1:9102", "10.0.0.3:8000"],
        listen="127.0.0.1:9100",
        pidfile=str(tmp_path / "haproxy.pid"),
        stats_socket=str(tmp_path / "haproxy.sock"),
        maxconn=1000,
    )
    text = haproxy_config(setup)
    servers = [line.split() for line in text.splitlines() if line.startswith("    server ")]
    assert servers == [
        ["server", "app1", "127.0.0.1:9101"],
        ["server", "app2", "127.0.0.1:9102"],
        ["server", "app3", "10.0.0.3:8000"],
    ]
    assert "bind 127.0.0.1:9100" in text and "maxconn 1000" in text
    assert "http-check send meth GET uri /healthz" in text
    assert "http-request disable-l7-retry unless METH_GET || METH_HEAD" in text
    assert str(tmp_path / "haproxy.sock") in text and "/run/" not in text
    config = tmp_path / "haproxy.cfg"
    config.write_text(text)
    checked = subprocess.run(["haproxy", "-c", "-f", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
