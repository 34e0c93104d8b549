"""Admin wiring for analytics: the dashboards ("Analitik" in the menu, shown to whoever writes
for a site; admin_views under /admin/analitik/) and "N pembaca sekarang" beside each published
story in the page explorer and in the story editor's header (badge_views,
static/analytics/admin/)."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from warta.analytics import admin_views, badge_views
from warta.analytics.rollup import ACTIVE_SECONDS


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


@hooks.register("register_admin_urls")
def readers_now_urls():
    return [
        path(
            "pembaca-sekarang/",
            badge_views.readers_now_badges,
            name="analytics_readers_now_badges",
        )
    ]


@hooks.register("insert_global_admin_js")
def readers_now_badges_js():
    """On every admin page; the script does nothing where no story is shown (no inline
    script: the admin's CSP). Words come in the user's language."""
    return format_html(
        '<script src="{}" defer data-url="{}" data-one="{}" data-many="{}" data-title="{}">'
        "</script>",
        static("analytics/admin/readers-now.js"),
        reverse("analytics_readers_now_badges"),
        _("1 pembaca sekarang"),
        _("{n} pembaca sekarang"),
        _("Pembaca dengan kunjungan dalam {minutes} menit terakhir, di semua situs").format(
            minutes=ACTIVE_SECONDS // 60
        ),
    )


@hooks.register("insert_global_admin_css")
def readers_now_badges_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("analytics/admin/readers-now.css")
    )
