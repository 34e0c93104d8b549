"""Background work of the newsletters (the worker runs these; each takes ids and is safe to
run twice)."""

from django_tasks import task

from warta.newsletters import services


# A reader waits for this mail with the form still open: it goes before background upkeep.
@task(priority=50)
def send_confirmation_task(subscriber_id: int, list_ids: list[int]) -> bool:
    return services.send_confirmation(subscriber_id, list_ids)


@task(priority=20)
def send_issue_task(issue_id: int) -> dict[str, int | bool]:
    """Send an issue's queued deliveries. A mail-server outage raises (a failed task); the
    worker's periodic job queues the send again once its claims are stale."""
    report = services.send_pending(issue_id)
    return {
        "sent": report.sent,
        "failed": report.failed,
        "skipped": report.skipped,
        "finished": report.finished,
    }
