"""The "Ingest" inbox in the admin: wire items waiting for an editor, the sources with their
last error, and the two actions (open as draft, dismiss) plus "pull now"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from warta.ingest import inbox
from warta.ingest.models import FeedSource, IngestItem
from warta.newsroom.roles import sites_user_may_edit


def visible_sources(user) -> list[FeedSource]:
    """Sources of the sites the user may edit: a regional desk sees its own wires only."""
    sites = [site.pk for site in sites_user_may_edit(user)]
    return list(
        FeedSource.objects.filter(site__in=sites).select_related(
            "site__root_page", "default_channel"
        )
    )


def _item_for(request, pk: int) -> IngestItem:
    item = get_object_or_404(IngestItem.objects.select_related("source"), pk=pk)
    if item.source_id not in {s.pk for s in visible_sources(request.user)}:
        raise PermissionDenied
    return item


needs_inbox = permission_required("ingest.view_ingestitem", raise_exception=True)


@needs_inbox
def index(request):
    sources = visible_sources(request.user)
    status = request.GET.get("status", IngestItem.NEW)
    if status not in dict(IngestItem.STATUSES):
        status = IngestItem.NEW
    items = (
        IngestItem.objects.filter(source__in=sources, status=status)
        .select_related("source", "duplicate_of", "story")
        .defer("body_html", "sketch")
    )
    page = Paginator(items, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "ingest/inbox.html",
        {
            "sources": sources,
            "page_obj": page,
            "status": status,
            "statuses": IngestItem.STATUSES,
            "can_pull": request.user.has_perm("ingest.change_feedsource"),
        },
    )


@needs_inbox
def detail(request, pk: int):
    item = _item_for(request, pk)
    return TemplateResponse(request, "ingest/item.html", {"item": item})


@require_POST
@needs_inbox
def make_draft(request, pk: int):
    item = _item_for(request, pk)
    try:
        channel = inbox.target_channel(item)
        if not channel.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        article = inbox.open_as_draft(item, request.user)
    except inbox.InboxError as error:
        messages.error(request, str(error))
        return redirect("ingest_inbox")
    messages.success(request, _("Draf dibuat dari '%(title)s'.") % {"title": item.title})
    return redirect("wagtailadmin_pages:edit", article.pk)


@require_POST
@needs_inbox
def dismiss(request, pk: int):
    item = _item_for(request, pk)
    if item.status in (IngestItem.NEW, IngestItem.DUPLICATE):
        item.status = IngestItem.DISMISSED
        item.save(update_fields=["status"])
    return redirect(reverse("ingest_inbox") + f"?status={request.POST.get('back', 'new')}")


@require_POST
@needs_inbox
def pull_now(request, pk: int):
    if not request.user.has_perm("ingest.change_feedsource"):
        raise PermissionDenied
    source = next((s for s in visible_sources(request.user) if s.pk == pk), None)
    if source is None:
        raise PermissionDenied
    report = inbox.pull_source(source)
    if report.error:
        messages.error(request, f"{source.name}: {report.summary()}")
    else:
        messages.success(request, f"{source.name}: {report.summary()}")
    return redirect("ingest_inbox")
