from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag
from wagtail.models import Site

from warta.articles import queries
from warta.articles.models import Author
from warta.core.pagecache import declare_lists, keys
from warta.core.pagination import paginate
from warta.core.sites.lite import lite_template
from warta.core.sites.lookup import site_for_request


def _site(request: HttpRequest) -> Site:
    site = site_for_request(request)
    if site is None:
        raise Http404("no site for this host")
    return site


def author_page(request: HttpRequest, slug: str) -> HttpResponse:
    author = get_object_or_404(Author.objects.select_related("photo"), slug=slug)
    site = _site(request)
    declare_lists(request, keys.author(author.pk), keys.author_stories(site.pk, author.pk))
    page_obj = paginate(
        request,
        queries.articles_by_author(author, site),
        settings.WARTA_ARTICLES_PER_PAGE,
        count_from=queries.listings_by_author(author, site),
    )
    return render(
        request,
        lite_template(request, "articles/author_page.html"),
        {"author": author, "page_obj": page_obj},
    )


def tag_page(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    site = _site(request)
    declare_lists(request, keys.tag(site.pk, tag.slug))
    page_obj = paginate(
        request,
        queries.articles_with_tag(tag, site),
        settings.WARTA_ARTICLES_PER_PAGE,
        count_from=queries.listings_with_tag(tag, site),
    )
    return render(
        request,
        lite_template(request, "articles/tag_page.html"),
        {"tag": tag, "page_obj": page_obj},
    )


def corrections_page(request: HttpRequest) -> HttpResponse:
    page_obj = paginate(
        request, queries.corrections_in_site(_site(request)), settings.WARTA_ARTICLES_PER_PAGE
    )
    return render(
        request, lite_template(request, "articles/corrections_page.html"), {"page_obj": page_obj}
    )
