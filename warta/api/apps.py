"""The read-only content API (/api/v1/): articles, channels, sites, authors and topics, with
filters, cursor pagination, an OpenAPI document and rate limits for anonymous clients. It only
ever reads published stories and public fields."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "warta.api"
    label = "api"
    verbose_name = "Content API"
