"""Accounts owns readers: sign-up, sign-in and recovery (django-allauth, with django-axes
locking out repeated failures), personalisation ("Untuk Anda", followed region, channels,
topics and authors), saved stories, opt-in reading history, export and deletion. Staff sign in
to the Wagtail admin with the same user table but never through reader sign-up."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "warta.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from warta.accounts import receivers  # noqa: F401
