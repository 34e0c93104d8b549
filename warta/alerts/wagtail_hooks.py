"""Admin wiring for alerts: the send screen's address and "Kirim peringatan" where a story
is opened in the admin (its editor's header menu and its page listing row), for whoever may
publish it (alerts.services.may_send: its own site's editors, network admins)."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets.button import ListingButton

from warta.alerts import admin_views, services
from warta.articles.models import ArticlePage


@hooks.register("register_admin_urls")
def alerts_urls():
    return [path("peringatan/<int:page_id>/", admin_views.send, name="alerts_send")]


def _may_send(page, user) -> bool:
    return (
        page.live
        and issubclass(page.specific_class or type(page), ArticlePage)
        and services.may_send(user, page)
    )


@hooks.register("register_page_header_buttons")
def alert_header_button(page, user, view_name, next_url=None):
    if _may_send(page, user):
        yield PageMenuItem(
            _("Kirim peringatan"),
            reverse("alerts_send", args=[page.pk]),
            icon_name="warning",
            priority=6,
            page=page,
        )


@hooks.register("register_page_listing_buttons")
def alert_listing_button(page, user, next_url=None):
    if _may_send(page, user):
        yield ListingButton(
            _("Kirim peringatan"),
            reverse("alerts_send", args=[page.pk]),
            icon_name="warning",
            priority=6,
        )
