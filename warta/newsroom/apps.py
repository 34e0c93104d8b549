"""Newsroom owns how a story gets out right: roles (reporter, editor, network admin), the
editor-approval workflow, scheduling and embargo, corrections, pre-publish quality gates and
home-page curation (lead slots, breaking news)."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "warta.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from warta.newsroom import receivers  # noqa: F401
        from warta.newsroom.forms import attach_forms
        from warta.newsroom.isolation import scope_site_settings

        attach_forms()
        scope_site_settings()
