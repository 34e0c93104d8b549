"""A per-process layer over the shared cache for the hot path: generations of surrogate keys
and recently used pages and parts, kept in memory while the network-wide purge epoch is
unchanged.

Every purge bumps one shared counter, the epoch. A process reads it at most every
EPOCH_RECHECK seconds (0.05 s; and at once after its own purges); while it is unchanged, nothing was
purged anywhere, so what this process holds is still exact. After another process purges,
this one serves what it holds for at most EPOCH_RECHECK seconds more."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, TypedDict

from django.conf import settings
from django.core.cache import cache

EPOCH_KEY = "warta:epoch:v1"
EPOCH_RECHECK = getattr(settings, "WARTA_EPOCH_RECHECK", 0.05)  # seconds
MAX_ITEMS = 2000

_lock = threading.Lock()


class _State(TypedDict):
    epoch: object  # None: unknown, nothing held here is trusted
    checked: float  # time.monotonic() of the last read


_state: _State = {"epoch": None, "checked": 0.0}
_generations: dict[str, int] = {}
_items: OrderedDict[str, Any] = OrderedDict()
# Holders kept apart from the purge epoch (the site list, warta.core.sites.lookup): `forget()`
# drops them too, a purge does not.
_forget_hooks: list[Callable[[], None]] = []


def epoch() -> object:
    """The current purge epoch (None if unknown: then nothing local is trusted)."""
    now = time.monotonic()
    if now - _state["checked"] > EPOCH_RECHECK:
        value = cache.get(EPOCH_KEY)
        if value is None:
            # A fresh (or evicted) cache: start an epoch, so hits can be held here before the
            # first purge. A new random value makes every process drop what it held.
            cache.add(EPOCH_KEY, int.from_bytes(os.urandom(4), "big"), None)
            value = cache.get(EPOCH_KEY)
        with _lock:
            if value is None or value != _state["epoch"]:
                _generations.clear()
                _items.clear()
            _state["epoch"], _state["checked"] = value, now
    return _state["epoch"]


def bump_epoch() -> None:
    """Called by every purge: other processes drop what they hold at their next check."""
    try:
        cache.incr(EPOCH_KEY)
    except ValueError:
        cache.set(EPOCH_KEY, int(time.time() * 1000) % 10**9, None)
    _drop()


def on_forget(hook: Callable[[], None]) -> None:
    """`hook` runs on every `forget()` (tests, a cleared cache), not on a purge."""
    _forget_hooks.append(hook)


def forget() -> None:
    """Drop everything this process holds (what a purge drops, and the holders of
    `on_forget`)."""
    _drop()
    for hook in _forget_hooks:
        hook()


def _drop() -> None:
    with _lock:
        _generations.clear()
        _items.clear()
        _state["epoch"], _state["checked"] = None, 0.0


def known_generations(keys) -> tuple[dict[str, int], list[str]]:
    """(generations held here, keys to read from the shared cache)."""
    if epoch() is None:
        return {}, list(keys)
    held, missing = {}, []
    for key in keys:
        value = _generations.get(key)
        if value is None:
            missing.append(key)
        else:
            held[key] = value
    return held, missing


def remember_generations(found: dict[str, int]) -> None:
    if _state["epoch"] is not None:
        with _lock:
            _generations.update(found)


def get(key: str) -> Any:
    if epoch() is None:
        return None
    with _lock:
        value = _items.get(key)
        if value is not None:
            _items.move_to_end(key)
        return value


def put(key: str, value: Any) -> None:
    if _state["epoch"] is None:
        return
    with _lock:
        _items[key] = value
        _items.move_to_end(key)
        while len(_items) > MAX_ITEMS:
            _items.popitem(last=False)
