"""Admin wiring for ingest: the inbox, and sources as a model viewset."""

from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Site

from warta.channels.models import ChannelPage
from warta.core.admin_menu import PermissionMenuItem
from warta.ingest import admin_views
from warta.ingest.models import FeedSource
from warta.newsroom.roles import sites_user_may_edit


class FeedSourceForm(WagtailAdminModelForm):
    """A source for one of the sites the user may edit, with a channel of that site."""

    url = forms.URLField(label=_("alamat feed"), max_length=1000, assume_scheme="https")

    class Meta:
        model = FeedSource
        fields = [
            "name",
            "organisation",
            "url",
            "format",
            "site",
            "default_channel",
            "pull_interval_minutes",
            "enabled",
        ]
        widgets = {"default_channel": forms.Select}
        error_messages = {
            "site": {"invalid_choice": _("Pilih salah satu situs yang Anda kelola.")},
            "default_channel": {"invalid_choice": _("Pilih kanal dari situs yang Anda kelola.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        sites = sites_user_may_edit(self.for_user) if self.for_user is not None else []
        self.fields["site"].queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        below = Q(pk__in=[])
        for site in sites:
            below |= Q(path__startswith=site.root_page.path)
        channels = self.fields["default_channel"]
        channels.queryset = ChannelPage.objects.filter(below).order_by("path")
        channels.label_from_instance = lambda channel: _channel_label(channel, sites)

    def clean(self):
        data = super().clean()
        site, channel = data.get("site"), data.get("default_channel")
        if site and channel and not channel.path.startswith(site.root_page.path):
            self.add_error(
                "default_channel",
                _("Kanal ini bukan bagian dari situs %(site)s.")
                % {"site": site.site_name or site.hostname},
            )
        return data


def _channel_label(channel: ChannelPage, sites: list[Site]) -> str:
    """The channel with its site ("Politik · Warta Jatim"): sites often share channel names."""
    site = next((s for s in sites if channel.path.startswith(s.root_page.path)), None)
    return f"{channel.title} · {site.site_name or site.hostname}" if site else channel.title


class SiteScoped:
    """Each view sees only the sources of the sites the user may edit: another site's source
    is not found (404), whatever the user's model permissions. Wagtail's generic views look
    objects up through one of these."""

    def scoped(self, queryset):
        sites = sites_user_may_edit(self.request.user)
        return queryset.filter(site__in=[s.pk for s in sites]).select_related("site")

    def get_base_queryset(self):  # listing
        return self.scoped(super().get_base_queryset())

    def get_queryset(self):  # edit, delete
        return self.scoped(super().get_queryset())

    def get_base_object_queryset(self):  # history, usage
        return self.scoped(super().get_base_object_queryset())


class IndexView(SiteScoped, generic.IndexView):
    pass


class EditView(SiteScoped, generic.EditView):
    pass


class DeleteView(SiteScoped, generic.DeleteView):
    pass


class HistoryView(SiteScoped, history.HistoryView):
    pass


class UsageView(SiteScoped, usage.UsageView):
    pass


class CopyView(SiteScoped, generic.CopyView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            self.scoped(FeedSource.objects.all()), pk=unquote(str(self.kwargs[self.pk_url_kwarg]))
        )


class FeedSourceViewSet(ModelViewSet):
    model = FeedSource
    name = "ingest_feedsource"
    icon = "link-external"
    menu_label = _("Sumber feed")
    add_to_admin_menu = True
    menu_order = 310
    list_display = ["name", "organisation", "format", "site", "enabled", "last_report"]
    index_view_class = IndexView
    edit_view_class = EditView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    copy_view_class = CopyView

    def get_form_class(self, for_update=False):
        return FeedSourceForm


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
    return PermissionMenuItem(
        _("Ingest"),
        reverse("ingest_inbox"),
        icon_name="download",
        order=300,
        permission="ingest.view_ingestitem",
    )
