"""Admin wiring for live stories: the live desk's addresses (live.admin_views), the "Berita
live" panel on the desk home, and "Buka layar live" where a live story is opened in the
admin (its page listing row, its editor's header menu and a note at the top of its editor)."""

from __future__ import annotations

from django.contrib import messages
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.admin.widgets.button import ListingButton

from warta.live import admin_views, desk, services
from warta.live.models import LiveStoryPage


@hooks.register("register_admin_urls")
def live_desk_urls():
    return [
        path("live/<int:page_id>/", admin_views.screen, name="live_desk"),
        path("live/<int:page_id>/daftar/", admin_views.lists, name="live_desk_lists"),
        path("live/<int:page_id>/tayangkan/", admin_views.approve, name="live_desk_approve"),
        path("live/<int:page_id>/koreksi/", admin_views.correct, name="live_desk_correct"),
        path("live/<int:page_id>/hapus/", admin_views.delete, name="live_desk_delete"),
        path("live/<int:page_id>/tanda/", admin_views.flags, name="live_desk_flags"),
        path("live/<int:page_id>/siaran/", admin_views.controls, name="live_desk_controls"),
    ]


class LiveDeskPanel(Component):
    """The live and upcoming stories of the user's sites, one tap to the posting screen."""

    name = "warta_live_desk"
    template_name = "live/admin/desk_panel.html"
    order = 5  # during a live event, above the writing desk and the review queue

    class Media:
        css = {"all": ["newsroom/desk.css", "live/admin/live-desk.css"]}

    def __init__(self, stories: list[LiveStoryPage]) -> None:
        self.stories = stories

    def get_context_data(self, parent_context):
        return {"stories": self.stories}


@hooks.register("construct_homepage_panels")
def live_desk_panel(request, panels):
    stories = list(desk.live_stories_for_desk(request.user)[:10])
    if stories:
        panels.append(LiveDeskPanel(stories))


def _is_live_story(page) -> bool:
    return issubclass(page.specific_class or type(page), LiveStoryPage)


def _may_open(page, user) -> bool:
    return _is_live_story(page) and services.may_post(user, page)


@hooks.register("register_page_listing_buttons")
def live_screen_listing_button(page, user, next_url=None):
    if _may_open(page, user):
        yield ListingButton(
            _("Buka layar live"),
            reverse("live_desk", args=[page.pk]),
            icon_name="mobile-alt",
            priority=5,
        )


@hooks.register("register_page_header_buttons")
def live_screen_header_button(page, user, view_name, next_url=None):
    if _may_open(page, user):
        yield PageMenuItem(
            _("Buka layar live"),
            reverse("live_desk", args=[page.pk]),
            icon_name="mobile-alt",
            priority=5,
            page=page,
        )


@hooks.register("before_edit_page")
def point_to_the_live_screen(request, page):
    """Posts are not written in the page editor: say where they are."""
    if request.method == "GET" and _may_open(page, request.user):
        messages.info(
            request,
            format_html(
                '{} <a class="button button-small" href="{}">{}</a>',
                _("Pembaruan live ditulis di layar live, bukan di sini."),
                reverse("live_desk", args=[page.pk]),
                _("Buka layar live"),
            ),
        )
    return None
