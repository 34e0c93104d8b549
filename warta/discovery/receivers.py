from django.db import transaction
from wagtail.signals import page_published, page_unpublished

from warta.articles.models import ArticlePage
from warta.articles.signals import connect_to_stories
from warta.discovery.tasks import forget_article_task, refresh_related_task


def story_published(sender, instance: ArticlePage, **kwargs) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: refresh_related_task.enqueue(article_id=pk))


def story_unpublished(sender, instance: ArticlePage, **kwargs) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: forget_article_task.enqueue(article_id=pk))


connect_to_stories(page_published, story_published)  # every story type's
connect_to_stories(page_unpublished, story_unpublished)
