from django.urls import path

from warta.accounts import handoff_views, views

app_name = "accounts"

urlpatterns = [
    path("saya/", views.account, name="account"),
    path("saya/riwayat/", views.history, name="history"),
    path("saya/ekspor/", views.export, name="export"),
    path("saya/hapus/", views.delete, name="delete"),
    path("simpan/<int:pk>/", views.save, name="save"),
    # The network sign-in hand-off (warta.accounts.handoff_views).
    path("jaringan/serahkan/", handoff_views.start, name="handoff_start"),
    path("jaringan/terima/", handoff_views.finish, name="handoff_finish"),
]

for_you_patterns = [
    path("", views.for_you, name="for_you"),
    path("daerah/", views.region_block, name="region_block"),
    path("status/", views.status, name="reader_status"),
    path("ikuti/", views.follow, name="follow"),
    path("pilihan/", views.choice_search, name="choice_search"),
]
