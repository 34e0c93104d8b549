"""Admin wiring for the network: partner-application review."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from warta.network import admin_views


@hooks.register("register_admin_urls")
def partner_urls():
    return [
        path("mitra/", admin_views.index, name="partner_applications"),
        path("mitra/<int:pk>/", admin_views.review, name="partner_review"),
        path("mitra/<int:pk>/<slug:action>/", admin_views.act, name="partner_act"),
    ]


class ReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("network.change_partnerapplication")


@hooks.register("register_admin_menu_item")
def partner_menu_item():
    return ReviewMenuItem(_("Mitra Network"), reverse("partner_applications"), icon_name="group",
                          order=320)  # fmt: skip
