"""Admin review of partner applications: a list by status, and one page per application with
its details, history and the actions its state allows. The lite-edition switch: network admins
switch a whole site to its lite edition (a disaster) and back, each after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required, user_passes_test
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Site

from warta.core.sites.lookup import all_sites, site_by_pk
from warta.network import partners, services
from warta.network.models import PartnerApplication
from warta.newsroom.isolation import sees_everything

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


def _network_admin(user) -> bool:
    if not sees_everything(user):
        raise PermissionDenied  # regional desks: 403, never the switch
    return True


network_admin_only = user_passes_test(_network_admin)


@network_admin_only
def lite_editions(request):
    """Every site and whether it is served in its lite edition, with the switch for each."""
    return TemplateResponse(request, "network/admin/lite_editions.html", {"sites": all_sites()})


@network_admin_only
def lite_edition_switch(request, site_id: int):
    """GET: the confirmation (and the reason readers will see); POST: the switch."""
    site = get_object_or_404(Site.objects.select_related("sitesettings"), pk=site_id)
    listed = site_by_pk(site.pk) or site
    on = not getattr(listed, "lite_edition", False)
    error = ""
    if request.method == "POST":
        try:
            services.set_lite_edition(site, on, request.POST.get("reason", ""))
        except services.LiteEditionError as problem:
            error = str(problem).capitalize() + "."
        else:
            if on:
                messages.success(request, _("Edisi ringan aktif di %(site)s.") % {"site": site})
            else:
                messages.success(request, _("Edisi lengkap kembali di %(site)s.") % {"site": site})
            return redirect("lite_editions")
    return TemplateResponse(
        request,
        "network/admin/lite_edition_switch.html",
        {"site": site, "on": on, "error": error, "reason": request.POST.get("reason", "")},
        status=400 if error else 200,
    )
