"""Newsletter mail: an issue rendered once (HTML and plain text), then one message per
recipient with its own signed links and the headers mailbox providers require
(`List-Unsubscribe` + `List-Unsubscribe-Post`, RFC 8058; `List-Id`). Sent through the
connection `WARTA_NEWSLETTER_EMAIL_BACKEND` names: SMTP by default, any django-anymail provider
by setting."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from email.utils import formataddr, parseaddr
from typing import Any

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as DjangoSMTPBackend
from django.core.mail.message import sanitize_address
from django.template.loader import render_to_string
from wagtail.models import Site

from warta.articles.seo import hero_image_url
from warta.core.indonesia.dates import DAYS, MONTHS, localise
from warta.core.models import SiteSettings
from warta.newsletters import links
from warta.newsletters.models import Issue, NewsletterList, Subscriber

# Placeholders in the rendered issue, replaced per recipient (plain ASCII, unchanged by
# HTML escaping).
UNSUBSCRIBE = "WARTA-NL-UNSUBSCRIBE-URL"
PREFERENCES = "WARTA-NL-PREFERENCES-URL"
PIXEL = "WARTA-NL-PIXEL-URL"


class SMTPBackend(DjangoSMTPBackend):
    """Django's SMTP backend, with the envelope sender (Return-Path) a message names in
    `envelope_sender` (anymail's attribute), so bounces reach the bounce address."""

    def _send(self, email_message: Any) -> bool:
        envelope = getattr(email_message, "envelope_sender", None)
        # anymail's messages carry UNSET when no envelope sender was given.
        if not isinstance(envelope, str) or not envelope or not email_message.recipients():
            return bool(super()._send(email_message))  # type: ignore[misc]
        encoding = email_message.encoding or settings.DEFAULT_CHARSET
        recipients = [sanitize_address(a, encoding) for a in email_message.recipients()]
        message = email_message.message()
        assert self.connection is not None
        self.connection.sendmail(
            sanitize_address(envelope, encoding), recipients, message.as_bytes(linesep="\r\n")
        )
        return True


def connection(**kwargs: Any) -> Any:
    return get_connection(settings.WARTA_NEWSLETTER_EMAIL_BACKEND, **kwargs)


def one_line(text: str) -> str:
    return " ".join(text.split())


def from_address(newsletter: NewsletterList) -> str:
    _name, address = parseaddr(settings.WARTA_NEWSLETTER_FROM_EMAIL)
    return formataddr((one_line(newsletter.sender_name), address))


def mail_domain() -> str:
    return parseaddr(settings.WARTA_NEWSLETTER_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"


def bounce_address(subscriber_id: int) -> str | None:
    """VERP: `bounce+<id>-<mac>@domain`, so a bounce names its subscriber and cannot be
    forged for another one."""
    base = settings.WARTA_NEWSLETTER_BOUNCE_ADDRESS
    if not base:
        return None
    local, _, domain = base.partition("@")
    return f"{local}+{subscriber_id}-{bounce_mac(subscriber_id)}@{domain}"


def bounce_mac(subscriber_id: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"bounce:{subscriber_id}".encode(), hashlib.sha256
    )
    return digest.hexdigest()[:12]


def subscriber_from_bounce_address(address: str) -> int | None:
    local = address.partition("@")[0]
    _base, plus, tag = local.partition("+")
    subscriber, dash, mac = tag.partition("-")
    if not plus or not dash or not subscriber.isdigit():
        return None
    if not hmac.compare_digest(mac, bounce_mac(int(subscriber))):
        return None
    return int(subscriber)


def long_date(day: date) -> str:
    return f"{DAYS['id'][day.weekday()]}, {day.day} {MONTHS['id'][day.month - 1]} {day.year}"


@dataclass(frozen=True)
class RenderedIssue:
    issue_id: int
    newsletter: NewsletterList
    subject: str
    html: str
    text: str


def render_issue(issue: Issue) -> RenderedIssue:
    newsletter = issue.newsletter
    site: Site = newsletter.site
    base = site.root_url
    stories = []
    for entry in issue.entries.select_related("story__hero_image").order_by("position", "pk"):
        story = entry.story
        stories.append(
            {
                "title": story.title,
                "summary": getattr(story, "summary", ""),
                "url": story.get_full_url() or base,
                "image": hero_image_url(story, base) if entry.position == 0 else None,
            }
        )
    context = {
        "issue": issue,
        "newsletter": newsletter,
        "site_name": site.site_name or site.hostname,
        "site_url": base,
        "stories": stories,
        "day": long_date(issue.edition_date or _local_day(issue)),
        "unsubscribe_url": UNSUBSCRIBE,
        "preferences_url": PREFERENCES,
        "pixel_url": PIXEL if newsletter.track_opens else "",
    }
    template = f"newsletters/email/{newsletter.template}"
    return RenderedIssue(
        issue_id=issue.pk,
        newsletter=newsletter,
        subject=issue.subject,
        html=render_to_string(f"{template}.html", context),
        text=render_to_string(f"{template}.txt", context),
    )


def _local_day(issue: Issue) -> date:
    zone = SiteSettings.for_site(issue.newsletter.site).time_zone
    return localise(issue.created_at, zone).date()


def issue_message(
    rendered: RenderedIssue, subscriber_id: int, key: str, email: str
) -> AnymailMessage:
    """The message for one recipient. Its Message-ID is fixed by issue and subscriber, so a
    copy sent again after a crash is recognisably the same message."""
    newsletter = rendered.newsletter
    site = newsletter.site
    unsubscribe = links.absolute(
        site, "unsubscribe", links.unsubscribe_token(subscriber_id, key, newsletter.pk)
    )
    preferences = links.absolute(
        site, "preferences", links.preferences_token(Subscriber(pk=subscriber_id, key=key))
    )
    pixel = (
        links.absolute(site, "opened", links.open_token(subscriber_id, key, rendered.issue_id))
        if newsletter.track_opens
        else ""
    )

    def fill(body: str) -> str:
        return (
            body.replace(UNSUBSCRIBE, unsubscribe)
            .replace(PREFERENCES, preferences)
            .replace(PIXEL, pixel)
        )

    domain = mail_domain()
    list_id = f"{newsletter.slug}.{newsletter.site_id}.{domain}"
    message = AnymailMessage(
        subject=rendered.subject,
        body=fill(rendered.text),
        from_email=from_address(newsletter),
        to=[email],
        reply_to=[newsletter.reply_to] if newsletter.reply_to else None,
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{one_line(newsletter.name)} <{list_id}>",
            "Message-ID": f"<issue-{rendered.issue_id}.{subscriber_id}@{domain}>",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(fill(rendered.html), "text/html")
    message.metadata = {"issue": str(rendered.issue_id), "subscriber": str(subscriber_id)}
    message.track_opens = newsletter.track_opens
    message.track_clicks = False
    envelope = bounce_address(subscriber_id)
    if envelope:
        message.envelope_sender = envelope
    return message
