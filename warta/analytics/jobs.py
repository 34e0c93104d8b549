"""The worker's analytics jobs, each tick: roll the event log up, recompute each site's
trending topics (purging its pages when they change), drop what is past keeping, delete
yesterday's salt. Registered when the app loads."""

from __future__ import annotations

import time

from warta.analytics import rollup, salts, trending
from warta.analytics.beacon import install
from warta.core.ops.periodic import periodic

install()  # the beacon's address on the WSGI fast path


@periodic("analytics-roll")
def roll_events() -> int:
    return rollup.roll_all()


@periodic("analytics-trending")
def refresh_trending() -> list[int]:
    return trending.refresh_trending()


@periodic("analytics-prune")
def prune_old() -> dict[str, int]:
    # Yesterday's salts go five minutes into each zone's day, once every process moved on.
    salts.rotate(time.time())
    return rollup.prune()
