"""Network owns what makes Warta a network rather than one site: the regional sites, the
"Network Updates" block and the partner programme page for regional publishers."""

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "warta.network"
    label = "network"
    verbose_name = "Network"
