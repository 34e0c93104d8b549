from django.apps import AppConfig


class NewslettersConfig(AppConfig):
    """Newsletters: lists per site, channel and region, double opt-in, issues built from the
    day's stories, resumable per-recipient sends through django-anymail."""

    name = "warta.newsletters"
    label = "newsletters"
    verbose_name = "Newsletter"

    def ready(self) -> None:
        # Models are ready only now (Django's rule for imports in ready()).
        from anymail.signals import tracking

        from warta.core.ops.periodic import periodic
        from warta.newsletters import receivers, services

        tracking.connect(receivers.on_tracking, dispatch_uid="warta-newsletter-tracking")
        periodic("newsletters")(services.run_schedule)
