"""Search listens to stories: their words join the site's vocabulary when published and leave
it when unpublished, moved to another site or deleted."""

from django.db.models.signals import pre_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.articles.models import ArticlePage
from warta.articles.signals import connect_to_stories
from warta.search.services import forget_deleted_story, record_story_words


def story_published(sender, instance: ArticlePage, **kwargs) -> None:
    record_story_words(instance, live=True)


def story_unpublished(sender, instance: ArticlePage, **kwargs) -> None:
    # Wagtail also sends this before a live page is deleted, with a fresh copy still live.
    record_story_words(instance, live=False)


def story_moved(sender, instance: ArticlePage, **kwargs) -> None:
    record_story_words(instance, live=instance.live)


def story_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    forget_deleted_story(instance.pk)


connect_to_stories(page_published, story_published)
connect_to_stories(page_unpublished, story_unpublished)
connect_to_stories(post_page_move, story_moved)
connect_to_stories(pre_delete, story_deleted)
