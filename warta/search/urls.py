from django.urls import path

from warta.search.autocomplete_views import suggest
from warta.search.views import search_page

urlpatterns = [
    path("cari/", search_page, name="search"),
    path("cari/saran/", suggest, name="search_suggest"),
]
