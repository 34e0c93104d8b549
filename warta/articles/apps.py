"""Articles owns the story itself: ArticlePage with its body blocks, bylines (Author), editor,
dateline, credits, cited sources and tags, and the read queries for related and latest lists."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "warta.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from warta.articles import receivers  # noqa: F401
        from warta.articles.models import ArticlePage
        from warta.core.sites.pages import register_story_type

        register_story_type(ArticlePage)
