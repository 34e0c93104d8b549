"""Admin wiring for the network: partner-application review."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from warta.core.admin_menu import PermissionMenuItem
from warta.network import admin_views


@hooks.register("register_admin_urls")
def partner_urls():
    return [
        path("mitra/", admin_views.index, name="partner_applications"),
        path("mitra/<int:pk>/", admin_views.review, name="partner_review"),
        path("mitra/<int:pk>/<slug:action>/", admin_views.act, name="partner_act"),
    ]


@hooks.register("register_admin_menu_item")
def partner_menu_item():
    return PermissionMenuItem(
        _("Mitra Network"),
        reverse("partner_applications"),
        icon_name="group",
        order=320,
        permission="network.change_partnerapplication",
    )
