"""Admin wiring for the newsletters: the "Newsletter" menu item (shown to those who may
publish on a site) and the addresses of newsletters.admin_views under /admin/newsletter/."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from warta.newsletters import admin_views


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    v = admin_views
    return [
        path("newsletter/", v.index, name="newsletter_admin_index"),
        path("newsletter/daftar/baru/", v.list_add, name="newsletter_admin_list_add"),
        path("newsletter/daftar/<int:pk>/", v.issues, name="newsletter_admin_issues"),
        path("newsletter/daftar/<int:pk>/ubah/", v.list_edit, name="newsletter_admin_list_edit"),
        path(
            "newsletter/daftar/<int:pk>/hapus/", v.list_delete, name="newsletter_admin_list_delete"
        ),
        path("newsletter/daftar/<int:pk>/buat-edisi/", v.build, name="newsletter_admin_build"),
        path("newsletter/edisi/<int:pk>/", v.issue_edit, name="newsletter_admin_issue"),
        path("newsletter/edisi/<int:pk>/pratinjau/", v.preview, name="newsletter_admin_preview"),
        path("newsletter/edisi/<int:pk>/tes/", v.send_test, name="newsletter_admin_test"),
        path("newsletter/edisi/<int:pk>/kirim/", v.send, name="newsletter_admin_send"),
        path("newsletter/edisi/<int:pk>/jadwal/", v.schedule, name="newsletter_admin_schedule"),
        path("newsletter/pelanggan/", v.subscribers, name="newsletter_admin_subscribers"),
        path("newsletter/pelanggan/<int:pk>/ekspor/", v.export, name="newsletter_admin_export"),
    ]


class NewsletterMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_manage(request.user)


@hooks.register("register_admin_menu_item")
def newsletter_menu_item():
    return NewsletterMenuItem(
        gettext_lazy("Newsletter"), reverse("newsletter_admin_index"), icon_name="mail", order=310
    )
