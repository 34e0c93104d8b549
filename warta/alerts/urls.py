"""Reader-facing addresses of alerts (included at the root by warta/urls.py; a regional site
reached by path has them under /r/<slug>/ too, warta.core.sites.middleware)."""

from django.urls import path

from warta.alerts import views

app_name = "alerts"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("peringatan/ikon/<int:size>.png", views.icon, name="icon"),
    path("peringatan/kunci/", views.keys, name="keys"),
    path("peringatan/langganan/", views.subscribe, name="subscribe"),
    path("peringatan/berhenti/", views.unsubscribe, name="unsubscribe"),
]
