"""The shipped Varnish configuration (deploy/varnish/warta.vcl) with a machine's app hosts, port
and purge network, and a throwaway varnishd to run it: for the cluster benchmark
(bench/cluster.py, bench/cluster_parts/edge.py) and the integration test."""

from __future__ import annotations

import ipaddress
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from warta.core.ops.ports import free_port

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "varnish"  # warta/core/ops/ -> checkout
BACKENDS = re.compile(r"# BEGIN BACKENDS.*?# END BACKENDS\n", re.S)
PURGE_NETWORK = re.compile(r"^\s*# PURGE NETWORK.*\n", re.M)


@dataclass
class VarnishSetup:
    backends: list[str] = field(default_factory=lambda: ["127.0.0.1:8000"])  # warta serve hosts
    listen: str = ""  # "127.0.0.1:6081"; empty: a free port on 127.0.0.1
    # Networks besides this host allowed to PURGE (Warta's app and worker hosts), CIDR.
    purge_networks: list[str] = field(default_factory=list)
    storage: str = "malloc,256m"
    health_host: str = "localhost"  # the Host of the health probe: one of ALLOWED_HOSTS
    health_interval: str = "2s"
    params: dict[str, str] = field(default_factory=dict)  # extra varnishd -p settings


def render_vcl(setup: VarnishSetup) -> str:
    """deploy/varnish/warta.vcl for this setup: one health-checked backend per app host
    behind a round-robin director, and the purge network in the ACL."""
    text = (DEPLOY / "warta.vcl").read_text()
    block = BACKENDS.search(text)
    assert block is not None, "deploy/varnish/warta.vcl lost its BEGIN/END BACKENDS markers"
    probe = re.search(r"probe warta_health \{.*?\n\}\n", block.group(0), re.S)
    assert probe is not None
    probe_text = probe.group(0).replace('"Host: localhost"', f'"Host: {setup.health_host}"')
    probe_text = probe_text.replace(".interval = 2s;", f".interval = {setup.health_interval};")
    backends, adds = [], []
    for number, address in enumerate(setup.backends, start=1):
        host, _, port = address.rpartition(":")
        backends.append(
            f"backend app{number} {{\n"
            f'    .host = "{host}";\n'
            f'    .port = "{port}";\n'
            "    .probe = warta_health;\n"
            "    .connect_timeout = 2s;\n"
            "    .first_byte_timeout = 30s;\n"
            "    .between_bytes_timeout = 10s;\n"
            "}\n"
        )
        adds.append(f"    warta.add_backend(app{number});\n")
    rendered = (
        "# BEGIN BACKENDS (rendered by warta/core/ops/varnish.py)\n"
        + probe_text
        + "\n"
        + "\n".join(backends)
        + "\nsub vcl_init {\n    new warta = directors.round_robin();\n"
        + "".join(adds)
        + "}\n# END BACKENDS\n"
    )
    text = text[: block.start()] + rendered + text[block.end() :]
    networks = ""
    for network in setup.purge_networks:
        parsed = ipaddress.ip_network(network, strict=False)
        networks += f'    "{parsed.network_address}"/{parsed.prefixlen};\n'
    return PURGE_NETWORK.sub(lambda _: networks, text, count=1)


@dataclass
class RunningVarnish:
    url: str  # readers' address, also where PURGE goes (WARTA_VARNISH_PURGE_URLS)
    pid: int
    workdir: Path
    process: subprocess.Popen

    @property
    def purge_url(self) -> str:
        return self.url


def varnishd_missing() -> str | None:
    """Why varnishd with vmod xkey cannot run here, or None."""
    if shutil.which("varnishd") is None:
        return "varnishd is missing: apt-get install varnish varnish-modules"
    vmods = list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"))
    if not vmods:
        return "vmod xkey is missing: apt-get install varnish-modules"
    return None


def varnish_command(setup: VarnishSetup, workdir: Path) -> list[str]:
    vcl = workdir / "warta.vcl"
    vcl.write_text(render_vcl(setup))
    command = [
        "varnishd",
        "-F",  # in the foreground: the caller owns the process
        "-n",
        str(workdir / "varnish"),
        "-a",
        setup.listen,
        "-f",
        str(vcl),
        "-s",
        setup.storage,
        "-T",
        "none",  # no management port to collide with anything
    ]
    if os.geteuid() == 0:
        command += ["-j", "none"]  # as root: no switch to the varnish user, who cannot read tmp
    for name, value in setup.params.items():
        command += ["-p", f"{name}={value}"]
    return command


def start_varnish(setup: VarnishSetup, workdir: Path, *, timeout: float = 30) -> RunningVarnish:
    """varnishd in the foreground of its own process group, listening when this returns."""
    workdir.mkdir(parents=True, exist_ok=True)
    if not setup.listen:
        setup.listen = f"127.0.0.1:{free_port()}"
    log = open(workdir / "varnishd.log", "w")  # noqa: SIM115 - lives as long as the process
    command = varnish_command(setup, workdir)
    process = subprocess.Popen(
        command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    host, _, port = setup.listen.rpartition(":")
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"varnishd stopped ({process.returncode}): "
                + (workdir / "varnishd.log").read_text()[-2000:]
            )
        try:
            socket.create_connection((host, int(port)), timeout=0.2).close()
            break
        except OSError as error:
            if time.monotonic() > deadline:
                stop_varnish_process(process)
                message = f"varnishd did not listen on {setup.listen} in {timeout} s"
                raise RuntimeError(message) from error
            time.sleep(0.05)
    return RunningVarnish(f"http://{setup.listen}", process.pid, workdir, process)


def stop_varnish_process(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def stop_varnish(running: RunningVarnish) -> None:
    stop_varnish_process(running.process)


@contextmanager
def running_varnish(setup: VarnishSetup, workdir: Path) -> Iterator[RunningVarnish]:
    running = start_varnish(setup, workdir)
    try:
        yield running
    finally:
        stop_varnish(running)
