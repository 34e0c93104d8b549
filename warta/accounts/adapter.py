"""How allauth and axes fit Warta: readers are never staff, and a locked-out login says why."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter


class ReaderAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Whatever a sign-up form sends, a reader gets no admin access.
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)


def attempted_username(request, credentials) -> str:
    """The account a login attempt is for: allauth's form calls it `login` (email or
    username), Django's and Wagtail's `username`."""
    credentials = credentials or {}
    data = getattr(request, "POST", {}) or {}
    name = (credentials.get("username") or credentials.get("email") or credentials.get("login")
            or data.get("login") or data.get("username") or "")  # fmt: skip
    return str(name).strip().lower()
