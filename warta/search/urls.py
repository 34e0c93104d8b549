from django.urls import path

from warta.search.views import search_page

urlpatterns = [path("cari/", search_page, name="search")]
