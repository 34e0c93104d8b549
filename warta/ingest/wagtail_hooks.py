"""Admin wiring for ingest: the inbox, and sources as a model viewset."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from warta.core.admin_menu import PermissionMenuItem
from warta.ingest import admin_views
from warta.ingest.models import FeedSource


class FeedSourceForm(forms.ModelForm):
    url = forms.URLField(label=_("alamat feed"), max_length=1000, assume_scheme="https")

    class Meta:
        model = FeedSource
        fields = ["name", "organisation", "url", "format", "site", "default_channel",
                  "pull_interval_minutes", "enabled"]  # fmt: skip


class FeedSourceViewSet(ModelViewSet):
    model = FeedSource
    name = "ingest_feedsource"
    icon = "link-external"
    menu_label = _("Sumber feed")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "organisation", "format", "site", "enabled", "last_report"]

    def get_form_class(self, for_update=False):
        return FeedSourceForm

    def get_queryset(self, request):
        allowed = [s.pk for s in admin_views.visible_sources(request.user)]
        return FeedSource.objects.filter(pk__in=allowed).select_related("site")


@hooks.register("register_admin_viewset")
def register_feed_sources():
    return FeedSourceViewSet()


@hooks.register("register_admin_urls")
def inbox_urls():
    return [
        path("ingest/", admin_views.index, name="ingest_inbox"),
        path("ingest/item/<int:pk>/", admin_views.detail, name="ingest_item"),
        path("ingest/item/<int:pk>/draf/", admin_views.make_draft, name="ingest_make_draft"),
        path("ingest/item/<int:pk>/abaikan/", admin_views.dismiss, name="ingest_dismiss"),
        path("ingest/sumber/<int:pk>/tarik/", admin_views.pull_now, name="ingest_pull"),
    ]


@hooks.register("register_admin_menu_item")
def inbox_menu_item():
    return PermissionMenuItem(_("Ingest"), reverse("ingest_inbox"), icon_name="download",
                              order=300, permission="ingest.view_ingestitem")  # fmt: skip
