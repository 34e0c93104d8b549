"""The daily salt of visitor hashes: one random value per day (the network's time zone),
shared by every process through the database, created by whoever needs it first and deleted
the day after (`rotate`), so yesterday's hashes can no longer be matched to anyone."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

from warta.analytics.models import DailySalt

_known: dict[date, str] = {}


def day_of(at: float) -> date:
    return datetime.fromtimestamp(at, ZoneInfo(settings.TIME_ZONE)).date()


def salt_for(day: date) -> str:
    """The day's salt: read once per process and day (off the request path)."""
    salt = _known.get(day)
    if salt is not None:
        return salt
    found = DailySalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found is None:
        try:
            with transaction.atomic():
                found = DailySalt.objects.create(day=day, salt=secrets.token_hex(32)).salt
        except IntegrityError:  # another process made it a moment ago: use theirs
            found = DailySalt.objects.get(day=day).salt
    if len(_known) > 4:
        _known.clear()
    _known[day] = found
    return found


def rotate(today: date) -> int:
    """Delete every salt before today's (run by the worker each tick) and forget them here."""
    for day in [d for d in _known if d < today]:
        del _known[day]
    deleted, _ = DailySalt.objects.filter(day__lt=today).delete()
    return deleted


def forget() -> None:
    _known.clear()
