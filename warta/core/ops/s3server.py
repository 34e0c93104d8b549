"""A real S3-compatible server on this machine for tests and benchmarks: OpenStack Swift
(Debian's `swift swift-proxy swift-object swift-container swift-account`) as a single-node
"Swift all in one" in a temp dir, its proxy speaking S3 through the s3api middleware (auth by
tempauth: access key `test:tester`, secret `testing`).

Anonymous readers fetch public media through Swift's own API (`/v1/AUTH_test/<bucket>/…`,
the container's read ACL `.r:*`, set by an S3 `public-read` canned ACL): that address plays
the part of the CDN or custom domain in front of a bucket (WARTA_S3_PUBLIC_URL). Documents
go to a second bucket that nobody reads anonymously."""

from __future__ import annotations

import getpass
import os
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from warta.core.ops.ports import free_port

# The Debian packages; CI installs them (.ci/run).
BINARIES = (
    "swift-proxy-server",
    "swift-object-server",
    "swift-container-server",
    "swift-account-server",
)
ACCESS_KEY = "test:tester"
SECRET_KEY = "testing"  # noqa: S105 - tempauth's throwaway test user
ACCOUNT = "AUTH_test"


@dataclass
class S3Server:
    endpoint_url: str  # the S3 API (path-style requests)
    public_url: str  # anonymous reads of the public bucket (the "custom domain")
    bucket: str
    private_bucket: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    region: str = "us-east-1"
    pids: list[int] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        """The environment that points Warta at this server (warta.settings.base)."""
        return {
            "WARTA_S3_BUCKET": self.bucket,
            "WARTA_S3_PRIVATE_BUCKET": self.private_bucket,
            "WARTA_S3_ENDPOINT_URL": self.endpoint_url,
            "WARTA_S3_REGION": self.region,
            "WARTA_S3_ACCESS_KEY_ID": self.access_key,
            "WARTA_S3_SECRET_ACCESS_KEY": self.secret_key,
            "WARTA_S3_PUBLIC_URL": self.public_url,
        }

    def client(self):  # a boto3 S3 client (untyped: boto3 ships no stubs here)
        import boto3  # type: ignore[import-untyped]
        from botocore.config import Config  # type: ignore[import-untyped]

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name=self.region,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
        )


def missing_binaries() -> list[str]:
    return [name for name in BINARIES if shutil.which(name) is None]


STORAGE_SERVER = """[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
devices = {devices}
mount_check = false
swift_dir = {swift_dir}
workers = 0
user = {user}
log_level = WARNING

[pipeline:main]
pipeline = {kind}-server

[app:{kind}-server]
use = egg:swift#{kind}
"""

# s3api before the auth middleware, as Swift's docs order them.
PIPELINE = (
    "catch_errors gatekeeper proxy-logging cache listing_formats s3api tempauth copy slo dlo "
    "proxy-logging proxy-server"
)
PROXY_SERVER = """[DEFAULT]
bind_ip = 127.0.0.1
bind_port = {port}
swift_dir = {swift_dir}
workers = 0
user = {user}
log_level = WARNING

[pipeline:main]
pipeline = {pipeline}

[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
allow_account_management = true

[filter:s3api]
use = egg:swift#s3api
location = us-east-1

[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin

[filter:cache]
use = egg:swift#memcache
# No memcached: tempauth checks S3 signatures with the key above on every request.
memcache_servers = 127.0.0.1:{memcache_port}

[filter:catch_errors]
use = egg:swift#catch_errors

[filter:gatekeeper]
use = egg:swift#gatekeeper

[filter:proxy-logging]
use = egg:swift#proxy_logging

[filter:listing_formats]
use = egg:swift#listing_formats

[filter:copy]
use = egg:swift#copy

[filter:slo]
use = egg:swift#slo

[filter:dlo]
use = egg:swift#dlo
"""

SWIFT_CONF = """[swift-hash]
swift_hash_path_suffix = warta-test
swift_hash_path_prefix = warta-test

[storage-policy:0]
name = Policy-0
default = yes
"""


def _system_env() -> dict[str, str]:
    """Swift is Debian's Python package: run it with the system's python3, not the venv's."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
    return env


def _wait_for(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args!r} exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=1).close()  # noqa: S310 - 127.0.0.1
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not answer in time")


@contextmanager
def swift_s3(
    workdir: Path, *, bucket: str = "warta-media", timeout: float = 30
) -> Iterator[S3Server]:
    """Start Swift (account, container, object and proxy servers) on free ports with its
    data in `workdir`, create the public bucket (`public-read`) and the private one, yield
    the addresses, and stop everything afterwards."""
    missing = missing_binaries()
    if missing:
        raise FileNotFoundError(
            "OpenStack Swift is missing (apt-get install swift swift-proxy swift-object "
            f"swift-container swift-account): {', '.join(missing)}"
        )
    workdir.mkdir(parents=True, exist_ok=True)
    devices = workdir / "node"
    (devices / "d1").mkdir(parents=True, exist_ok=True)
    (workdir / "swift.conf").write_text(SWIFT_CONF)
    env = _system_env()
    ports = {kind: free_port() for kind in ("account", "container", "object", "proxy")}
    user = getpass.getuser()
    # The three one-device rings, built in one run of Swift's own RingBuilder (the
    # swift-ring-builder command would start Python nine times).
    rings = ";".join(
        f"b = RingBuilder(6, 1, 1); b.add_dev({{'region': 1, 'zone': 1, 'ip': '127.0.0.1', "
        f"'port': {ports[kind]}, 'device': 'd1', 'weight': 1}}); b.rebalance(); "
        f"b.get_ring().save({str(workdir / f'{kind}.ring.gz')!r})"
        for kind in ("account", "container", "object")
    )
    subprocess.run(
        ["python3", "-c", f"from swift.common.ring import RingBuilder; {rings}"],
        env=env,
        check=True,
        capture_output=True,
    )
    for kind in ("account", "container", "object"):
        conf = workdir / f"{kind}-server.conf"
        conf.write_text(
            STORAGE_SERVER.format(
                port=ports[kind], devices=devices, swift_dir=workdir, user=user, kind=kind
            )
        )
    (workdir / "proxy-server.conf").write_text(
        PROXY_SERVER.format(
            port=ports["proxy"],
            swift_dir=workdir,
            user=user,
            memcache_port=free_port(),
            pipeline=PIPELINE,
        )
    )
    processes: list[subprocess.Popen] = []
    with ExitStack() as stack:
        log = stack.enter_context(open(workdir / "swift.log", "ab"))

        def stop() -> None:
            for process in processes:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

        stack.callback(stop)
        for kind in ("account", "container", "object", "proxy"):
            processes.append(
                subprocess.Popen(
                    [f"swift-{kind}-server", str(workdir / f"{kind}-server.conf")],
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        deadline = time.monotonic() + timeout
        for kind, process in zip(
            ("account", "container", "object", "proxy"), processes, strict=True
        ):
            path = "/healthcheck" if kind == "proxy" else "/"
            _wait_for(f"http://127.0.0.1:{ports[kind]}{path}", process, deadline)
        base = f"http://127.0.0.1:{ports['proxy']}"
        server = S3Server(
            endpoint_url=base,
            public_url=f"{base}/v1/{ACCOUNT}/{bucket}",
            bucket=bucket,
            private_bucket=f"{bucket}-private",
            pids=[p.pid for p in processes],
        )
        client = server.client()
        while True:  # the account is created on first use; the servers may still settle
            try:
                client.create_bucket(Bucket=bucket, ACL="public-read")
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        client.create_bucket(Bucket=server.private_bucket)
        yield server
