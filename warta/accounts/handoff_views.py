"""The network sign-in hand-off's three steps (warta.accounts.handoff has the rules):

1. /akun/login/ on a host that signs in through the network: a random state goes into a
   cookie on this host and the reader goes on to the sign-in host's /akun/jaringan/serahkan/
   (a page that refreshes at once, with a link, as in step 2).
   Anywhere else it is allauth's sign-in page, as before.
2. /akun/jaringan/serahkan/ on the sign-in host: signs the reader in there if they are not
   yet (allauth's page, then back here), and sends them back with a token (a page that
   refreshes at once to the first host, with a link for the reader to follow if it does not).
3. /akun/jaringan/terima/ on the first host: checks the token, starts a session, goes on to
   the next path.

Nothing here is cacheable, and the token never leaves in a Referer."""

from __future__ import annotations

from urllib.parse import urlencode

from allauth.account.views import login as allauth_login
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from warta.accounts import handoff
from warta.core.security.cookiedomain import request_host

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _never_cached(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    return response


def _refused(
    request: HttpRequest, message: str, *, back: str, again: bool = False, status: int = 400
) -> HttpResponse:
    context = {"message": message, "back": back, "again": again}
    response = TemplateResponse(request, "accounts/handoff_refused.html", context, status=status)
    return _never_cached(response)


def _onward(request: HttpRequest, url: str, *, heading: str, site_name: str) -> HttpResponse:
    """A page that moves on to another host at once (and a link), not a redirect: after a form
    (the sign-in form, a "Simpan" sent signed out) the browser holds a cross-host redirect to
    that form's CSP, form-action 'self', and blocks it."""
    context = {"url": url, "heading": heading, "site_name": site_name}
    return _never_cached(TemplateResponse(request, "accounts/handoff_continue.html", context))


def login(request: HttpRequest) -> HttpResponse:
    sign_in = handoff.handoff_site(request)
    if sign_in is None:
        return allauth_login(request)
    try:
        next_path = handoff.relative_next(request.GET.get("next"))
    except handoff.HandoffRefused:
        next_path = "/"
    if request.user.is_authenticated:
        return _never_cached(redirect(next_path))
    state = handoff.new_state()
    query = urlencode({"situs": request_host(request), "next": next_path, "state": state})
    target = f"{handoff.site_origin(sign_in, request)}{reverse('accounts:handoff_start')}"
    response = _onward(
        request, f"{target}?{query}", heading=_("Masuk"), site_name=sign_in.site_name
    )
    response.set_cookie(
        handoff.STATE_COOKIE,
        state,
        max_age=handoff.STATE_LIFE,
        path=handoff.STATE_COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",  # comes back with the top-level redirect from the sign-in host
    )
    return _never_cached(response)


def start(request: HttpRequest) -> HttpResponse:
    sign_in = handoff.sign_in_site()
    if (
        sign_in is None
        or hasattr(request, "warta_path_prefix")
        or request_host(request) != sign_in.hostname
    ):
        raise Http404("Masuk jaringan hanya di alamat utama.")
    site = handoff.network_site(request.GET.get("situs", ""))
    if site is None:
        return _refused(request, _("Situs tujuan bukan bagian dari jaringan ini."), back="/")
    try:
        next_path = handoff.relative_next(request.GET.get("next"))
        state = handoff.check_state(request.GET.get("state"))
    except handoff.HandoffRefused as refused:
        return _refused(request, str(refused), back="/")
    if not request.user.is_authenticated:
        messages.info(
            request,
            _("Masuk dengan akun %(network)s Anda; setelah itu Anda kembali ke %(site)s.")
            % {"network": sign_in.site_name, "site": site.site_name},
        )
        return _never_cached(redirect_to_login(request.get_full_path()))
    back = f"{handoff.site_origin(site, request)}{next_path}"
    try:
        token = handoff.issue_token(request.user, site, next_path, state)
    except handoff.HandoffRefused as refused:
        return _refused(request, str(refused), back=back, status=403)
    finish = f"{handoff.site_origin(site, request)}{reverse('accounts:handoff_finish')}"
    url = f"{finish}?{urlencode({'token': token})}"
    return _onward(request, url, heading=_("Anda sudah masuk"), site_name=site.site_name)


def finish(request: HttpRequest) -> HttpResponse:
    again = f"{reverse('account_login')}?{urlencode({'next': '/'})}"
    try:
        user, next_path = handoff.redeem_token(
            request.GET.get("token", ""),
            host=request_host(request),
            state=request.COOKIES.get(handoff.STATE_COOKIE),
        )
    except handoff.HandoffRefused as refused:
        return _refused(request, str(refused), back=again, again=True)
    auth_login(request, user, backend=BACKEND)
    response = redirect(next_path)
    response.delete_cookie(handoff.STATE_COOKIE, path=handoff.STATE_COOKIE_PATH)
    return _never_cached(response)
