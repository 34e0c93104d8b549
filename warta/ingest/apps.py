"""Ingest owns how outside copy gets into the newsroom: scraped plain-text articles, wire and
partner feeds (the "Ingest" inbox) and WordPress migration, all through the same services."""

from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "warta.ingest"
    label = "ingest"
    verbose_name = "Ingest"

    def ready(self) -> None:
        from warta.core.ops.periodic import periodic
        from warta.ingest.tasks import enqueue_due_sources

        periodic("pull_wire_sources")(enqueue_due_sources)
