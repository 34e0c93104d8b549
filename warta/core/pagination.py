from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

MAX_PAGES = 200  # deeper than any reader goes; the archive and search reach older stories


class CappedPaginator(Paginator):
    """Counts at most MAX_PAGES pages of rows: a COUNT over a million stories would cost more
    than the page itself."""

    @cached_property
    def count(self) -> int:
        cap = MAX_PAGES * self.per_page
        if hasattr(self.object_list, "query"):
            # No ORDER BY: the database stops at `cap` rows instead of sorting them all.
            return self.object_list.order_by()[:cap].count()
        return min(len(self.object_list), cap)


def paginate(request: HttpRequest, queryset, per_page: int) -> Page:
    """A page of `queryset` from ?page=N; a bad or out-of-range number is a 404, not a 500."""
    paginator = CappedPaginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404(str(exc)) from exc
