"""Newsroom owns how a story gets out right: roles (reporter, editor, network admin), the
editor-approval workflow, scheduling and embargo, withdraw-before-delete, pre-publish quality
gates and the tenant rule in the admin; it attaches its forms to the page types of articles and
channels here. Corrections (warta.articles), home slots (warta.channels) and the breaking-news
ticker (warta.network) live elsewhere."""

from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "warta.newsroom"
    label = "newsroom"
    verbose_name = "Newsroom"

    def ready(self) -> None:
        from warta.newsroom import receivers  # noqa: F401
        from warta.newsroom.forms import attach_forms
        from warta.newsroom.isolation import scope_site_settings
        from warta.newsroom.panels import attach_filing_panels
        from warta.newsroom.workflow_names import connect as translate_workflow_names

        attach_forms()
        translate_workflow_names()
        attach_filing_panels()
        scope_site_settings()
