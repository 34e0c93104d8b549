"""Reader-facing addresses of the newsletters (included at the root by warta/urls.py)."""

from django.urls import path

from warta.newsletters import views

app_name = "newsletters"
urlpatterns = [
    path("newsletter/", views.signup, name="signup"),
    path("newsletter/konfirmasi/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/pengaturan/<str:token>/", views.preferences, name="preferences"),
    # RFC 8058: a POST here (List-Unsubscribe=One-Click) unsubscribes with no page and no
    # sign-in; a GET shows a button, so a link scanner following it changes nothing.
    path("newsletter/berhenti/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/dibuka/<str:token>/", views.opened, name="opened"),
]
