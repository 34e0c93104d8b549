"""The reader's newsletter pages: sign up, confirm, preferences (by a signed link, without
signing in) and one-click unsubscribe. None of them is ever stored in a shared cache."""

from __future__ import annotations

import base64
import logging

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from warta.core.security.clientaddress import counted_address
from warta.core.security.ratelimit import hit
from warta.core.sites.lookup import site_for_request
from warta.newsletters import links, queries, services
from warta.newsletters.forms import PreferencesForm, SignupForm
from warta.newsletters.models import Subscription

logger = logging.getLogger(__name__)

# A 1x1 transparent GIF.
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_cache=True, no_store=True, max_age=0)
    response["Vary"] = "Cookie"
    return response


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    return private(TemplateResponse(request, f"newsletters/{template}", context, status=status))


def _verified_email(request: HttpRequest) -> str:
    user = request.user
    if not user.is_authenticated or not user.email:
        return ""
    return user.email if services._verified_for(user, user.email) else ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    site = site_for_request(request)
    if site is None:
        raise Http404
    site_lists = queries.lists_for_site(site)
    account_email = _verified_email(request)
    status, outcome, rate_limited = 200, None, False
    if request.method == "POST":
        form = SignupForm(request.POST, site_lists=site_lists)
        limit = getattr(settings, "WARTA_NEWSLETTER_FORM_RATE", 10)
        if not hit("newsletter-form", counted_address(request), limit=limit, window=3600):
            rate_limited, status = True, 429
            form.is_valid()
        elif form.is_valid():
            if form.cleaned_data["website"]:
                logger.info("newsletter form: automated submission dropped")
                return _page(request, "signup_done.html", {"outcome": None, "site_lists": []})
            try:
                outcome = services.subscribe(
                    form.cleaned_data["email"],
                    form.cleaned_data["lists"],
                    user=request.user if account_email else None,
                )
            except services.NewsletterError as exc:
                form.add_error(None, str(exc))
                status = 400
            else:
                return _page(
                    request,
                    "signup_done.html",
                    {"outcome": outcome, "email": outcome.subscriber.email},
                )
        else:
            status = 400
    else:
        form = SignupForm(
            site_lists=site_lists, initial={"email": account_email} if account_email else None
        )
    return _page(
        request,
        "signup.html",
        {
            "form": form,
            "site_lists": site_lists,
            "account_email": account_email,
            "rate_limited": rate_limited,
            "chosen": _chosen(request, site_lists),
        },
        status,
    )


def _chosen(request: HttpRequest, site_lists: list) -> set[int]:
    if request.method == "POST":
        return {int(v) for v in request.POST.getlist("lists") if v.isdigit()}
    return {site_lists[0].pk} if len(site_lists) == 1 else set()


def _bad_link(request: HttpRequest) -> HttpResponse:
    return _page(request, "bad_link.html", {}, status=400)


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what will be confirmed and a button; POST confirms. Mail scanners that open
    every link do not subscribe anyone."""
    try:
        found = links.read_confirm_token(token)
    except links.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        subs = services.confirm(token)
        return _page(request, "confirmed.html", {"subscriptions": subs, "token": token})
    lists = services.NewsletterList.objects.filter(pk__in=found.list_ids)
    return _page(request, "confirm.html", {"lists": lists, "email": found.subscriber.email})


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber = links.read_preferences_token(token)
    except links.BadLink:
        return _bad_link(request)
    site = site_for_request(request)
    site_lists = queries.lists_for_site(site) if site else []
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST, site_lists=site_lists)
        if form.is_valid():
            services.set_preferences(
                subscriber, site_lists, {n.pk for n in form.cleaned_data["lists"]}
            )
            saved = True
    active = queries.active_list_ids(subscriber)
    form = PreferencesForm(
        site_lists=site_lists, initial={"lists": [n.pk for n in site_lists if n.pk in active]}
    )
    return _page(
        request,
        "preferences.html",
        {"form": form, "email": subscriber.email, "saved": saved, "site_lists": site_lists},
    )


@csrf_exempt  # RFC 8058: the mailbox provider POSTs without a cookie or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        subscriber, newsletter = links.read_unsubscribe_token(token)
    except links.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        services.unsubscribe(subscriber, newsletter, reason="one-click" if one_click else "reader")
        if one_click:
            return private(HttpResponse("OK", content_type="text/plain; charset=utf-8"))
        return _page(
            request,
            "unsubscribed.html",
            {
                "newsletter": newsletter,
                "preferences_token": links.preferences_token(subscriber),
            },
        )
    left = not Subscription.objects.filter(
        subscriber=subscriber, newsletter=newsletter, status=Subscription.ACTIVE
    ).exists()
    if left:
        return _page(
            request,
            "unsubscribed.html",
            {"newsletter": newsletter, "preferences_token": links.preferences_token(subscriber)},
        )
    return _page(request, "unsubscribe.html", {"newsletter": newsletter, "email": subscriber.email})


def opened(request: HttpRequest, token: str) -> HttpResponse:
    """The open-count pixel, only in mail of lists whose site turned counting on."""
    try:
        subscriber, issue_id = links.read_open_token(token)
    except links.BadLink:
        pass
    else:
        services.record_open(subscriber, issue_id)
    return private(HttpResponse(PIXEL, content_type="image/gif"))
