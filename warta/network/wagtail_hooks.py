"""Admin wiring for the network: partner-application review, the lite-edition switch."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from warta.core.admin_menu import PermissionMenuItem
from warta.network import admin_views
from warta.network.desk_panels import NetworkDeskPanel
from warta.newsroom.isolation import sees_everything


@hooks.register("register_admin_urls")
def partner_urls():
    return [
        path("mitra/", admin_views.index, name="partner_applications"),
        path("mitra/<int:pk>/", admin_views.review, name="partner_review"),
        path("mitra/<int:pk>/<slug:action>/", admin_views.act, name="partner_act"),
        path("edisi-ringan/", admin_views.lite_editions, name="lite_editions"),
        path(
            "edisi-ringan/<int:site_id>/",
            admin_views.lite_edition_switch,
            name="lite_edition_switch",
        ),
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


class NetworkAdminMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_everything(request.user)


@hooks.register("register_admin_menu_item")
def lite_edition_menu_item():
    return NetworkAdminMenuItem(
        _("Edisi ringan"), reverse("lite_editions"), icon_name="warning", order=330
    )


@hooks.register("construct_homepage_panels")
def network_desk(request, panels):
    """A network admin's desk home opens with the network: partners, sites, circulation."""
    if sees_everything(request.user):
        panels.append(NetworkDeskPanel(request.user))
