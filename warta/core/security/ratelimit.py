"""A fixed-window counter in the Django cache (Redis in production, shared by all workers),
for forms people can abuse: partner applications now, sign-up and login later. Count a
request by warta.core.security.clientaddress.counted_address, never by a header it sent."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def hit(scope: str, identity: str, *, limit: int, window: int) -> bool:
    """Count one attempt; False once `identity` has made more than `limit` in this window."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(identity.encode()).hexdigest()[:24]
    key = f"warta:rate:{scope}:{digest}:{bucket}"
    if cache.add(key, 1, window + 5):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window + 5)
        return True
    return count <= limit
