"""Dates as Indonesian readers expect them: "Kamis, 7 September 2023 | 10:15 WIB" and
"4 jam lalu", in the site's own time zone (WIB, WITA or WIT). English is the second language."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TIME_ZONE_CHOICES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Pontianak", "WIB (Asia/Pontianak)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]
ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
DAYS = {
    "id": ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
MONTHS = {
    "id": [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
SHORT_MONTHS = {
    "id": ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"],
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
}
RELATIVE = {
    "id": {
        "now": "baru saja",
        "minute": "{n} menit lalu",
        "hour": "{n} jam lalu",
        "day": "{n} hari lalu",
    },
    "en": {
        "now": "just now",
        "minute": "{n} min ago",
        "hour": "{n} hours ago",
        "day": "{n} days ago",
    },
}
# English says "1 hour ago", not "1 hours ago" (Indonesian has one form).
SINGULAR = {"en": {"hour": "1 hour ago", "day": "1 day ago"}}


def _lang(language: str | None) -> str:
    return "en" if (language or "id").startswith("en") else "id"


def tz_abbreviation(time_zone: str) -> str:
    return ABBREVIATIONS.get(time_zone, time_zone)


def localise(moment: datetime, time_zone: str) -> datetime:
    if moment.tzinfo is None:
        raise ValueError("naive datetimes are ambiguous; store aware ones")
    return moment.astimezone(ZoneInfo(time_zone))


def format_machine(moment: datetime, time_zone: str = "Asia/Jakarta") -> str:
    """'2023-09-07T10:15:00+07:00': a <time datetime> value (a valid global date and time
    string in HTML), in the site's zone and to the second. isoformat() alone would add the
    microseconds, which HTML does not allow (at most three digits of a second)."""
    return localise(moment, time_zone).isoformat(timespec="seconds")


def format_long(moment: datetime, time_zone: str = "Asia/Jakarta", language: str = "id") -> str:
    """'Kamis, 7 September 2023 | 10:15 WIB'."""
    lang = _lang(language)
    local = localise(moment, time_zone)
    return (
        f"{DAYS[lang][local.weekday()]}, {local.day} {MONTHS[lang][local.month - 1]} "
        f"{local.year} | {local:%H:%M} {tz_abbreviation(time_zone)}"
    )


def format_short(moment: datetime, time_zone: str = "Asia/Jakarta", language: str = "id") -> str:
    """'7 Sep 2023, 10:15 WIB'."""
    lang = _lang(language)
    local = localise(moment, time_zone)
    return (
        f"{local.day} {SHORT_MONTHS[lang][local.month - 1]} {local.year}, "
        f"{local:%H:%M} {tz_abbreviation(time_zone)}"
    )


def format_relative(
    moment: datetime,
    now: datetime,
    time_zone: str = "Asia/Jakarta",
    language: str = "id",
) -> str:
    """'4 jam lalu' up to a week back, then the short date. Future times get the short date."""
    lang = _lang(language)
    delta = now - moment
    if delta < timedelta(0):
        return format_short(moment, time_zone, language)
    if delta < timedelta(minutes=1):
        return RELATIVE[lang]["now"]
    if delta < timedelta(hours=1):
        return _ago(lang, "minute", int(delta.total_seconds() // 60))
    if delta < timedelta(days=1):
        return _ago(lang, "hour", int(delta.total_seconds() // 3600))
    if delta < timedelta(days=7):
        return _ago(lang, "day", delta.days)
    return format_short(moment, time_zone, language)


def _ago(lang: str, unit: str, n: int) -> str:
    if n == 1 and unit in SINGULAR.get(lang, {}):
        return SINGULAR[lang][unit]
    return RELATIVE[lang][unit].format(n=n)


DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def parse_reader_date(value: str | None) -> date | None:
    """A date as Indonesian readers write it (dd/mm/yyyy; also dd-mm-yyyy, dd.mm.yyyy) or in
    ISO form (yyyy-mm-dd, what stable URLs carry). None for an empty value; ValueError for
    anything else."""
    value = (value or "").strip()
    if not value:
        return None
    found = DAY_MONTH_YEAR.match(value)
    if found:
        day, month, year = (int(part) for part in found.groups())
        return date(year, month, day)
    if len(value) == 10:
        return date.fromisoformat(value)
    raise ValueError(value)
