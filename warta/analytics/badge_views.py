"""The admin's "N pembaca sekarang" badges (page explorer and story editor) ask here for the
stories on the screen; static/analytics/admin/readers-now.js draws them."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from warta.analytics.queries import MAX_BADGES, readers_now_in_admin


@require_GET
def readers_now_badges(request: HttpRequest) -> JsonResponse:
    """GET ?id=1&id=2 … → {"1": 3, "2": 0}: the published stories among them the user may
    see, with their readers now."""
    asked = request.GET.getlist("id")[:MAX_BADGES]
    ids = [int(v) for v in asked if v.isascii() and v.isdigit() and len(v) <= 10]
    counts = readers_now_in_admin(request.user, ids)
    return JsonResponse({str(pk): n for pk, n in counts.items()})  # never cached: the admin's
