"""How allauth and axes fit Warta: readers are never staff, both count a request by the one
client address (warta.core.security.clientaddress), and an account is one account to the lockout
whether its username or its email was typed. A sign-in asked for by an action (save a story,
follow a topic) finishes that action (warta.accounts.continuation)."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from warta.accounts import continuation
from warta.core.security.clientaddress import client_address

MAX_NAME = 255  # axes' username column


class ReaderAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Whatever a sign-up form sends, a reader gets no admin access.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)

    def is_safe_url(self, url) -> bool:
        # `next` is only ever a path on this site: never another host, "//host" or a scheme
        # (allauth would accept any host in ALLOWED_HOSTS, and dev allows every host).
        return continuation.safe_next(url) is not None

    def post_login(self, request, user, *, redirect_url=None, **kwargs):
        # Signed in to save a story or follow something: do it, then go back to the story.
        # Runs for a password sign-in and for the sign-in that completes an email confirmation.
        back = continuation.complete(user, redirect_url)
        return super().post_login(request, user, redirect_url=back or redirect_url, **kwargs)

    def get_client_ip(self, request) -> str:
        # allauth's throttles (ACCOUNT_RATE_LIMITS) count by the same address as axes and
        # Warta's own limits; allauth itself widens an IPv6 address to its /64.
        address = client_address(request)
        if not address:
            raise PermissionDenied(_("Alamat Anda tidak dapat dikenali."))
        return address


def _account_name(typed: str) -> str:
    """An existing account's username for an email or username typed in any case; otherwise
    what was typed, lower-cased."""
    user_model = get_user_model()
    if "@" in typed:
        users = filter_users_by_email(typed)
        if len(users) == 1:
            return users[0].get_username()
    field = user_model.USERNAME_FIELD
    users = list(user_model.objects.filter(**{f"{field}__iexact": typed})[:2])
    exact = [user for user in users if user.get_username() == typed]
    if len(users) == 1 or exact:
        return (exact or users)[0].get_username()
    return typed.lower()[:MAX_NAME]


def attempted_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the account a login attempt is for. allauth's form calls it
    `login` (email or username; it passes `email` and `username`), Django's and Wagtail's
    `username`, axes itself the username after a successful login. Looked up once per request."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) or {}
    name = (
        credentials.get("username")
        or credentials.get("email")
        or credentials.get("login")
        or data.get("login")
        or data.get("username")
        or ""
    )
    typed = str(name).strip()[:MAX_NAME]
    if not typed:
        return ""
    seen = request.__dict__.setdefault("_warta_attempted_usernames", {}) if request else {}
    if typed not in seen:
        seen[typed] = _account_name(typed)
    return seen[typed]
