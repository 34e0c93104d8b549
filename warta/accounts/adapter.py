"""How allauth and axes fit Warta: readers are never staff, both count a request by the one
client address (warta.core.clientaddress), and a locked-out login says why."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from warta.core.clientaddress import client_address


class ReaderAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Whatever a sign-up form sends, a reader gets no admin access.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request) -> str:
        # allauth's throttles (ACCOUNT_RATE_LIMITS) count by the same address as axes and
        # Warta's own limits; allauth itself widens an IPv6 address to its /64.
        address = client_address(request)
        if not address:
            raise PermissionDenied(_("Alamat Anda tidak dapat dikenali."))
        return address


def attempted_username(request, credentials) -> str:
    """The account a login attempt is for: allauth's form calls it `login` (email or
    username), Django's and Wagtail's `username`."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) or {}
    name = (credentials.get("username") or credentials.get("email") or credentials.get("login")
            or data.get("login") or data.get("username") or "")  # fmt: skip
    return str(name).strip().lower()
