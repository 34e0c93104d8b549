"""Reader-facing addresses of newsletters (included at the root by warta/urls.py)."""

from django.urls import path  # noqa: F401

app_name = "newsletters"
urlpatterns: list = []
