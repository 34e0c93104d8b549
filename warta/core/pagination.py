from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest
from django.utils.functional import cached_property

MAX_PAGES = 200  # deeper than any reader goes; the archive and search reach older stories


class CappedPaginator(Paginator):
    """Counts at most MAX_PAGES pages of rows: a COUNT over a million stories would cost more
    than the page itself. `count_from` counts a cheaper queryset with the same rows (a list's
    listing rows rather than its stories with their joins)."""

    def __init__(self, object_list, per_page, *, count_from=None, **kwargs) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count_from = count_from

    @cached_property
    def count(self) -> int:
        cap = MAX_PAGES * self.per_page
        # A queryset (counted by the database) or any sized sequence (RankedResults, a list).
        counted: Any = self.object_list if self.count_from is None else self.count_from
        if hasattr(counted, "query"):
            # No ORDER BY: the database stops at `cap` rows instead of sorting them all.
            return counted.order_by()[:cap].count()
        return min(len(counted), cap)


def paginate(request: HttpRequest, queryset, per_page: int, *, count_from=None) -> Page:
    """A page of `queryset` from ?page=N; a bad or out-of-range number is a 404, not a 500."""
    paginator = CappedPaginator(
        queryset, per_page, allow_empty_first_page=True, count_from=count_from
    )
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage) as exc:
        raise Http404(str(exc)) from exc
