"""One place that reads the environment, so defaults and casting are not scattered."""

import os
from collections.abc import Callable
from typing import Any

_MISSING = object()


class ImproperlyConfiguredEnv(RuntimeError):
    pass


def _to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {value!r}")


def _to_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


CASTS: dict[type, Callable[[str], Any]] = {bool: _to_bool, list: _to_list, int: int, str: str}


def env(name: str, default: Any = _MISSING, cast: type = str) -> Any:
    """Read `name` from the environment; without a default the variable is required."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        if default is _MISSING:
            raise ImproperlyConfiguredEnv(
                f"The environment variable {name} is required (see .env.example)."
            )
        return default
    try:
        return CASTS[cast](raw)
    except ValueError as exc:
        raise ImproperlyConfiguredEnv(f"{name}={raw!r} is not a valid {cast.__name__}") from exc


def env_bounded(name: str, default: int, *, low: int, high: int) -> int:
    """A whole number from `low` to `high` (e.g. a count of processes or partitions)."""
    value = env(name, default, cast=int)
    if not low <= value <= high:
        raise ImproperlyConfiguredEnv(f"{name}={value!r} must be a whole number {low}-{high}")
    return value


def env_json(name: str, default: Any) -> Any:
    """A JSON value from the environment (e.g. provider settings), with a clear error."""
    import json

    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        return json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ImproperlyConfiguredEnv(f"{name} is not valid JSON: {exc}") from exc


def env_networks(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list of IP addresses or CIDR networks (e.g. trusted proxies), each
    checked and written out in full ("127.0.0.1" -> "127.0.0.1/32"); `default` (empty unless
    given) when the variable is not set."""
    import ipaddress

    networks = []
    for entry in env(name, default or [], cast=list):
        try:
            networks.append(str(ipaddress.ip_network(entry, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfiguredEnv(
                f"{name}: {entry!r} is not an IP address or network (e.g. 127.0.0.1, 10.0.0.0/8)"
            ) from exc
    return networks


def env_cookie_domain(name: str, main_host: str | None) -> str | None:
    """A cookie domain shared by the network's sites (".warta.example"), or None when the
    variable is not set (every cookie then stays on the host that set it). It must start with
    a dot, name a parent domain (two labels at least: browsers refuse a cookie for a top-level
    name, ".localhost" included) and hold `main_host`, the network's main host name
    (WARTA_BASE_URL's), so signing in there reaches the others."""
    raw = env(name, "").strip().lower()
    if not raw:
        return None
    labels = raw[1:].split(".")
    if not raw.startswith(".") or not all(labels):
        raise ImproperlyConfiguredEnv(
            f"{name}={raw!r} must be a parent domain starting with a dot, e.g. .warta.example"
        )
    if len(labels) < 2:
        raise ImproperlyConfiguredEnv(
            f"{name}={raw!r} is a top-level domain: every site on it would get the cookies; "
            "give the network's own domain, e.g. .warta.example"
        )
    host = (main_host or "").lower()
    if not (host == raw[1:] or host.endswith(raw)):
        raise ImproperlyConfiguredEnv(
            f"{name}={raw!r} does not hold the network's main host {host or '(none)'!r} "
            "(the host of WARTA_BASE_URL): sign-in there would not reach the other sites"
        )
    return raw
