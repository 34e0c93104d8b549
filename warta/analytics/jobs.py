"""The worker's analytics jobs, each tick: roll the event log up, recompute each site's
trending topics (purging its pages when they change), drop what is past keeping, delete
yesterday's salt. Registered when the app loads.

The roll: a log in one partition is rolled here, as it always was; a log split into several
(WARTA_ANALYTICS_PARTITIONS) gets one `roll_partition_task` per partition on the task queue,
so the workers of every host roll them side by side while the tick goes on."""

from __future__ import annotations

import time

from warta.analytics import rollup, salts, trending
from warta.analytics.beacon import install
from warta.analytics.tasks import roll_partition_task
from warta.core.ops.periodic import periodic

install()  # the beacon's address on the WSGI fast path


@periodic("analytics-roll")
def roll_events() -> int:
    """The events rolled here (one partition), or the partitions handed to the workers."""
    parts = rollup.partitions_to_roll()
    if len(parts) == 1:
        return rollup.roll_all()
    for part in parts:
        roll_partition_task.enqueue(index=part.index, count=part.count)
    return len(parts)


@periodic("analytics-trending")
def refresh_trending() -> list[int]:
    return trending.refresh_trending()


@periodic("analytics-prune")
def prune_old() -> dict[str, int]:
    # Yesterday's salts go five minutes into each zone's day, once every process moved on.
    salts.rotate(time.time())
    return rollup.prune()
