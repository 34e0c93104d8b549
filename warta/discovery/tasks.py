from django_tasks import task

from warta.articles.models import ArticlePage
from warta.discovery.services import (
    forget_article,
    rank_related,
    refresh_related,
    refresh_story_names,
    store_related,
)
from warta.discovery.topics import store_topic_suggestions


@task()
def refresh_related_task(article_id: int) -> int:
    """Index a published story and store its related list (and its neighbours'), and the
    topics suggested from its text (discovery.topics). Idempotent."""
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is None:
        return 0
    related = refresh_related(article)
    store_topic_suggestions(article)
    return len(related)


@task()
def forget_article_task(article_id: int) -> int:
    """Drop an unpublished story from the index and from every related list naming it."""
    sources = forget_article(article_id)
    for source in ArticlePage.objects.live().filter(pk__in=sources).select_related("profile"):
        if hasattr(source, "profile"):
            store_related(source, rank_related(source, source.profile)[0])
    return len(sources)


@task()
def refresh_story_names_task() -> int:
    """Rebuild the names recurring across published stories (the tag suggestions' list)."""
    return refresh_story_names()


def queue_story_names_refresh() -> None:
    """The worker's nightly job (registered in DiscoveryConfig.ready): queued, so the tick
    that starts it is not held up while every published story is read."""
    refresh_story_names_task.enqueue()
