"""The newsletter admin ("Newsletter" in the Wagtail menu, /admin/newsletter/…, registered by
newsletters.wagtail_hooks behind Wagtail's admin access check).

Who: the people who may publish on a site (its editors, network admins, superusers) manage
its lists and send its issues (`queries.sites_user_may_send`). Reporters do not see the menu
and are refused every page: an issue goes to every subscriber at once. A list or issue of a
site the user may not manage is a 404, as if it did not exist (the tenant rule).

Thin: forms parse, `services` decide; a `NewsletterError` is shown as a message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from csp.decorators import csp_update
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST
from wagtail.models import Site

from warta.newsletters import mail, portability, queries, services
from warta.newsletters.admin_forms import (
    ImportForm,
    IssueForm,
    NewsletterListForm,
    ScheduleForm,
)
from warta.newsletters.models import Issue, NewsletterList

# The stories an editor picks from: the site's last days (and the issue's own).
STORY_DAYS = 3


def may_manage(user: Any) -> bool:
    return bool(queries.sites_user_may_send(user))


def _sites(request: HttpRequest) -> list[Site]:
    sites = queries.sites_user_may_send(request.user)
    if not sites:
        raise PermissionDenied
    return sites


def _list_or_404(request: HttpRequest, pk: int) -> NewsletterList:
    found = queries.admin_list(_sites(request), pk)
    if found is None:
        raise Http404
    return found


def _issue_or_404(request: HttpRequest, pk: int) -> Issue:
    found = queries.admin_issue(_sites(request), pk)
    if found is None:
        raise Http404
    return found


# ---- lists -------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    lists = queries.admin_lists(_sites(request))
    counts = queries.subscriber_counts(lists)
    rows = [(n, counts.get(n.pk, {})) for n in lists]
    return TemplateResponse(request, "newsletters/admin/index.html", {"rows": rows})


def list_add(request: HttpRequest) -> HttpResponse:
    sites = _sites(request)
    form = NewsletterListForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        newsletter = form.save()
        messages.success(request, _("Daftar '%(name)s' dibuat.") % {"name": newsletter.name})
        return redirect("newsletter_admin_issues", newsletter.pk)
    return TemplateResponse(
        request, "newsletters/admin/list_form.html", {"form": form, "newsletter": None}
    )


def list_edit(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _list_or_404(request, pk)
    form = NewsletterListForm(request.POST or None, instance=newsletter, sites=_sites(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Daftar '%(name)s' disimpan.") % {"name": newsletter.name})
        return redirect("newsletter_admin_issues", newsletter.pk)
    return TemplateResponse(
        request, "newsletters/admin/list_form.html", {"form": form, "newsletter": newsletter}
    )


def list_delete(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _list_or_404(request, pk)
    if request.method == "POST":
        try:
            services.delete_list(newsletter)
        except services.NewsletterError as error:
            messages.error(request, str(error))
            return redirect("newsletter_admin_list_edit", newsletter.pk)
        messages.success(request, _("Daftar '%(name)s' dihapus.") % {"name": newsletter.name})
        return redirect("newsletter_admin_index")
    return TemplateResponse(
        request, "newsletters/admin/list_delete.html", {"newsletter": newsletter}
    )


def issues(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _list_or_404(request, pk)
    found = queries.issues_of(newsletter)
    counts = queries.delivery_counts_of(found)
    context = {
        "newsletter": newsletter,
        "rows": [(issue, counts[issue.pk]) for issue in found],
        "subscribers": queries.subscriber_counts([newsletter])[newsletter.pk],
    }
    return TemplateResponse(request, "newsletters/admin/issues.html", context)


@require_POST
def build(request: HttpRequest, pk: int) -> HttpResponse:
    newsletter = _list_or_404(request, pk)
    issue = services.build_issue(newsletter)
    messages.success(request, _("Edisi baru dibuat sebagai draf. Periksa sebelum dikirim."))
    return redirect("newsletter_admin_issue", issue.pk)


# ---- one issue ---------------------------------------------------------------------------


def _issue_context(request: HttpRequest, issue: Issue, form: IssueForm | None) -> dict:
    return {
        "issue": issue,
        "newsletter": issue.newsletter,
        "form": form,
        "counts": queries.delivery_counts(issue),
        "recipients": queries.recipient_count(issue.newsletter) if issue.editable else None,
        "schedule_form": ScheduleForm(
            zone=services.local_zone(issue.newsletter),
            initial={"send_at": _local_send_at(issue)},
        ),
        "zone": services.local_zone(issue.newsletter).key,
        "user_email": request.user.email,  # type: ignore[union-attr]
    }


def _local_send_at(issue: Issue):
    if issue.send_at is None:
        return None
    return timezone.localtime(issue.send_at, services.local_zone(issue.newsletter)).replace(
        tzinfo=None
    )


def _choices(issue: Issue, posted=None) -> list:
    """The stories to pick from, the chosen ones first in their order: the saved issue's, or
    what the editor sent when the save was refused (so her ticks and numbers stay)."""
    since = timezone.now() - timedelta(days=STORY_DAYS)
    stories = queries.story_choices(issue, since=since)
    if posted is not None:
        ticked = set(posted.getlist("stories"))
        for story in stories:
            story.chosen = str(story.pk) in ticked  # type: ignore[attr-defined]
            story.order = posted.get(f"order-{story.pk}", "")[:3]  # type: ignore[attr-defined]
        return stories
    chosen = {e.story_id: e.position for e in issue.entries.all()}
    for order, story in enumerate(sorted(stories, key=lambda s: chosen.get(s.pk, 10**6))):
        story.chosen = story.pk in chosen  # type: ignore[attr-defined]
        story.order = order + 1 if story.pk in chosen else ""  # type: ignore[attr-defined]
    return stories


def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    if not issue.editable:
        return TemplateResponse(
            request, "newsletters/admin/issue.html", _issue_context(request, issue, None)
        )
    initial = {"subject": issue.subject, "intro": issue.intro}
    form = IssueForm(request.POST or None, initial=initial, choices=_choices(issue))
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_issue(
                issue,
                subject=form.cleaned_data["subject"],
                intro=form.cleaned_data["intro"],
                story_ids=form.story_ids(),
                by=request.user,
            )
        except services.NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Edisi disimpan."))
            return redirect("newsletter_admin_issue", issue.pk)
    elif request.method == "POST":
        messages.error(request, _("Edisi tidak disimpan: periksa isian yang ditandai."))
    if request.method == "POST":
        form.choices = _choices(issue, request.POST)
    return TemplateResponse(
        request, "newsletters/admin/issue.html", _issue_context(request, issue, form)
    )


@xframe_options_sameorigin
@csp_update({"img-src": ["http:", "https:"]})  # pictures from the site's address
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The mail as readers get it (mail.render_issue), its per-reader links as '#'. Shown in
    a sandboxed frame on the issue page: no script runs in it."""
    issue = _issue_or_404(request, pk)
    html = mail.render_issue(issue).html
    for placeholder in (mail.UNSUBSCRIBE, mail.PREFERENCES, mail.PIXEL):
        html = html.replace(placeholder, "#")
    return HttpResponse(html)


