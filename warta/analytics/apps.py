from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """Editorial analytics without cookies: the first-party beacon, the event log, roll-ups,
    the newsroom's dashboards and the public Terpopuler/trending lists fed by them."""

    name = "warta.analytics"
    label = "analytics"
    verbose_name = "Analitik"

    def ready(self) -> None:
        # Models are ready now; the receivers and jobs import them (Django requires this here).
        from warta.analytics import jobs, receivers  # noqa: F401
