"""The newsroom's dashboards ("Analitik" in the Wagtail menu, /admin/analitik/…, wired by
analytics.wagtail_hooks behind Wagtail's admin access check).

Who: whoever writes for a site reads its numbers (`dashboards.dashboard_sites`): a regional
editor or reporter their own site only, network admins and superusers every site and the
network view. Another site's address is a 404, as if it did not exist (the tenant rule).
Everything here only reads; the reads are in `dashboards`, the chart geometry in `charts`."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from wagtail.models import Site

from warta.analytics import charts, dashboards, export
from warta.analytics.models import REFERRER_CLASSES

REFERRER_LABELS = {
    "search": gettext_lazy("Mesin pencari"),
    "social": gettext_lazy("Media sosial"),
    "apps": gettext_lazy("WhatsApp dan aplikasi"),
    "direct": gettext_lazy("Langsung"),
    "internal": gettext_lazy("Tautan di situs ini"),
    "network": gettext_lazy("Situs lain jaringan Warta"),
    "other": gettext_lazy("Lainnya"),
}
DEFAULT_DAYS = 7
EARLIEST = date(2000, 1, 1)  # no news site counted before this
MAX_DAYS = 366


def may_view(user) -> bool:
    return bool(dashboards.dashboard_sites(user))


def _sites(request: HttpRequest) -> list[Site]:
    sites = dashboards.dashboard_sites(request.user)
    if not sites:
        raise PermissionDenied
    return sites


def _site_or_404(request: HttpRequest, site_id: int) -> tuple[Site, list[Site]]:
    sites = _sites(request)
    site = dashboards.site_or_none(sites, site_id)
    if site is None:
        raise Http404
    return site, sites


def _context(request: HttpRequest, site: Site | None, sites: list[Site], tab: str) -> dict:
    return {
        "site": site,
        "sites": sites,
        "network": dashboards.sees_network(request.user, sites),
        "tab": tab,
    }


def _referrers(totals: dashboards.Totals) -> list[charts.Bar]:
    return charts.bar_chart(
        [(c, str(REFERRER_LABELS[c]), totals.refs.get(c, 0)) for c in REFERRER_CLASSES]
    )


class RangeForm(forms.Form):
    """A range of the site's local days (both ends included), and optionally one author's
    or one desk's stories."""

    dari = forms.DateField(label=gettext_lazy("Dari"), required=False)
    sampai = forms.DateField(label=gettext_lazy("Sampai"), required=False)
    penulis = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    kanal = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)

    def __init__(self, data, *, today: date) -> None:
        super().__init__(data)
        self.today = today

    def days(self) -> tuple[date, date]:
        """The range asked for, within EARLIEST..today (year 1 or 9999 is no error, just
        the nearest day there can be numbers for), at most MAX_DAYS long."""

        def within(day: date) -> date:
            return min(max(day, EARLIEST), self.today)

        last, first = self.today, self.today - timedelta(days=DEFAULT_DAYS - 1)
        if self.is_valid():
            last = within(self.cleaned_data["sampai"] or last)
            first = within(
                self.cleaned_data["dari"] or max(last - timedelta(DEFAULT_DAYS - 1), EARLIEST)
            )
        if first > last:
            first, last = last, first
        return max(first, last - timedelta(days=MAX_DAYS - 1)), last

    def only(self) -> dict[str, int]:
        """{"author_id": …} or {"channel_id": …} when the range is narrowed to one of them."""
        if not self.is_valid():
            return {}
        if self.cleaned_data["penulis"]:
            return {"author_id": self.cleaned_data["penulis"]}
        if self.cleaned_data["kanal"]:
            return {"channel_id": self.cleaned_data["kanal"]}
        return {}


def _range(request: HttpRequest, site: Site) -> tuple[RangeForm, date, date]:
    form = RangeForm(request.GET or None, today=dashboards.local_today(site))
    first, last = form.days()
    return form, first, last


# ---- pages -----------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    """The site picker lands here (?situs=<id>); otherwise the network view for those who
    see every site, else the user's (first) site."""
    sites = _sites(request)
    picked = request.GET.get("situs", "")
    if picked:
        site = dashboards.site_or_none(sites, int(picked) if picked.isdigit() else 0)
        if site is None:
            raise Http404
        return redirect("analytics_admin_site", site.pk)
    if dashboards.sees_network(request.user, sites):
        return redirect("analytics_admin_network")
    return redirect("analytics_admin_site", sites[0].pk)


