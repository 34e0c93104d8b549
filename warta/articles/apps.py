"""Articles owns the story itself: ArticlePage with its body blocks, bylines (Author), editor,
dateline, credits, cited sources and tags, and the read queries for related and latest lists."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "warta.articles"
    label = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from warta.articles import receivers  # noqa: F401
