"""Articles owns the story itself: ArticlePage with its body blocks, bylines (Author), editor,
dateline, credits, cited sources, tags and corrections; the lists every page shows and their
listing rows, Network Updates, and which cached pages a story change makes stale (purging,
receivers)."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "warta.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from warta.articles import receivers  # noqa: F401
        from warta.articles.models import STORY_MODELS
        from warta.core.sites.pages import register_story_type

        for model in STORY_MODELS:  # ArticlePage, GalleryPage, VideoPage
            register_story_type(model)
