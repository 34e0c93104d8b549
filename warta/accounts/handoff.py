"""The network sign-in hand-off: one account on a site whose host does not share the network's
cookie domain (a partner on its own domain; every regional host while WARTA_COOKIE_DOMAIN is
unset). Its "Masuk" goes to the network's sign-in host (the default site's); once the reader is
signed in there, they come back through a token that is signed, lives WARTA_HANDOFF_SECONDS,
is good once, and is bound to the user, the target host, the next path and the browser that
started (a random state kept in a cookie on the target host, as OAuth's `state`, so nobody can
sign a victim in as themselves with a token of their own).

Newsroom accounts are never handed off: staff sessions are made on the admin host only
(docs/decisions/2026-12-03-network-sign-in.md)."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.http.request import validate_host
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from wagtail.models import Site

from warta.accounts.admin_login import may_use_admin
from warta.accounts.models import UsedHandoffToken
from warta.core.security.adminhosts import admin_hosts
from warta.core.security.cookiedomain import in_cookie_domain, request_host
from warta.core.sites.lookup import all_sites

SALT = "warta.accounts.handoff"
STATE_COOKIE = "warta_handoff"
STATE_COOKIE_PATH = "/akun/jaringan/"
STATE_LIFE = 15 * 60  # seconds to sign in on the network host (the token's own life is short)


class HandoffRefused(ValueError):
    """The hand-off cannot go on; the message (Indonesian) says why, for the reader."""


def sign_in_site() -> Site | None:
    """The network's sign-in host: the default site's."""
    return next((site for site in all_sites() if site.is_default_site), None)


def site_origin(site: Site, request: HttpRequest) -> str:
    """scheme://host[:port] of a site, in the scheme the reader uses."""
    port = "" if site.port in (80, 443) else f":{site.port}"
    return f"{request.scheme}://{site.hostname}{port}"


def network_site(hostname: str) -> Site | None:
    """The network's own site with this host name, other than the sign-in site: a hand-off
    goes to no other host (not an admin host, not a suspended site, never an arbitrary one)."""
    hostname = hostname.lower()
    site = next((s for s in all_sites() if s.hostname == hostname and not s.is_default_site), None)
    if site is None or getattr(site, "suspended", False):
        return None
    if validate_host(hostname, admin_hosts()):
        return None
    return site


def handoff_site(request: HttpRequest) -> Site | None:
    """The sign-in site, when a reader on this request's host signs in through the hand-off:
    the host is a network site's own host name, not the sign-in host, and not under the cookie
    domain (there the session is shared already). None: the reader signs in right here."""
    if hasattr(request, "warta_path_prefix"):  # /r/<slug>/: the same host, the same cookie
        return None
    host = request_host(request)
    sign_in = sign_in_site()
    if sign_in is None or host == sign_in.hostname or in_cookie_domain(host):
        return None
    return sign_in if network_site(host) is not None else None


def relative_next(value: str | None) -> str:
    """`value` if it is a path on the same host ("/berita/x/?a=1"); otherwise refused."""
    value = value or "/"
    if (
        not value.startswith("/")
        or value.startswith(("//", "/\\"))
        or any(ord(ch) < 32 for ch in value)
        or not url_has_allowed_host_and_scheme(value, allowed_hosts=None)
    ):
        raise HandoffRefused(_("Alamat tujuan harus halaman di situs ini."))
    return value


def new_state() -> str:
    return secrets.token_urlsafe(24)


def _state_hash(state: str) -> str:
    return hashlib.sha256(state.encode()).hexdigest()[:32]


def check_state(state: str | None) -> str:
    if not state or len(state) > 64:
        raise HandoffRefused(_("Permintaan masuk ini tidak lengkap. Silakan mulai dari situsnya."))
    return state


def is_newsroom_account(user: Any) -> bool:
    """Staff, superusers, holders of any group (every group is a newsroom role) and anyone who
    may use the admin."""
    return bool(user.is_staff or user.is_superuser or user.groups.exists() or may_use_admin(user))


def _account_hash(user: Any) -> str:
    """Changes when the password does: a token issued before a password change is void."""
    return user.get_session_auth_hash()[:20]


def issue_token(user: Any, site: Site, next_path: str, state: str) -> str:
    """A signed token handing `user` to `site` (then `next_path`) for the browser holding
    `state`. Refused for newsroom accounts."""
    if is_newsroom_account(user):
        raise HandoffRefused(_("Akun redaksi tidak dibawa masuk ke situs lain."))
    payload = {
        "u": user.pk,
        "h": site.hostname,
        "n": relative_next(next_path),
        "s": _state_hash(check_state(state)),
        "a": _account_hash(user),
        "j": secrets.token_hex(16),
    }
    return signing.dumps(payload, salt=SALT)


def redeem_token(token: str, *, host: str, state: str | None) -> tuple[Any, str]:
    """The user and next path of a token presented on `host` by the browser holding `state`,
    marking it used. Refused: a bad signature, an expired or used token, another host, another
    browser, an account that changed, a newsroom account."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.WARTA_HANDOFF_SECONDS)
    except signing.SignatureExpired:
        raise HandoffRefused(_("Tautan masuk ini sudah kedaluwarsa. Silakan masuk lagi.")) from None
    except signing.BadSignature:
        raise HandoffRefused(_("Tautan masuk ini tidak sah.")) from None
    if not isinstance(data, dict) or not all(k in data for k in "uhnsaj"):
        raise HandoffRefused(_("Tautan masuk ini tidak sah."))
    if data["h"] != host.lower() or network_site(host) is None:
        raise HandoffRefused(_("Tautan masuk ini bukan untuk situs ini."))
    if not state or not constant_time_compare(data["s"], _state_hash(state)):
        raise HandoffRefused(
            _("Tautan masuk ini dibuka di peramban lain. Silakan masuk lagi dari situs ini.")
        )
    user = get_user_model().objects.filter(pk=data["u"], is_active=True).first()
    if user is None or not constant_time_compare(data["a"], _account_hash(user)):
        raise HandoffRefused(_("Tautan masuk ini tidak berlaku lagi. Silakan masuk lagi."))
    if is_newsroom_account(user):
        raise HandoffRefused(_("Akun redaksi tidak dibawa masuk ke situs lain."))
    next_path = relative_next(data["n"])
    _mark_used(data["j"], user, host)
    return user, next_path


def _mark_used(token_id: str, user: Any, host: str) -> None:
    """Once only, in every process: the unique token id is the lock."""
    try:
        with transaction.atomic():
            UsedHandoffToken.objects.create(token_id=token_id, user=user, host=host[:255])
    except IntegrityError:
        raise HandoffRefused(_("Tautan masuk ini sudah dipakai. Silakan masuk lagi.")) from None
    # A used mark outlives its token by far; older ones can go.
    stale = timezone.now() - timedelta(seconds=settings.WARTA_HANDOFF_SECONDS * 10)
    UsedHandoffToken.objects.filter(used_at__lt=stale).delete()