def network(request: HttpRequest) -> HttpResponse:
    sites = _sites(request)
    if not dashboards.sees_network(request.user, sites):
        raise Http404
    regions = dashboards.network_regions(sites)
    context = _context(request, None, sites, "network")
    context["regions"] = regions
    context["bars"] = charts.bar_chart(
        [(str(r.site.pk), r.site.site_name, r.views_today) for r in regions]
    )
    context["readers_now"] = sum(r.readers_now for r in regions)
    return TemplateResponse(request, "analytics/admin/network.html", context)


def site_overview(request: HttpRequest, site_id: int) -> HttpResponse:
    site, sites = _site_or_404(request, site_id)
    numbers = dashboards.overview(site)
    hours = numbers.hours
    context = _context(request, site, sites, "overview")
    context.update(
        numbers=numbers,
        referrers=_referrers(numbers.totals),
        desks=charts.bar_chart([(str(d.key), d.name, d.value) for d in numbers.now.desks]),
        hour_chart=charts.column_chart(
            hours.today[: hours.hour_now + 1], hours.yesterday, [f"{h:02d}" for h in range(24)]
        ),
    )
    return TemplateResponse(request, "analytics/admin/overview.html", context)


@never_cache
def live(request: HttpRequest, site_id: int) -> JsonResponse:
    """Readers now, for the overview's 15-second refresh (analytics/admin/live.js)."""
    site, _sites_ = _site_or_404(request, site_id)
    now = dashboards.readers_now_of_site(site)
    marks = dashboards.trends(site, [s.key for s in now.stories])
    return JsonResponse(
        {
            "site": site.pk,
            "total": now.total,
            "desks": [{"id": d.key, "name": d.name, "readers": d.value} for d in now.desks],
            "stories": [
                {
                    "id": s.key,
                    "title": s.name,
                    "readers": s.value,
                    "trend": marks.get(s.key, ""),
                    "url": reverse("analytics_admin_story", args=[site.pk, s.key]),
                }
                for s in now.stories
            ],
            "at": timezone.now().isoformat(timespec="seconds"),
        }
    )


def story(request: HttpRequest, site_id: int, page_id: int) -> HttpResponse:
    site, sites = _site_or_404(request, site_id)
    found = dashboards.story_or_none(site, page_id)
    if found is None:
        raise Http404
    numbers = dashboards.story_numbers(site, found)
    context = _context(request, site, sites, "story")
    context.update(
        numbers=numbers,
        referrers=_referrers(numbers.totals),
        chart=charts.column_chart(
            numbers.hours, numbers.median, [str(h) for h in range(len(numbers.hours))]
        ),
        median_days=dashboards.MEDIAN_DAYS,
        last_hour=len(numbers.hours) - 1,
    )
    return TemplateResponse(request, "analytics/admin/story.html", context)


def breakdown(request: HttpRequest, site_id: int) -> HttpResponse:
    """Desks, authors and stories of a site over a range of days."""
    site, sites = _site_or_404(request, site_id)
    form, first, last = _range(request, site)
    only = form.only()
    desks = dashboards.desks_in_range(site, first, last)
    narrowed = ""
    if only and not dashboards.counted_here(site, **only):
        raise Http404  # an author or desk with no numbers here: not this site's to name
    if "author_id" in only:
        narrowed = dashboards.author_name(only["author_id"]) or ""
    elif "channel_id" in only:
        narrowed = dashboards.titles([only["channel_id"]]).get(only["channel_id"], "")
    if only and not narrowed:
        raise Http404  # no such author or published desk
    days = f"dari={first.isoformat()}&sampai={last.isoformat()}"
    narrow = {"author_id": "penulis", "channel_id": "kanal"}
    context = _context(request, site, sites, "breakdown")
    context.update(
        form=form,
        first=first,
        last=last,
        desks=desks,
        authors=dashboards.authors_in_range(site, first, last),
        stories=dashboards.stories_in_range(site, first, last, limit=50, **only),
        narrowed=narrowed,
        days_query=days,
        export_query=days + "".join(f"&{narrow[k]}={v}" for k, v in only.items()),
    )
    return TemplateResponse(request, "analytics/admin/breakdown.html", context)


def export_csv(request: HttpRequest, site_id: int) -> HttpResponse:
    site, _sites_ = _site_or_404(request, site_id)
    form, first, last = _range(request, site)
    only = form.only()
    if only and not dashboards.counted_here(site, **only):
        raise Http404
    rows = dashboards.stories_in_range(site, first, last, **only)
    response = HttpResponse(export.write_stories(rows), content_type="text/csv; charset=utf-8")
    name = f"analitik-{site.pk}-{first.isoformat()}-{last.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
