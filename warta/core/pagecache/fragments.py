"""Cached parts of pages (lists, rendered blocks) that stay exact: a part is stored with the
generations of every surrogate key it depends on (declared, and registered while it was
computed, e.g. each card's story), and is used again only while none was purged. A hit
registers the same keys with the page being built, so a page assembled from cached parts is
purged exactly like one rendered from scratch (see warta.core.pagecache)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.utils import translation

from warta.core import pagecache
from warta.core.pagecache import localcache

PREFIX = "warta:part:v1:"
TTL = 600  # relative times and Terpopuler are refreshed at least this often


def cached_part(
    name: str,
    vary: Iterable[Any],
    keys: Iterable[str],
    compute: Callable[[], Any],
    *,
    ttl: int = TTL,
    keep: Callable[[Any], bool] = lambda value: True,
) -> Any:
    raw = "|".join([name, translation.get_language() or "", *map(str, vary)])
    cache_key = PREFIX + hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()
    stored = localcache.get(cache_key) or cache.get(cache_key)
    if stored is not None:
        value, generations = stored
        if pagecache.generations(generations) == generations:
            localcache.put(cache_key, stored)
            pagecache.depends_on(*generations)
            return value
    with pagecache.collecting() as collected:
        # Generations are read before computing: a purge while computing makes it stale.
        declared = set(keys)
        before = pagecache.generations(declared)
        value = compute()
    dependencies = {**pagecache.generations(collected - declared), **before}
    if keep(value):
        cache.set(cache_key, (value, dependencies), ttl)
    pagecache.depends_on(*dependencies)
    return value
