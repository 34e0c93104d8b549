"""Admin review of partner applications: a list by status, and one page per application with
its details, history and the actions its state allows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from warta.network import partners
from warta.network.models import PartnerApplication

can_review = permission_required("network.change_partnerapplication", raise_exception=True)


@can_review
def index(request):
    status = request.GET.get("status", "")
    applications = PartnerApplication.objects.order_by("-submitted_at")
    if status in dict(PartnerApplication.STATUSES):
        applications = applications.filter(status=status)
    page = Paginator(applications, 50).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "network/admin/applications.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": PartnerApplication.STATUSES,
        },
    )


@can_review
def review(request, pk: int):
    application = get_object_or_404(PartnerApplication.objects.select_related("site"), pk=pk)
    suspended = bool(
        application.site
        and getattr(application.site, "sitesettings", None)
        and application.site.sitesettings.suspended
    )
    return TemplateResponse(
        request,
        "network/admin/review.html",
        {
            "application": application,
            "events": application.events.select_related("user"),
            "suggested_slug": partners.suggested_slug(application),
            "suggested_name": f"Warta {partners.place_name(application)}",
            "suspended": suspended,
        },
    )


@require_POST
@can_review
def act(request, pk: int, action: str):
    application = get_object_or_404(PartnerApplication, pk=pk)
    note = request.POST.get("note", "")
    base_url = request.build_absolute_uri("/").rstrip("/")
    try:
        if action == "review":
            partners.start_review(application, request.user)
        elif action == "note":
            partners.add_note(application, request.user, note)
        elif action == "reject":
            partners.reject(application, request.user, note)
        elif action == "approve":
            partners.approve(
                application,
                request.user,
                site_name=request.POST.get("site_name", ""),
                slug=request.POST.get("slug", ""),
                base_url=base_url,
            )
            site = application.site
            messages.success(request, f"Situs {site.site_name} siap: {site.root_url}/")
        elif action in ("suspend", "restore"):
            partners.suspend(application, request.user, suspended=action == "suspend", note=note)
        else:
            messages.error(request, "Tindakan tidak dikenal.")
    except partners.ReviewError as error:
        messages.error(request, str(error).capitalize() + ".")
    except Exception as error:  # noqa: BLE001 - e.g. a hostname clash while provisioning
        messages.error(request, f"Gagal: {error}")
    return redirect("partner_review", pk)
