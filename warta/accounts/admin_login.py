"""The admin's sign-in signs in staff only. A reader's password is right for their own account,
but the admin login must not hand them a session: that would skip the mandatory email
verification and the limits of reader sign-in (allauth). Anyone who may not use the admin gets
the same answer as a wrong password, so the form does not reveal which accounts exist, and
the attempt counts as a failure for the lockout (django-axes) like any wrong password."""

from __future__ import annotations

from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm


def may_use_admin(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class StaffLoginForm(LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Wagtail's field has no label, so Django shows its name, "Password", in any language.
        self.fields["password"].label = gettext_lazy("Password")

    def confirm_login_allowed(self, user) -> None:
        if not may_use_admin(user):
            user_login_failed.send(
                sender=__name__,
                credentials={"username": self.cleaned_data.get("username")},
                request=self.request,
            )
            raise self.get_invalid_login_error()
        super().confirm_login_allowed(user)
