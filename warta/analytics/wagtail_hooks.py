"""Admin wiring for analytics: "N pembaca sekarang" beside each published story in the page
explorer and in the story editor's header (badge_views, static/analytics/admin/)."""

from __future__ import annotations

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from warta.analytics import badge_views
from warta.analytics.rollup import ACTIVE_SECONDS


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
