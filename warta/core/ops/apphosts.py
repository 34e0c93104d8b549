"""Many app hosts on one machine: N `warta serve` processes sharing one database and Redis
(each on its own port, as separate machines would be), and the shipped HAProxy
(deploy/haproxy/warta.cfg) in front of them with this machine's ports and paths. For the
integration test (tests/integration/test_app_hosts.py) and bench/cluster_parts/hosts.py."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from warta.core.ops.ports import free_port

CHECKOUT = Path(__file__).resolve().parents[3]  # warta/core/ops/ -> the checkout
DEPLOY = CHECKOUT / "deploy" / "haproxy"


@dataclass
class HAProxySetup:
    servers: list[str]  # host:port of each app host
    listen: str = "127.0.0.1:8080"
    pidfile: str = "/run/haproxy-warta.pid"
    stats_socket: str = "/run/haproxy-warta.sock"
    maxconn: int = 20000  # needs twice as many open files (a test machine: fewer)


def haproxy_config(setup: HAProxySetup) -> str:
    """deploy/haproxy/warta.cfg for this setup: its own listen address, pid file and stats
    socket, and one `server` line per app host."""
    lines = []
    for line in (DEPLOY / "warta.cfg").read_text().splitlines():
        if line.startswith("    server app"):
            continue
        lines.append(line)
    text = "\n".join(lines).rstrip("\n") + "\n"
    text += "".join(f"    server app{i} {address}\n" for i, address in enumerate(setup.servers, 1))
    return (
        text.replace("bind 127.0.0.1:8080", f"bind {setup.listen}")
        .replace("/run/haproxy-warta.pid", setup.pidfile)
        .replace("/run/haproxy-warta.sock", setup.stats_socket)
        .replace("    maxconn 20000\n", f"    maxconn {setup.maxconn}\n")
    )


@dataclass
class AppHost:
    url: str
    port: int
    pid: int  # `warta serve`, leader of its process group (granian and its workers)
    log: Path


@dataclass
class AppCluster:
    lb_url: str  # HAProxy, or the first host when started without it
    hosts: list[AppHost]
    lb_pid: int | None = None
    stats_socket: Path | None = None
    _processes: dict[int, subprocess.Popen] = field(default_factory=dict, repr=False)

    def kill(self, index: int, sig: int = signal.SIGKILL) -> None:
        """A host dies (SIGKILL to `warta serve`, granian and its workers at once)."""
        kill_host(self.hosts[index].pid, sig)
        self._processes[self.hosts[index].pid].wait(timeout=10)

    def server_states(self) -> dict[str, str]:
        """HAProxy's view of each host (UP, DOWN, …) from its stats socket."""
        if self.stats_socket is None:
            return {}
        with socket.socket(socket.AF_UNIX) as s:
            s.connect(str(self.stats_socket))
            s.sendall(b"show stat\n")
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        states = {}
        for row in data.decode().splitlines()[1:]:
            cols = row.split(",")
            if len(cols) > 17 and cols[0] == "warta_app" and cols[1].startswith("app"):
                states[cols[1]] = cols[17]
        return states


def kill_host(pid: int, sig: int = signal.SIGKILL) -> None:
    with suppress(ProcessLookupError):
        os.killpg(pid, sig)


def wait_until_up(url: str, deadline: float, process: subprocess.Popen | None = None) -> None:
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - 127.0.0.1
                if response.status == 200:
                    return
        except (OSError, urllib.error.HTTPError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up in time")
        time.sleep(0.1)


def serve_command(port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "warta.manage",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-worker",  # worker hosts are their own tier
        "--no-mail-server",
        "--skip-collectstatic",  # collected once for every host (or a plain static storage)
    ]


@contextmanager
def app_hosts(
    workdir: Path,
    env: dict[str, str],
    *,
    count: int = 2,
    workers: int = 1,
    balancer: bool = True,
    timeout: float = 90,
) -> Iterator[AppCluster]:
    """Start `count` app hosts with `env` (DATABASE_URL, REDIS_URL, SECRET_KEY … shared by
    all; each gets its own WARTA_VAR_DIR under `workdir`) and, with `balancer`, HAProxy in
    front; yield their addresses once every host and the balancer answer /healthz; stop
    everything afterwards (hosts already killed included)."""
    if balancer and shutil.which("haproxy") is None:
        raise FileNotFoundError("haproxy is missing (apt-get install haproxy)")
    workdir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + timeout
    processes: dict[int, subprocess.Popen] = {}
    with ExitStack() as stack:

        def stop() -> None:
            for process in processes.values():
                if process.poll() is None:
                    kill_host(process.pid, signal.SIGTERM)
            for process in processes.values():
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    kill_host(process.pid, signal.SIGKILL)
                    process.wait()

        stack.callback(stop)
        hosts = []
        for index in range(count):
            port = free_port()
            var = workdir / f"host{index + 1}"
            var.mkdir(exist_ok=True)
            host_env = {
                "WARTA_VAR_DIR": str(var),
                **env,
                "WARTA_SERVE_PORT": str(port),
            }
            (Path(host_env.get("WARTA_STATIC_ROOT", var / "static"))).mkdir(
                parents=True, exist_ok=True
            )
            log = var / "serve.log"
            with open(log, "ab") as out:
                process = subprocess.Popen(
                    serve_command(port, workers),
                    env=host_env,
                    cwd=CHECKOUT,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            processes[process.pid] = process
            hosts.append(AppHost(f"http://127.0.0.1:{port}", port, process.pid, log))
        for host in hosts:
            wait_until_up(host.url + "/healthz", deadline, processes[host.pid])
        cluster = AppCluster(lb_url=hosts[0].url, hosts=hosts, _processes=processes)
        if balancer:
            port = free_port()
            setup = HAProxySetup(
                servers=[f"127.0.0.1:{h.port}" for h in hosts],
                listen=f"127.0.0.1:{port}",
                pidfile=str(workdir / "haproxy.pid"),
                stats_socket=str(workdir / "haproxy.sock"),
                maxconn=2000,
            )
            config = workdir / "haproxy.cfg"
            config.write_text(haproxy_config(setup))
            with open(workdir / "haproxy.log", "ab") as out:
                lb = subprocess.Popen(
                    ["haproxy", "-db", "-f", str(config)],
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            processes[lb.pid] = lb
            cluster.lb_url, cluster.lb_pid = f"http://127.0.0.1:{port}", lb.pid
            cluster.stats_socket = workdir / "haproxy.sock"
            wait_until_up(cluster.lb_url + "/healthz", deadline, lb)
            # Every host checked and UP before anyone counts on the balancer.
            while set(cluster.server_states().values()) != {"UP"}:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"hosts not UP: {cluster.server_states()}")
                time.sleep(0.05)
        yield cluster
