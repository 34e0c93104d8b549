"""Background work of analytics: one partition of the event log rolled up, on whichever worker
takes the task (the worker's periodic roll fans the partitions out this way, so the roll-up
runs on as many worker hosts as there are partitions)."""

from __future__ import annotations

from django_tasks import task

from warta.analytics import rollup
from warta.analytics.store import Partition


@task()
def roll_partition_task(index: int, count: int) -> int:
    """Roll partition `index` of `count` to the end of its log, unless another process holds
    it (then 0: that process rolls it). Safe to run twice: the cursor counts a batch once."""
    return rollup.roll_partition(Partition(index, count)) or 0
