"""Channels owns the site front (HomePage) and the channel pages ("Kanal", with sub-channels)
that articles live under, plus the channel navigation every public page shows."""

from django.apps import AppConfig


class ChannelsConfig(AppConfig):
    name = "warta.channels"
    label = "channels"
    verbose_name = "Channels"
