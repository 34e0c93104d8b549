"""The shipped nginx configuration (deploy/nginx/) with a machine's own ports and paths: for
the serving benchmark (bench/serve.py) and the nginx integration test."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEPLOY = Path(__file__).resolve().parents[3] / "deploy" / "nginx"  # warta/core/ops/ -> the checkout


@dataclass
class NginxSetup:
    upstream: str = "127.0.0.1:8000"  # warta serve
    listen: str = "80"
    purge_listen: str = "127.0.0.1:8081"
    cache_dir: str = "/var/cache/nginx/warta"
    static_root: str = "/srv/warta/var/static"
    media_root: str = "/srv/warta/var/media"
    private_root: str = "/srv/warta/var/private"  # WARTA_PRIVATE_MEDIA_ROOT (documents)


def site_config(setup: NginxSetup) -> str:
    """deploy/nginx/warta.conf (the part inside `http { }`) for this setup."""
    text = (DEPLOY / "warta.conf").read_text()
    return (
        text.replace("/var/cache/nginx/warta", setup.cache_dir)
        .replace("server 127.0.0.1:8000;", f"server {setup.upstream};")
        .replace("listen 80;", f"listen {setup.listen};")
        .replace("listen 127.0.0.1:8081;", f"listen {setup.purge_listen};")
        .replace("/srv/warta/var/static/", f"{setup.static_root.rstrip('/')}/")
        .replace("/srv/warta/var/media/", f"{setup.media_root.rstrip('/')}/")
        .replace("/srv/warta/var/private/", f"{setup.private_root.rstrip('/')}/")
    )


def standalone_config(setup: NginxSetup, workdir: Path, *, extra_servers: str = "") -> Path:
    """A complete nginx.conf in `workdir` (pid, logs and cache there), for a throwaway nginx
    run with `nginx -p workdir -c <returned path>`."""
    (workdir / "warta.conf").write_text(site_config(setup))
    main = (DEPLOY / "nginx.conf").read_text()
    main = (
        main.replace("/run/nginx-warta.pid", str(workdir / "nginx.pid"))
        .replace("/var/log/nginx/warta-error.log", str(workdir / "nginx-error.log"))
        .replace("worker_processes auto;", "worker_processes 2;")
        .replace("include warta.conf;", f"include {workdir / 'warta.conf'};\n{extra_servers}")
    )
    path = workdir / "nginx.conf"
    path.write_text(main)
    return path


def nginx_command(config: Path, workdir: Path) -> list[str]:
    import os

    # As root (a CI machine) nginx's workers would drop to www-data, which cannot read a
    # private temp dir.
    directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    return ["nginx", "-p", str(workdir), "-c", str(config), "-g", directives]
