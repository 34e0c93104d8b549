"""A free TCP port on this machine, for the services Warta's commands, tests and benchmarks
start on 127.0.0.1 (nginx, Varnish, PgBouncer, a replica, the S3 server, app hosts, the
mail drop)."""

from __future__ import annotations

import socket


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS had free a moment ago (bind to 0, read it, release it)."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])
