"""Events for analytics tests: beacons as a browser sends them, and the log rolled up."""

from __future__ import annotations

import json

from warta.analytics import buffer, rollup

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile Safari/537.36"


def beacon(client, site, story=None, *, kind="v", host=None, agent=BROWSER, **fields):
    body = {"k": kind, "s": site.pk, "a": story.pk if story is not None else 0, **fields}
    return client.post(
        "/_e",
        data=json.dumps(body),
        content_type="text/plain",
        HTTP_HOST=host or site.hostname,
        HTTP_USER_AGENT=agent,
        **{k: v for k, v in fields.items() if k.startswith("HTTP_")},
    )


def roll(now: float | None = None) -> int:
    """Write this process's buffer to the log and roll the log up."""
    buffer.flush()
    return rollup.roll_all(now=now)
