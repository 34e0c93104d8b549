from django.utils import timezone
from django_tasks import task

from warta.ingest.inbox import pull_source
from warta.ingest.models import FeedSource


@task()
def pull_source_task(source_id: int) -> str:
    """Pull one wire source into the inbox; failures are recorded on the source."""
    source = FeedSource.objects.filter(pk=source_id).first()
    return pull_source(source).summary() if source else "source gone"


def enqueue_due_sources() -> int:
    """The worker's periodic job: claim each due source (so the next tick does not queue it
    again) and queue its pull. Returns how many were queued."""
    now, queued = timezone.now(), 0
    for source in FeedSource.objects.filter(enabled=True):
        if not source.is_due(now):
            continue
        claimed = FeedSource.objects.filter(
            pk=source.pk, last_pulled_at=source.last_pulled_at
        ).update(last_pulled_at=now)
        if claimed:
            pull_source_task.enqueue(source.pk)
            queued += 1
    return queued
