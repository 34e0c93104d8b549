"""Keeps the search box's prefix index (warta.search.autocomplete_index) in step with
publishing: inside the publish, unpublish, move or delete itself (not a task), so the page
cache's purge of the site's `stories:<site>` key, bumped again after the commit, never lets an
answer read before the change be kept."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from warta.articles.models import ArticlePage
from warta.articles.signals import connect_to_stories
from warta.search import autocomplete_index


def story_changed(sender, instance: ArticlePage, **kwargs) -> None:
    autocomplete_index.index_story(instance)


def story_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    autocomplete_index.forget_story(instance.pk)


def page_moved(sender, instance, url_path_before: str = "", url_path_after: str = "", **kwargs):
    if url_path_before == url_path_after:
        return
    # A moved channel moves its stories too: each one's address (and maybe site) changes.
    moved = Page.objects.get(pk=instance.pk)
    for article in ArticlePage.objects.live().filter(path__startswith=moved.path):
        autocomplete_index.index_story(article)


def tag_saved(sender, instance, created: bool = False, **kwargs) -> None:
    if not created:
        autocomplete_index.rename_topic(instance)


def tag_deleted(sender, instance, **kwargs) -> None:
    autocomplete_index.forget_topic(instance.pk)


def connect() -> None:
    connect_to_stories(page_published, story_changed)
    connect_to_stories(page_unpublished, story_changed)
    connect_to_stories(post_delete, story_deleted)
    post_page_move.connect(page_moved, dispatch_uid="search.autocomplete.page_moved")
    post_save.connect(tag_saved, sender="taggit.Tag", dispatch_uid="search.autocomplete.tag")
    post_delete.connect(tag_deleted, sender="taggit.Tag", dispatch_uid="search.autocomplete.tag")
