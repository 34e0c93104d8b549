"""The configuration files of deploy/compose/ (the whole topology on one Docker host),
rendered from the shipped ones (deploy/haproxy, deploy/varnish, deploy/pgbouncer) with the
compose services' names, so the compose copy never drifts from what the tests and
bench/cluster.py run. `python -m warta.core.ops.compose` rewrites them; a test fails while a
committed copy differs from its rendering."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from warta.core.ops.apphosts import HAProxySetup, haproxy_config
from warta.core.ops.pgbouncer import PgBouncerSetup
from warta.core.ops.pgbouncer import config as pgbouncer_config
from warta.core.ops.varnish import VarnishSetup, render_vcl

COMPOSE = Path(__file__).resolve().parents[3] / "deploy" / "compose"
APP_HOSTS = ["web1:8000", "web2:8000"]  # the compose services running `warta serve`
# Docker's private networks: the app hosts and workers that send PURGE requests.
PRIVATE_NETWORKS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
HEADER = "# Rendered by `python -m warta.core.ops.compose` from {source}: edit that, not this.\n"


def rendered() -> dict[str, str]:
    haproxy = haproxy_config(
        HAProxySetup(
            servers=APP_HOSTS,
            listen="*:80",
            pidfile="/tmp/haproxy-warta.pid",  # noqa: S108 - inside the container
            stats_socket="/tmp/haproxy-warta.sock",  # noqa: S108
        )
    )
    # Docker's DNS answers for web1/web2 once their containers exist; a host missing at start
    # is taken in when it appears, instead of stopping HAProxy.
    haproxy = haproxy.replace(
        "    default-server check ", "    default-server init-addr last,libc,none check ", 1
    )
    vcl = render_vcl(VarnishSetup(backends=["lb:80"], purge_networks=PRIVATE_NETWORKS))
    bouncer = pgbouncer_config(PgBouncerSetup(server_host="db", workdir=Path("/var/run/pgbouncer")))
    bouncer = re.sub(r"^listen_addr = .*$", "listen_addr = 0.0.0.0", bouncer, flags=re.M)
    bouncer = re.sub(r"^admin_users = .*$", "admin_users = warta", bouncer, flags=re.M)
    return {
        "haproxy.cfg": HEADER.format(source="deploy/haproxy/warta.cfg") + haproxy,
        # VCL must open with its version line.
        "warta.vcl": vcl.replace(
            "vcl 4.1;", "vcl 4.1;\n" + HEADER.format(source="deploy/varnish/warta.vcl"), 1
        ),
        "pgbouncer.ini": HEADER.format(source="deploy/pgbouncer/pgbouncer.ini").replace("#", ";")
        + bouncer,
    }


def main() -> None:
    for name, text in rendered().items():
        (COMPOSE / name).write_text(text)
        print(f"wrote deploy/compose/{name}", file=sys.stderr)


if __name__ == "__main__":
    main()
