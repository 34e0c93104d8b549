from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from warta.articles.models import Author
from warta.channels.models import ChannelPage
from warta.core.pagination import paginate
from warta.core.sites.lite import lite_template
from warta.core.sites.lookup import site_for_request, site_settings_for
from warta.search.parsing import parse_query
from warta.search.queries import SORTS, SearchFilters, search_articles, snippet


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 12 else None


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def search_page(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    query = parse_query(request.GET.get("q"))
    filters = SearchFilters(
        channel_id=_int(request.GET.get("kanal")),
        author_id=_int(request.GET.get("penulis")),
        date_from=_date(request.GET.get("dari")),
        date_to=_date(request.GET.get("sampai")),
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
        "page_obj": None,
        "results": [],
    }
    if query and site is not None:
        zone = site_settings_for(site).time_zone
        results = search_articles(site, query, filters, zone)
        page_obj = paginate(request, results, settings.WARTA_ARTICLES_PER_PAGE)
        stems = query.all_stems
        context["page_obj"] = page_obj
        context["results"] = [
            {"article": a, "snippet": snippet(a, stems)} for a in page_obj.object_list
        ]
    # The lite edition's own list on /lite/cari/ (warta.core.sites.lite).
    return render(request, lite_template(request, "search/search_page.html"), context)
