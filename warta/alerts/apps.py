from django.apps import AppConfig


class AlertsConfig(AppConfig):
    """Breaking-news alerts: Web Push (VAPID, pywebpush) per site and topic/region, sent by an
    editor from a story, fanned out by the worker."""

    name = "warta.alerts"
    label = "alerts"
    verbose_name = "Peringatan berita"
