"""Channels owns the site front (HomePage, with the editors' home slots) and the channel pages
("Kanal", with sub-channels) that articles live under, with their lists and pagination. The
navigation every public page shows is the site's frame (warta.network)."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "warta.channels"
    label = "channels"
    verbose_name = "Channels"
