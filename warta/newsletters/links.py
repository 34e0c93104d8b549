"""Signed links in newsletter mail: confirm a subscription, manage preferences without signing
in, unsubscribe in one click. Each carries the subscriber's `key`, so a new key revokes every
link sent before it; confirmation links expire, the others last as long as the key."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing
from django.urls import reverse
from wagtail.models import Site

from warta.newsletters.models import NewsletterList, Subscriber

CONFIRM_MAX_AGE = 7 * 24 * 3600
_CONFIRM, _PREFERENCES, _UNSUBSCRIBE = "newsletter.confirm", "newsletter.prefs", "newsletter.unsub"


class BadLink(ValueError):
    """The link was altered, has expired, or was revoked."""


@dataclass(frozen=True)
class Confirmation:
    subscriber: Subscriber
    list_ids: list[int]


def _dumps(payload: object, salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def _subscriber(subscriber_id: object, key: object) -> Subscriber:
    if not isinstance(subscriber_id, int) or not isinstance(key, str):
        raise BadLink("malformed")
    found = Subscriber.objects.filter(pk=subscriber_id, key=key).first()
    if found is None:
        raise BadLink("revoked")
    return found


def confirm_token(subscriber: Subscriber, list_ids: list[int]) -> str:
    return _dumps([subscriber.pk, subscriber.key, sorted(list_ids)], _CONFIRM)


def read_confirm_token(token: str) -> Confirmation:
    try:
        subscriber_id, key, list_ids = signing.loads(token, salt=_CONFIRM, max_age=CONFIRM_MAX_AGE)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink(str(exc)) from exc
    return Confirmation(_subscriber(subscriber_id, key), [int(i) for i in list_ids])


def preferences_token(subscriber: Subscriber) -> str:
    return _dumps([subscriber.pk, subscriber.key], _PREFERENCES)


def read_preferences_token(token: str) -> Subscriber:
    try:
        subscriber_id, key = signing.loads(token, salt=_PREFERENCES)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink(str(exc)) from exc
    return _subscriber(subscriber_id, key)


def unsubscribe_token(subscriber_id: int, key: str, list_id: int) -> str:
    return _dumps([subscriber_id, key, list_id], _UNSUBSCRIBE)


def read_unsubscribe_token(token: str) -> tuple[Subscriber, NewsletterList]:
    try:
        subscriber_id, key, list_id = signing.loads(token, salt=_UNSUBSCRIBE)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink(str(exc)) from exc
    newsletter = NewsletterList.objects.filter(pk=list_id).select_related("site").first()
    if newsletter is None:
        raise BadLink("list deleted")
    return _subscriber(subscriber_id, key), newsletter


def absolute(site: Site, name: str, token: str) -> str:
    return site.root_url.rstrip("/") + reverse(f"newsletters:{name}", args=[token])


def open_token(subscriber_id: int, key: str, issue_id: int) -> str:
    return _dumps([subscriber_id, key, issue_id], "newsletter.open")


def read_open_token(token: str) -> tuple[Subscriber, int]:
    try:
        subscriber_id, key, issue_id = signing.loads(token, salt="newsletter.open")
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise BadLink(str(exc)) from exc
    return _subscriber(subscriber_id, key), int(issue_id)
