"""Admin wiring for the dashboards: the "Analitik" menu item (shown to whoever writes for a
site) and the addresses of analytics.admin_views under /admin/analitik/."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from warta.analytics import admin_views


@hooks.register("register_admin_urls")
def analytics_admin_urls():
    v = admin_views
    site = "analitik/situs/<int:site_id>/"
    return [
        path("analitik/", v.index, name="analytics_admin_index"),
        path("analitik/jaringan/", v.network, name="analytics_admin_network"),
        path(site, v.site_overview, name="analytics_admin_site"),
        path(f"{site}sekarang.json", v.live, name="analytics_admin_live"),
        path(f"{site}rincian/", v.breakdown, name="analytics_admin_breakdown"),
        path(f"{site}ekspor.csv", v.export_csv, name="analytics_admin_export"),
        path(f"{site}berita/<int:page_id>/", v.story, name="analytics_admin_story"),
    ]


class AnalyticsMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_view(request.user)


@hooks.register("register_admin_menu_item")
def analytics_menu_item():
    return AnalyticsMenuItem(
        gettext_lazy("Analitik"), reverse("analytics_admin_index"), icon_name="table", order=305
    )
