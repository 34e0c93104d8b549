from django_tasks import task

from warta.search import recent_index


@task()
def refresh_recent_index_task() -> str:
    """Rebuild PostgreSQL's index over the newest search rows if it is due (minutes at a
    million stories, built CONCURRENTLY: searches and publishing go on)."""
    index = recent_index.refresh()
    return index.name if index else ""


def queue_recent_index_refresh() -> None:
    """The worker's nightly job (registered in SearchConfig.ready): only queued when due, so a
    night with nothing to do costs two small queries."""
    if recent_index.due():
        refresh_recent_index_task.enqueue()
