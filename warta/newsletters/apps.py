from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletters: lists per site, channel and region, double opt-in, issues built from the
    day's stories, resumable per-recipient sends through django-anymail."""

    name = "warta.newsletters"
    label = "newsletters"
    verbose_name = "Newsletter"
