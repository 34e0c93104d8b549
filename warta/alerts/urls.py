"""Reader-facing addresses of alerts (included at the root by warta/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "alerts"
urlpatterns: list = []
