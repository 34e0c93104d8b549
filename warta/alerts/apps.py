from django.apps import AppConfig
from django.conf import settings


class AlertsConfig(AppConfig):
    """Breaking-news alerts: Web Push (VAPID, pywebpush) per site and topic/region, sent by an
    editor from a story, fanned out by the worker."""

    name = "warta.alerts"
    label = "alerts"
    verbose_name = "Peringatan berita"

    def ready(self) -> None:
        if settings.WARTA_VAPID_KEEP_IN is None:
            # Production: a pair that does not belong together stops start-up, not the first
            # alert. Settings-time code, so imported here.
            from warta.alerts.vapid import vapid_keys

            vapid_keys()
