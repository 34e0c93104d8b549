"""Network owns what makes Warta a network rather than one site: provisioning regional sites
(with their channels and roles), circulation rules, the regions directory, each site's frame
(navigation and ticker) and the partner programme for regional publishers."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "warta.network"
    label = "network"
    verbose_name = "Network"

    def ready(self) -> None:
        from warta.core.admin_widgets import use_quick_site_filter
        from warta.network import receivers  # noqa: F401

        use_quick_site_filter()
