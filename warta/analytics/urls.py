from django.urls import path

from warta.analytics.beacon import PATH, beacon_view

urlpatterns = [path(PATH.lstrip("/"), beacon_view, name="analytics-beacon")]
