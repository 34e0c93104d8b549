"""The daily salt of visitor hashes: one random value per day and time zone (a site's day
is its own: WIB, WITA or WIT, so a reader of Bali or Papua is one visitor for the whole local
day the dashboards show), shared by every process through the database, created by whoever
needs it first and deleted the day after (`rotate`), so yesterday's hashes can no longer be
matched to anyone."""

from __future__ import annotations

import secrets
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction

from warta.analytics.models import DailySalt

_known: dict[tuple[str, date], str] = {}
ROTATE_AFTER = 300  # seconds into a zone's new day: every process has moved on by then


def day_of(at: float, zone: str | None = None) -> date:
    """The local date of a moment in `zone` (the network's zone by default)."""
    return datetime.fromtimestamp(at, ZoneInfo(zone or settings.TIME_ZONE)).date()


def salt_for(day: date, zone: str | None = None) -> str:
    """The salt of that local day in that zone: read once per process (off the request
    path), created by the first process that needs it."""
    zone = zone or settings.TIME_ZONE
    salt = _known.get((zone, day))
    if salt is not None:
        return salt
    found = DailySalt.objects.filter(zone=zone, day=day).values_list("salt", flat=True).first()
    if found is None:
        try:
            with transaction.atomic():
                made = DailySalt.objects.create(zone=zone, day=day, salt=secrets.token_hex(32))
                found = made.salt
        except IntegrityError:  # another process made it a moment ago: use theirs
            found = DailySalt.objects.get(zone=zone, day=day).salt
    if len(_known) > 16:
        _known.clear()
    _known[zone, day] = found
    return found


def rotate(at: float) -> int:
    """Delete every salt of a day that ended (in its zone) at least ROTATE_AFTER seconds
    before `at`, and forget them here; run by the worker each tick."""
    deleted = 0
    for zone in set(DailySalt.objects.values_list("zone", flat=True)):
        today = day_of(at - ROTATE_AFTER, zone)
        for key in [k for k in _known if k[0] == zone and k[1] < today]:
            del _known[key]
        deleted += DailySalt.objects.filter(zone=zone, day__lt=today).delete()[0]
    return deleted


def forget() -> None:
    _known.clear()
