"""Ingest owns how outside copy gets into the newsroom: scraped plain-text articles today; wire
feeds and WordPress migration build on the same services."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "warta.ingest"
    label = "ingest"
    verbose_name = "Ingest"
