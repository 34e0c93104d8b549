from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from warta.articles.models import Author
from warta.articles.queries import latest_articles
from warta.channels.models import ChannelPage
from warta.core.indonesia import dates
from warta.core.pagination import paginate
from warta.core.sites.lite import lite_template
from warta.core.sites.lookup import site_for_request, site_settings_for
from warta.search.fallback import search_with_fallback
from warta.search.parsing import parse_query
from warta.search.queries import SORTS, SearchFilters, result_region, snippet


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _dates(request: HttpRequest) -> tuple[dict[str, date | None], dict[str, str]]:
    values: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    for name in ("dari", "sampai"):
        try:
            values[name] = dates.parse_reader_date(request.GET.get(name))
        except ValueError:
            values[name] = None
            errors[name] = _("Tanggal tidak dikenali. Tulis hh/bb/tttt, misalnya 17/08/2026.")
    if values["dari"] and values["sampai"] and values["dari"] > values["sampai"]:
        errors["sampai"] = _("Tanggal akhir tidak boleh sebelum tanggal awal.")
        values["sampai"] = None
    return values, errors


def search_page(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    query = parse_query(request.GET.get("q"))
    dates, date_errors = _dates(request)
    filters = SearchFilters(
        channel_id=_int(request.GET.get("kanal")),
        author_id=_int(request.GET.get("penulis")),
        date_from=dates["dari"],
        date_to=dates["sampai"],
        sort=request.GET.get("urut") if request.GET.get("urut") in SORTS else "relevance",
    )
    context = {
        "query": query,
        "filters": filters,
        "channels": ChannelPage.objects.live().descendant_of(site.root_page).order_by("path")
        if site
        else [],
        "author": Author.objects.filter(pk=filters.author_id).first()
        if filters.author_id
        else None,
        "date_errors": date_errors,
        # What the reader typed comes back as typed when it was not understood.
        "date_text": {
            name: request.GET.get(name, "")[:20] if name in date_errors else ""
            for name in ("dari", "sampai")
        },
        "page_obj": None,
        "results": [],
        "outcome": None,
        "latest": [],
    }
    if query and site is not None:
        zone = site_settings_for(site).time_zone
        outcome = search_with_fallback(site, query, filters, zone)
        page_obj = paginate(request, outcome.results, settings.WARTA_ARTICLES_PER_PAGE)
        stems = query.all_stems
        context["outcome"] = outcome
        context["page_obj"] = page_obj
        context["results"] = [
            {
                "article": a,
                "snippet": snippet(a, stems),
                "region": result_region(a),
                "similar": getattr(a, "similar_stories", []),
            }
            for a in page_obj.object_list
        ]
        if outcome.suggestion:
            params = request.GET.copy()
            params["q"] = outcome.suggestion
            params.pop("page", None)
            context["suggestion_query"] = "?" + params.urlencode()
        if not context["results"]:  # never a dead end: the latest and Terpopuler
            context["latest"] = latest_articles(site, limit=5)
    # The lite edition's own list on /lite/cari/ (warta.core.sites.lite).
    return render(request, lite_template(request, "search/search_page.html"), context)
