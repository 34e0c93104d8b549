"""Requests refused before anything else reads them."""

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse

if TYPE_CHECKING:
    from django.http.request import _ImmutableQueryDict  # django-stubs' read-only QueryDict


class RejectNulMiddleware:
    """A NUL byte is never legitimate, and PostgreSQL refuses it in any string. In a path it is
    a 404; in the API's parameters a clear 400; in a public page's query (search) it is dropped,
    so the reader still gets a normal page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            return HttpResponseNotFound("Not found")
        if any("\x00" in value for _, values in request.GET.lists() for value in values):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "NUL characters are not allowed in parameters."}, status=400
                )
            cleaned = request.GET.copy()
            for key, values in request.GET.lists():
                cleaned.setlist(key, [value.replace("\x00", "") for value in values])
            cleaned._mutable = False
            request.GET = cast("_ImmutableQueryDict", cleaned)  # read-only again, as Django's
        return self.get_response(request)
