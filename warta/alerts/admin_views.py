"""Sending an alert from a story in the admin (/admin/peringatan/<id>/, registered by
alerts.wagtail_hooks behind Wagtail's admin access check): the form prefilled with the
headline and summary, the notification as phones will show it, then "Kirim sekarang". Thin:
`services` decides who may send, which story and how often (a refusal says why)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from warta.alerts import queries, services
from warta.alerts.forms import AlertForm
from warta.core.sites.lookup import site_holding, site_settings_for


def _screen(request: HttpRequest, story, form: AlertForm, status: int = 200) -> HttpResponse:
    site = site_holding(story.path)
    title = form["title"].value() or ""
    body = form["body"].value() or ""
    context = {
        "story": story,
        "form": form,
        "preview": {"title": title, "body": body, "site": site.site_name if site else ""},
        "colour": getattr(site_settings_for(site), "primary_colour", "") if site else "",
        "recent": queries.recent_alerts(site.pk) if site else [],
        "sent_this_hour": queries.alerts_in_last_hour(site.pk) if site else 0,
        "per_hour": settings.WARTA_ALERTS_PER_HOUR,
        "header_title": _("Kirim peringatan"),
        "page_title": _("Kirim peringatan"),
        "breadcrumbs_items": [
            {"url": reverse("wagtailadmin_home"), "label": _("Meja")},
            {"url": reverse("wagtailadmin_pages:edit", args=[story.pk]), "label": story.title},
            {"url": "", "label": _("Kirim peringatan")},
        ],
    }
    return render(request, "alerts/admin/send.html", context, status=status)


def send(request: HttpRequest, page_id: int) -> HttpResponse:
    """GET: the form and preview. POST "pratinjau": the preview of what was typed. POST
    "kirim": the alert is created and its fan-out queued."""
    try:
        story = services.story_for_alert(request.user, page_id)
    except PermissionDenied as refusal:
        context = {"message": str(refusal), "header_title": _("Tidak diizinkan")}
        return render(request, "alerts/admin/refused.html", context, status=403)
    if request.method != "POST":
        form = AlertForm(initial={"title": story.title, "body": getattr(story, "summary", "")})
        return _screen(request, story, form)
    form = AlertForm(request.POST)
    if not form.is_valid() or "kirim" not in request.POST:
        return _screen(request, story, form, status=200 if form.is_valid() else 400)
    try:
        alert = services.send_alert(
            request.user, story, form.cleaned_data["title"], form.cleaned_data["body"]
        )
    except services.AlertRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return _screen(request, story, form, status=400)
    messages.success(
        request,
        _("Peringatan “%(title)s” dikirim ke pembaca %(site)s.")
        % {"title": alert.title, "site": alert.site.site_name},
    )
    return redirect("alerts_send", story.pk)
