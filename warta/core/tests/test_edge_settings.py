"""WARTA_EDGE chooses the edge Warta purges by key (warta.core.pagecache.edge), from the
environment alone; a chosen edge without its credentials stops start-up with the reason."""

import json
import os
import subprocess
import sys

EDGE_VARIABLES = ("WARTA_EDGE", "WARTA_FASTLY", "WARTA_CLOUDFLARE", "WARTA_VARNISH")
SHOW = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps(getattr(settings, 'WAGTAILFRONTENDCACHE', None)))"
)


def settings_with(**variables: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(EDGE_VARIABLES)}
    env |= {"DJANGO_SETTINGS_MODULE": "warta.settings.dev", "WARTA_FRONTEND_PURGE_URL": ""}
    return subprocess.run(
        [sys.executable, "-c", SHOW], env=env | variables, capture_output=True, text=True
    )


def test_varnish_edge_purges_every_varnish_and_nothing_by_default():
    assert json.loads(settings_with().stdout) is None
    shown = settings_with(
        WARTA_EDGE="varnish",
        WARTA_VARNISH_PURGE_URLS="http://10.0.0.5:6081,http://10.0.0.6:6081",
        WARTA_FRONTEND_PURGE_URL="http://127.0.0.1:8081",
    )
    assert json.loads(shown.stdout) == {
        "nginx": {
            "BACKEND": "warta.core.pagecache.frontend.NginxPurgeBackend",
            "LOCATION": "http://127.0.0.1:8081",
        },
        "varnish": {
            "BACKEND": "warta.core.pagecache.edge.VarnishXkeyBackend",
            "LOCATIONS": ["http://10.0.0.5:6081", "http://10.0.0.6:6081"],
            "SOFT": False,
        },
    }


def test_an_edge_without_its_credentials_stops_start_up():
    shown = settings_with(WARTA_EDGE="fastly", WARTA_FASTLY_SERVICE_ID="abc")
    assert shown.returncode != 0
    assert "The environment variable WARTA_FASTLY_API_TOKEN is required" in shown.stderr
    shown = settings_with(WARTA_EDGE="akamai")
    assert shown.returncode != 0
    assert "WARTA_EDGE='akamai': expected varnish, fastly or cloudflare" in shown.stderr
