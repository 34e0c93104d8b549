"""Readers' side of alerts: the service worker at the site's root (/sw.js, or /r/<slug>/sw.js
for a regional site reached by path), the web app manifest and its icons, the key and CSRF
token the opt-in script asks for, and subscribe / unsubscribe (JSON, CSRF-checked)."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from warta.alerts import queries, services
from warta.alerts.icons import SIZES, draw_icon
from warta.alerts.validation import SubscriptionError, parse_endpoint, parse_subscription
from warta.alerts.vapid import vapid_keys
from warta.core.security.clientaddress import counted_address
from warta.core.security.ratelimit import hit
from warta.core.sites.lookup import site_for_request, site_settings_for

SERVICE_WORKER = Path(__file__).resolve().parent / "static" / "alerts" / "sw.js"
DAY = 24 * 60 * 60


@cache
def _service_worker_source() -> bytes:
    return SERVICE_WORKER.read_bytes()


def _prefix(request: HttpRequest) -> str:
    return getattr(request, "warta_path_prefix", "") or ""


def _site(request: HttpRequest):
    site = site_for_request(request)
    if site is None:
        raise Http404
    return site


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(_service_worker_source(), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on navigation; no-cache keeps that check cheap and right.
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = json.dumps(queries.manifest(_site(request), _prefix(request)), ensure_ascii=False)
    response = HttpResponse(body, content_type="application/manifest+json; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def icon(request: HttpRequest, size: int) -> HttpResponse:
    if size not in SIZES:
        raise Http404
    site = _site(request)
    colour = getattr(site_settings_for(site), "primary_colour", "") or queries.DEFAULT_COLOUR
    drawn = hashlib.blake2b(f"{colour}|{site.site_name}".encode(), digest_size=8).hexdigest()
    key = f"warta:alerts:icon:{size}:{drawn}"
    png = django_cache.get(key)
    if png is None:
        png = draw_icon(site.site_name or "Warta", colour, size)
        django_cache.set(key, png, DAY)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_GET
def keys(request: HttpRequest) -> JsonResponse:
    """The VAPID public key and a CSRF token for the subscribe POST (pages are cached and the
    same for everyone, so the token cannot be in them). Private: never cached."""
    response = JsonResponse({"publicKey": vapid_keys().public_key, "csrf": get_token(request)})
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(error: SubscriptionError) -> JsonResponse:
    return JsonResponse({"ok": False, "error": str(error)}, status=400)


@require_POST
def subscribe(request: HttpRequest) -> JsonResponse:
    limit = settings.WARTA_ALERTS_SUBSCRIBE_RATE
    if not hit("alerts-subscribe", counted_address(request), limit=limit, window=3600):
        message = _("Terlalu banyak permintaan berlangganan dari alamat ini. Coba lagi nanti.")
        return JsonResponse({"ok": False, "error": message}, status=429)
    try:
        spec = parse_subscription(request.body)
    except SubscriptionError as error:
        return _refused(error)
    services.subscribe(_site(request), spec, language=get_language() or "id")
    return JsonResponse({"ok": True}, status=201)


@require_POST
def unsubscribe(request: HttpRequest) -> JsonResponse:
    try:
        endpoint = parse_endpoint(request.body)
    except SubscriptionError as error:
        return _refused(error)
    return JsonResponse({"ok": True, "removed": services.unsubscribe(endpoint)})
