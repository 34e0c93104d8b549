"""Wagtail admin views that offer no hook for the tenant rule (newsroom.isolation), as
subclasses that apply it. They answer at Wagtail's own addresses: newsroom.admin_urls is
included before Wagtail's admin URLs."""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView, ExternalLinkView
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.models import Page, Site

from warta.newsroom import isolation


class PageBrowseView(BrowseView):
    """The page chooser opened at a page: only at one it could offer (Wagtail shows the page
    it was opened at, whatever it is; its children go through the chooser hook)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            parent = Page.objects.filter(pk=parent_page_id)
            if (
                not parent.filter(depth=1).exists()
                and not isolation.choosable_pages(request.user, parent).exists()
            ):
                raise Http404
        return super().get(request, parent_page_id)


class PageChosenMultipleView(ChosenMultipleView):
    """The page chooser's "these were chosen": only pages the chooser could have offered
    (Wagtail's answers with the editor's headline of any page id, and fails on the root)."""

    def get(self, request):
        wanted = [pk for pk in request.GET.getlist("id") if pk.isdigit()]
        pages = isolation.choosable_pages(
            request.user, Page.objects.filter(pk__in=wanted, depth__gt=1)
        ).specific()
        return self.render_chosen_response(
            [
                {
                    "id": page.pk,
                    "parentId": page.get_parent().pk,
                    "adminTitle": page.get_admin_display_title(),
                    "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                    "url": page.url,
                }
                for page in pages
            ]
        )


class ScopedExternalLinkView(ExternalLinkView):
    """A pasted address becomes a link to the page it names only on the user's own sites;
    another site's address stays a plain link (Wagtail would answer with that page's
    unpublished headline)."""

    def post(self, request):
        if not isolation.sees_everything(request.user):
            own = {site.pk for site in isolation.sites_user_may_edit(request.user)}
            # The view matches addresses against this per-request list of site roots.
            request._wagtail_cached_site_root_paths = [
                root for root in Site.get_site_root_paths() if root.site_id in own
            ]
        return super().post(request)


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Counts and "last edited" of the user's own sites only: the network-wide report names
    another site's latest draft."""

    def get_queryset(self):
        user = self.request.user
        if isolation.sees_everything(user):
            return super().get_queryset()
        self.queryset = ContentType.objects.filter(model__in=self.page_models)
        queryset = self.filter_queryset(self.queryset)
        roots = isolation.own_site_paths(user)
        chosen = self.filters.form.cleaned_data.get("site")  # the report's own site filter
        if chosen:
            roots = [root for root in roots if root.startswith(chosen)]
        in_sites, pages_in_sites = Q(pk__in=[]), Q(pk__in=[])
        for root in roots:
            in_sites |= Q(path__startswith=root)
            pages_in_sites |= Q(pages__path__startswith=root)
        latest = Page.objects.filter(in_sites, content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=pages_in_sites),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


def bulk_action(request, app_label: str, model_name: str, action: str):
    """Wagtail's bulk-action dispatcher, with each action told to leave out the objects the
    user may not know about (Wagtail lists the ones they may not act on, by title)."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    scoped = type(f"Scoped{action_class.__name__}", (ScopedBulkAction, action_class), {})
    return scoped(request, model).dispatch(request)


class ScopedBulkAction:
    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        user = self.request.user
        objects = isolation.visible_objects(user, objects)
        extra["items_with_no_access"] = isolation.visible_objects(
            user, extra.get("items_with_no_access", [])
        )
        return objects, extra
