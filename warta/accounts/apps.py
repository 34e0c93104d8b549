"""Accounts owns how people sign in to the public site. Reader accounts with sign-up and
personalisation build on this; staff use the same sign-in and then the Wagtail admin."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "warta.accounts"
    label = "accounts"
    verbose_name = "Accounts"
