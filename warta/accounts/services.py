"""Writes for reader accounts: saved stories, opt-in reading history, export and deletion."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import transaction
from django.utils import timezone

from warta.accounts.models import ReaderPreferences, ReadingHistory, SavedStory
from warta.accounts.preferences import Preferences, for_user, save_for_user


def save_story(user, article, *, saved: bool = True) -> bool:
    if saved:
        SavedStory.objects.get_or_create(user=user, article=article)
    else:
        SavedStory.objects.filter(user=user, article=article).delete()
    return saved


def follow_for_user(user, kind: str, slug: str) -> None:
    """Follow a channel, topic or author in the reader's account (as the follow button does)."""
    prefs = for_user(user)
    prefs.follow(kind, slug, on=True)
    save_for_user(user, prefs)


def history_enabled(user) -> bool:
    return ReaderPreferences.objects.filter(user=user, history_enabled=True).exists()


def set_history(user, enabled: bool) -> None:
    ReaderPreferences.objects.update_or_create(user=user, defaults={"history_enabled": enabled})
    if not enabled:
        clear_history(user)  # turning it off forgets what was kept


def record_read(user, article_id: int) -> None:
    if history_enabled(user):
        ReadingHistory.objects.update_or_create(
            user=user, article_id=article_id, defaults={"read_at": timezone.now()}
        )


def clear_history(user) -> int:
    return ReadingHistory.objects.filter(user=user).delete()[0]


def merge_device_choices(user, device: Preferences) -> None:
    """At sign-in, choices made on this device without an account join the account's."""
    if not device.is_empty:
        save_for_user(user, for_user(user).merged(device))


def export_data(user) -> dict:
    """Everything Warta keeps about the reader, as JSON-ready data."""
    prefs = ReaderPreferences.objects.filter(user=user).first()
    return {
        "account": {
            "username": user.username,
            "email": user.email,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "preferences": {
            "province_code": prefs.province_code,
            "regency": prefs.regency,
            "channels": prefs.channels,
            "topics": prefs.topics,
            "authors": prefs.authors,
            "history_enabled": prefs.history_enabled,
        }
        if prefs
        else None,
        "saved_stories": [
            {
                "title": s.article.title,
                "url": s.article.full_url,
                "saved_at": s.saved_at.isoformat(),
            }
            for s in SavedStory.objects.filter(user=user).select_related("article")
        ],
        "reading_history": [
            {"title": h.article.title, "url": h.article.full_url, "read_at": h.read_at.isoformat()}
            for h in ReadingHistory.objects.filter(user=user).select_related("article")
        ],
    }


@transaction.atomic
def delete_account(user) -> None:
    """The account and everything kept for it, including failed-login records by its name."""
    names = {user.username, user.email}
    AccessAttempt.objects.filter(username__in=names).delete()
    AccessFailureLog.objects.filter(username__in=names).delete()
    AccessLog.objects.filter(username__in=names).delete()
    user.delete()  # preferences, saved stories, history and email addresses cascade
