"""A reader's choices (region, channels, topics, authors): in a cookie on the reader's device
when signed out, in the account when signed in, merged into the account at sign-in. Nothing
here is sent to anyone else; the cookie is first-party, HttpOnly and only read by the
personalised endpoints, which are never cached."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from django.http import HttpRequest, HttpResponse

from warta.accounts.models import ReaderPreferences
from warta.core.indonesia import provinces

COOKIE = "warta_minat"
# Readable by reader.js, says only "this reader has chosen something" (no choice in it): cached
# pages hide the "Personalisasi" teaser from a reader who already personalised.
HINT_COOKIE = "warta_personal"
COOKIE_AGE = 365 * 24 * 3600
MAX_ITEMS = 20
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
KINDS = {"channels": "kanal", "topics": "topik", "authors": "penulis"}


@dataclass
class Preferences:
    province_code: str = ""
    regency: str = ""
    channels: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.province_code or self.channels or self.topics or self.authors)

    @property
    def province(self) -> provinces.Province | None:
        return provinces.province(self.province_code)

    @classmethod
    def clean(cls, data: dict) -> Preferences:
        """Only what Warta knows how to use: a real province code and slugs, bounded."""

        def slugs(value) -> list[str]:
            items = value if isinstance(value, list) else []
            found = [str(v).strip().lower() for v in items if SLUG.match(str(v).strip().lower())]
            return list(dict.fromkeys(found))[:MAX_ITEMS]

        code = str(data.get("province_code") or "")
        return cls(
            province_code=code if provinces.province(code) else "",
            regency=str(data.get("regency") or "").strip()[:80],
            channels=slugs(data.get("channels")),
            topics=slugs(data.get("topics")),
            authors=slugs(data.get("authors")),
        )

    def merged(self, other: Preferences) -> Preferences:
        """The union of two sets of choices; this one's region wins if both have one."""
        return Preferences(
            province_code=self.province_code or other.province_code,
            regency=self.regency or other.regency,
            channels=list(dict.fromkeys(self.channels + other.channels))[:MAX_ITEMS],
            topics=list(dict.fromkeys(self.topics + other.topics))[:MAX_ITEMS],
            authors=list(dict.fromkeys(self.authors + other.authors))[:MAX_ITEMS],
        )

    def follow(self, kind: str, slug: str, *, on: bool = True) -> None:
        items = getattr(self, kind)
        if on and slug not in items:
            items.append(slug)
            del items[:-MAX_ITEMS]
        elif not on and slug in items:
            items.remove(slug)


def from_cookie(request: HttpRequest) -> Preferences:
    try:
        return Preferences.clean(json.loads(request.COOKIES.get(COOKIE) or "{}"))
    except (ValueError, TypeError, AttributeError):
        return Preferences()  # a damaged cookie is treated as no choice, never an error


def to_cookie(response: HttpResponse, prefs: Preferences) -> None:
    response.set_cookie(
        COOKIE,
        json.dumps(asdict(prefs), separators=(",", ":")),
        max_age=COOKIE_AGE,
        httponly=True,
        samesite="Lax",
    )


def for_user(user) -> Preferences:
    stored = ReaderPreferences.objects.filter(user=user).first()
    if stored is None:
        return Preferences()
    return Preferences.clean(
        {
            "province_code": stored.province_code,
            "regency": stored.regency,
            "channels": stored.channels,
            "topics": stored.topics,
            "authors": stored.authors,
        }
    )


def save_for_user(user, prefs: Preferences) -> None:
    ReaderPreferences.objects.update_or_create(user=user, defaults=asdict(prefs))


def load(request: HttpRequest) -> Preferences:
    if request.user.is_authenticated:
        return for_user(request.user)
    return from_cookie(request)


def store(request: HttpRequest, response: HttpResponse, prefs: Preferences) -> None:
    if request.user.is_authenticated:
        save_for_user(request.user, prefs)
    else:
        to_cookie(response, prefs)
    mark_personalised(request, response, prefs)


def mark_personalised(request: HttpRequest, response: HttpResponse, prefs: Preferences) -> None:
    """Set or clear the hint cookie to match the reader's choices (only when it changes)."""
    has_hint = request.COOKIES.get(HINT_COOKIE) == "1"
    if not prefs.is_empty and not has_hint:
        response.set_cookie(HINT_COOKIE, "1", max_age=COOKIE_AGE, samesite="Lax")
    elif prefs.is_empty and has_hint:
        response.delete_cookie(HINT_COOKIE, samesite="Lax")
