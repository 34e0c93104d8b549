"""Accounts owns readers: sign-up, sign-in and recovery (django-allauth, with django-axes
locking out repeated failures), personalisation ("Untuk Anda", followed region, channels,
topics and authors), saved stories, opt-in reading history, export and deletion. Staff sign in
to the Wagtail admin with the same user table but never through reader sign-up; who may
manage which staff account is warta.accounts.staff, and only staff sign in to the admin."""

from django.apps import AppConfig
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "warta.accounts"
    label = "accounts"
    verbose_name = "Accounts"
    default = True  # "warta.accounts" in INSTALLED_APPS is this one, not the one below

    def ready(self) -> None:
        from warta.accounts import receivers  # noqa: F401


class StaffUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with Warta's user views (installed in its place)."""

    user_viewset = "warta.accounts.staff_admin.StaffUserViewSet"