@require_POST
def send_test(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    email = getattr(request.user, "email", "")
    if not email:
        messages.error(
            request,
            _("Akun Anda belum punya alamat email. Isi di Akun > Profil, lalu coba lagi."),
        )
        return redirect("newsletter_admin_issue", issue.pk)
    try:
        services.send_test(issue, email)
    except services.NewsletterError as error:
        messages.error(request, str(error))
    except OSError as error:  # the mail server did not answer
        messages.error(
            request, _("Email tes gagal dikirim: %(error)s") % {"error": error.__class__.__name__}
        )
    else:
        messages.success(request, _("Email tes dikirim ke %(email)s.") % {"email": email})
    return redirect("newsletter_admin_issue", issue.pk)


def send(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (how many will get it); POST: start the send."""
    issue = _issue_or_404(request, pk)
    if request.method == "POST":
        try:
            total = services.start_send(issue)
        except services.NewsletterError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Pengiriman dimulai ke %(n)s penerima.") % {"n": f"{total:,}"}
            )
        return redirect("newsletter_admin_issue", issue.pk)
    if not issue.editable:
        return redirect("newsletter_admin_issue", issue.pk)
    context = {
        "issue": issue,
        "newsletter": issue.newsletter,
        "recipients": queries.recipient_count(issue.newsletter),
    }
    return TemplateResponse(request, "newsletters/admin/send_confirm.html", context)


@require_POST
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    zone = services.local_zone(issue.newsletter)
    try:
        if "batal" in request.POST:
            services.schedule_issue(issue, None, by=request.user)
            messages.success(request, _("Jadwal dibatalkan: edisi kembali menjadi draf."))
        else:
            form = ScheduleForm(request.POST, zone=zone)
            if not form.is_valid():
                raise services.NewsletterError(_("Isi tanggal dan jam kirim."))
            services.schedule_issue(issue, form.cleaned_data["send_at"], by=request.user)
            local = timezone.localtime(issue.send_at, zone)
            messages.success(
                request,
                _("Edisi dijadwalkan %(when)s.")
                % {"when": f"{mail.long_date(local.date())} {local:%H:%M}"},
            )
    except services.NewsletterError as error:
        messages.error(request, str(error))
    return redirect("newsletter_admin_issue", issue.pk)


# ---- subscribers: counts, CSV export and import (services.import_subscriptions) -----------


def subscribers(request: HttpRequest) -> HttpResponse:
    sites = _sites(request)
    lists = queries.admin_lists(sites)
    counts = queries.subscriber_counts(lists)
    by_site: dict[int, dict] = {s.pk: {"site": s, "rows": []} for s in sites}
    for newsletter in lists:
        by_site[newsletter.site_id]["rows"].append((newsletter, counts.get(newsletter.pk, {})))
    form = ImportForm(request.POST or None, request.FILES or None, sites=sites)
    report = None
    if request.method == "POST" and form.is_valid():
        dry_run = "periksa" in request.POST
        try:
            rows = portability.parse(form.cleaned_data["file"])
            report = services.import_subscriptions(
                rows,
                form.cleaned_data["site"],
                ask_consent=form.cleaned_data["ask_consent"],
                dry_run=dry_run,
            )
        except portability.ImportFileError as error:
            messages.error(
                request,
                _("Baris %(line)s: %(message)s. Tidak ada yang diimpor.")
                % {"line": error.line, "message": error.message},
            )
        else:
            if dry_run:
                messages.info(request, _("Pemeriksaan saja: belum ada yang diubah."))
            else:
                messages.success(request, _("Impor selesai."))
    context = {
        "groups": list(by_site.values()),
        "form": form,
        "report": report,
        "dry_run": request.method == "POST" and "periksa" in request.POST,
    }
    return TemplateResponse(request, "newsletters/admin/subscribers.html", context)


def export(request: HttpRequest, pk: int) -> HttpResponse:
    site = next((s for s in _sites(request) if s.pk == pk), None)
    if site is None:
        raise Http404
    day = timezone.localdate().isoformat()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"pelanggan-{site.hostname}-{day}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write(portability.write(queries.export_rows([site])))
    return response
