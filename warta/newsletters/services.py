"""Every write of the newsletters: subscribing (double opt-in, or at once from a verified
account), confirming, preferences, unsubscribing, suppressing bounced and complaining
addresses, building issues, and sending them resumably, one recipient at a time."""

from __future__ import annotations

import logging
import smtplib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from anymail.message import AnymailMessage
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from warta.core.models import SiteSettings
from warta.core.security.ratelimit import hit
from warta.newsletters import links, mail
from warta.newsletters.models import (
    Delivery,
    Issue,
    IssueStory,
    NewsletterList,
    Subscriber,
    Subscription,
)
from warta.newsletters.portability import ImportFileError, ImportRow
from warta.newsletters.queries import top_stories

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    """A claim older than this belongs to a sender that died: its rows are sent again. A
    live sender renews its claim with every batch (a batch takes seconds)."""
    return timedelta(seconds=settings.WARTA_NEWSLETTER_LEASE_SECONDS)


# How late an automatic edition may still be built and sent.
LATE = timedelta(hours=1)
# Confirmation mails per address and hour: the form cannot be used to flood a mailbox.
CONFIRMATIONS_PER_HOUR = 3


class NewsletterError(ValueError):
    """A request the newsletters refuse, with a message for the person who made it."""


def one_line(text: str) -> str:
    """A mail header's text: no line breaks (they would be a header injection, and Django
    refuses them), runs of spaces as one."""
    return " ".join(text.split())


def normalise_email(raw: str) -> str:
    email = (raw or "").strip()
    try:
        validate_email(email)
    except ValidationError as exc:
        raise NewsletterError("Alamat email tidak valid.") from exc
    # Mailbox providers treat the local part without case; one row per address as readers
    # type it in any case.
    return email.lower()


def _verified_for(user, email: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@dataclass
class SubscribeOutcome:
    subscriber: Subscriber
    activated: list[NewsletterList] = field(default_factory=list)
    confirmation_sent: bool = False


def subscribe(
    email: str, newsletters: Iterable[NewsletterList], *, user=None, now: datetime | None = None
) -> SubscribeOutcome:
    """Subscribe an address to lists of one site. A signed-in reader's verified address is
    subscribed at once (their account proved it); any other address gets a confirmation mail
    and stays pending until its link is followed. The answer never tells a stranger whether
    the address was already subscribed."""
    now = now or timezone.now()
    email = normalise_email(email)
    wanted = [n for n in newsletters if n.is_active]
    if not wanted:
        raise NewsletterError("Pilih setidaknya satu newsletter.")
    if len({n.site_id for n in wanted}) > 1:
        raise NewsletterError("Newsletter dari situs yang berbeda tidak bisa dipilih bersamaan.")
    verified = _verified_for(user, email)
    with transaction.atomic():
        subscriber, _ = Subscriber.objects.get_or_create(email=email)
        if verified and subscriber.user_id is None:
            subscriber.user = user
            subscriber.save(update_fields=["user"])
        outcome = SubscribeOutcome(subscriber)
        pending = []
        for newsletter in wanted:
            sub, _ = Subscription.objects.select_for_update().get_or_create(
                subscriber=subscriber, newsletter=newsletter
            )
            if sub.status == Subscription.ACTIVE:
                continue
            if verified:
                _activate(sub, Subscription.ACCOUNT, now)
                outcome.activated.append(newsletter)
            else:
                if sub.status == Subscription.UNSUBSCRIBED:
                    sub.status = Subscription.PENDING
                    sub.save(update_fields=["status"])
                pending.append(newsletter.pk)
        if verified and subscriber.suppressed_at:
            _lift_suppression(subscriber)
        if pending and hit("newsletter-confirm", email, limit=CONFIRMATIONS_PER_HOUR, window=3600):
            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: _enqueue_confirmation(subscriber_id, pending))
            outcome.confirmation_sent = True
    return outcome


def _enqueue_confirmation(subscriber_id: int, list_ids: list[int]) -> None:
    from warta.newsletters.tasks import send_confirmation_task  # tasks import services

    send_confirmation_task.enqueue(subscriber_id=subscriber_id, list_ids=list_ids)


def send_confirmation(subscriber_id: int, list_ids: list[int]) -> bool:
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    lists = list(NewsletterList.objects.filter(pk__in=list_ids).select_related("site"))
    if subscriber is None or not lists:
        return False
    site = lists[0].site
    url = links.absolute(site, "confirm", links.confirm_token(subscriber, list_ids))
    context = {
        "lists": lists,
        "site_name": site.site_name or site.hostname,
        "confirm_url": url,
        "days": links.CONFIRM_MAX_AGE // 86400,
    }
    message = AnymailMessage(
        subject=one_line(f"Konfirmasi langganan: {', '.join(n.name for n in lists)}"),
        body=render_to_string("newsletters/email/confirm.txt", context),
        from_email=mail.from_address(lists[0]),
        to=[subscriber.email],
    )
    message.attach_alternative(
        render_to_string("newsletters/email/confirm.html", context), "text/html"
    )
    envelope = mail.bounce_address(subscriber.pk)
    if envelope:
        message.envelope_sender = envelope
    with mail.connection() as conn:
        return bool(conn.send_messages([message]))


def _activate(sub: Subscription, source: str, now: datetime) -> None:
    sub.status = Subscription.ACTIVE
    sub.consent_at = now
    sub.consent_source = source
    sub.unsubscribed_at = None
    sub.unsubscribe_reason = ""
    sub.save(
        update_fields=[
            "status",
            "consent_at",
            "consent_source",
            "unsubscribed_at",
            "unsubscribe_reason",
        ]
    )


def _lift_suppression(subscriber: Subscriber) -> None:
    subscriber.suppressed_at = None
    subscriber.suppressed_reason = ""
    subscriber.save(update_fields=["suppressed_at", "suppressed_reason"])


def confirm(token: str, *, now: datetime | None = None) -> list[Subscription]:
    """Follow a confirmation link: the pending subscriptions it names become active, with
    the consent time. Confirming proves the mailbox works, so a past bounce is forgiven."""
    now = now or timezone.now()
    found = links.read_confirm_token(token)
    with transaction.atomic():
        subs = list(
            Subscription.objects.select_for_update()
            .filter(subscriber=found.subscriber, newsletter_id__in=found.list_ids)
            .select_related("newsletter")
        )
        # Only what is still waiting: an old link never undoes a later unsubscribe.
        confirmed = [sub for sub in subs if sub.status == Subscription.PENDING]
        for sub in confirmed:
            _activate(sub, Subscription.FORM, now)
        if confirmed and found.subscriber.suppressed_at:
            _lift_suppression(found.subscriber)
    return subs


def unsubscribe(
    subscriber: Subscriber, newsletter: NewsletterList, *, reason: str, now: datetime | None = None
) -> bool:
    """True when a subscription ended now; False when there was none to end."""
    return bool(
        Subscription.objects.filter(subscriber=subscriber, newsletter=newsletter)
        .exclude(status=Subscription.UNSUBSCRIBED)
        .update(
            status=Subscription.UNSUBSCRIBED,
            unsubscribed_at=now or timezone.now(),
            unsubscribe_reason=reason,
        )
    )


def set_preferences(
    subscriber: Subscriber, site_lists: Iterable[NewsletterList], wanted_ids: set[int]
) -> None:
    """The preferences page (reached by a signed link from the reader's own mailbox): the
    lists ticked are active, the others end."""
    now = timezone.now()
    with transaction.atomic():
        for newsletter in site_lists:
            if newsletter.pk in wanted_ids:
                sub, _ = Subscription.objects.get_or_create(
                    subscriber=subscriber, newsletter=newsletter
                )
                if sub.status != Subscription.ACTIVE:
                    _activate(sub, Subscription.PREFERENCES, now)
            else:
                unsubscribe(subscriber, newsletter, reason="reader", now=now)


def suppress(email_or_id: str | int, reason: str, *, now: datetime | None = None) -> bool:
    """A hard bounce or a complaint: the address gets no more newsletter mail, and each of
    its subscriptions ends with that reason. True when something changed."""
    now = now or timezone.now()
    query = Q(pk=email_or_id) if isinstance(email_or_id, int) else Q(email__iexact=email_or_id)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(query).first()
        if subscriber is None:
            return False
        changed = (
            Subscription.objects.filter(subscriber=subscriber)
            .exclude(status=Subscription.UNSUBSCRIBED)
            .update(
                status=Subscription.UNSUBSCRIBED, unsubscribed_at=now, unsubscribe_reason=reason
            )
        )
        if subscriber.suppressed_at is None:
            subscriber.suppressed_at = now
            subscriber.suppressed_reason = reason
            subscriber.save(update_fields=["suppressed_at", "suppressed_reason"])
            changed += 1
    if changed:
        logger.info("newsletter: %s suppressed (%s)", subscriber.pk, reason)
    return bool(changed)


def record_open(subscriber: Subscriber, issue_id: int) -> None:
    Delivery.objects.filter(issue_id=issue_id, subscriber=subscriber, opened_at=None).update(
        opened_at=timezone.now()
    )


# --- issues -------------------------------------------------------------------------------


def local_zone(newsletter: NewsletterList) -> ZoneInfo:
    settings_row = SiteSettings.for_site(newsletter.site)
    return ZoneInfo(settings_row.time_zone)


def due_edition(newsletter: NewsletterList, now: datetime) -> tuple[date, datetime] | None:
    """The edition of a scheduled list that falls due at or before `now` (local day, and
    the moment to send), or None for on-demand lists and weekly ones off their day."""
    if newsletter.schedule == NewsletterList.ON_DEMAND or not newsletter.is_active:
        return None
    zone = local_zone(newsletter)
    local = now.astimezone(zone)
    day = local.date()
    if newsletter.schedule == NewsletterList.WEEKLY and day.weekday() != newsletter.weekday:
        return None
    send_at = datetime.combine(day, newsletter.send_time, tzinfo=zone)
    return day, send_at


def build_issue(
    newsletter: NewsletterList, *, edition_date: date | None = None, send_at=None, now=None
) -> Issue:
    """An issue of the list's top stories of the last day (the list's site, its channel when
    it has one), scheduled for `send_at`; editors may edit it until then. Automatic editions
    are one per list and day: building one again returns the first."""
    now = now or timezone.now()
    if edition_date is not None:
        existing = Issue.objects.filter(newsletter=newsletter, edition_date=edition_date).first()
        if existing:
            return existing
    day = edition_date or now.astimezone(local_zone(newsletter)).date()
    stories = top_stories(newsletter, since=now - timedelta(days=1), limit=newsletter.story_count)
    subject = (
        f"{newsletter.name}: {stories[0].title}"
        if stories
        else f"{newsletter.name} {mail.long_date(day)}"
    )
    try:
        with transaction.atomic():
            issue = Issue.objects.create(
                newsletter=newsletter,
                subject=one_line(subject)[:200],
                edition_date=edition_date,
                send_at=send_at,
                status=Issue.SCHEDULED if send_at else Issue.DRAFT,
            )
            IssueStory.objects.bulk_create(
                IssueStory(issue=issue, story=story, position=i) for i, story in enumerate(stories)
            )
    except IntegrityError:  # another worker built it first
        return Issue.objects.get(newsletter=newsletter, edition_date=edition_date)
    return issue


def start_send(issue: Issue, *, now: datetime | None = None, enqueue: bool = True) -> int:
    """Fix the recipients (every active, unsuppressed subscriber of the list at this moment)
    as one queued delivery each, and queue the sender (unless the caller sends itself).
    Returns the number of recipients. Only a draft or scheduled issue can start; a second
    start is refused."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if locked.status not in (Issue.DRAFT, Issue.SCHEDULED):
            raise NewsletterError("Edisi ini sudah dikirim atau sedang dikirim.")
        if not locked.entries.exists():
            raise NewsletterError("Edisi ini belum berisi berita.")
        recipients = Subscription.objects.filter(
            newsletter_id=locked.newsletter_id,
            status=Subscription.ACTIVE,
            subscriber__suppressed_at__isnull=True,
        ).values_list("pk", "subscriber_id")
        batch: list[Delivery] = []
        total = 0
        for sub_id, subscriber_id in recipients.iterator(chunk_size=5000):
            batch.append(
                Delivery(issue=locked, subscriber_id=subscriber_id, subscription_id=sub_id)
            )
            if len(batch) >= 5000:
                Delivery.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        Delivery.objects.bulk_create(batch)
        total += len(batch)
        locked.status = Issue.SENDING
        locked.started_at = now
        locked.recipients = total
        locked.save(update_fields=["status", "started_at", "recipients"])
        issue_id = locked.pk
        if enqueue:
            transaction.on_commit(lambda: enqueue_send(issue_id))
    issue.refresh_from_db()
    return total


def enqueue_send(issue_id: int) -> None:
    from warta.newsletters.tasks import send_issue_task  # tasks import services

    send_issue_task.enqueue(issue_id=issue_id)


class SendInterrupted(RuntimeError):
    """The mail server went away mid-batch; the batch's unsent rows are queued again."""


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    skipped: int = 0
    released: int = 0
    finished: bool = False


def release_stale_claims(issue_id: int, *, take_over: bool = False, now=None) -> int:
    """Queue again the rows a dead sender had claimed (older than the lease, or all of them when
    the operator says no other sender runs). Rows are sent in id order within a claim and each
    is marked sent as soon as the server accepts it, so of a dead claim only its first unsent
    row can have reached the server: that one row may arrive twice, every other is exact."""
    now = now or timezone.now()
    stale = Delivery.objects.filter(issue_id=issue_id, state=Delivery.SENDING)
    if not take_over:
        stale = stale.filter(claimed_at__lt=now - lease())
    return stale.update(state=Delivery.QUEUED, claim="")


def send_pending(
    issue_id: int,
    *,
    batch_size: int = 200,
    take_over: bool = False,
    stop_after: int | None = None,
) -> SendReport:
    """Send an issue's queued deliveries, a claimed batch at a time, over one connection.
    Safe to run twice and side by side: a row is claimed by one sender only, and a row marked
    sent is never sent again. `stop_after` (tests, the benchmark) stops after that many."""
    report = SendReport()
    issue = Issue.objects.select_related("newsletter__site").get(pk=issue_id)
    if issue.status != Issue.SENDING:
        report.finished = issue.status == Issue.SENT
        return report
    report.released = release_stale_claims(issue_id, take_over=take_over)
    rendered = mail.render_issue(issue)
    with mail.connection() as conn:
        while stop_after is None or report.sent + report.failed < stop_after:
            claim = uuid.uuid4().hex
            ids = list(
                Delivery.objects.filter(issue_id=issue_id, state=Delivery.QUEUED)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch_size]
            )
            if not ids:
                break
            Delivery.objects.filter(pk__in=ids, state=Delivery.QUEUED).update(
                state=Delivery.SENDING,
                claim=claim,
                claimed_at=timezone.now(),
                attempts=F("attempts") + 1,
            )
            rows = (
                Delivery.objects.filter(claim=claim, state=Delivery.SENDING)
                .order_by("pk")
                .values_list(
                    "pk",
                    "subscriber_id",
                    "subscriber__key",
                    "subscriber__email",
                    "subscriber__suppressed_at",
                    "subscription__status",
                )
            )
            for pk, subscriber_id, key, email, suppressed_at, status in rows:
                if stop_after is not None and report.sent + report.failed >= stop_after:
                    break
                if suppressed_at is not None or status != Subscription.ACTIVE:
                    Delivery.objects.filter(pk=pk).update(state=Delivery.SKIPPED, claim="")
                    report.skipped += 1
                    continue
                message = mail.issue_message(rendered, subscriber_id, key, email)
                try:
                    conn.send_messages([message])
                except smtplib.SMTPRecipientsRefused as exc:
                    _fail(pk, subscriber_id, exc)
                    report.failed += 1
                    continue
                except (smtplib.SMTPException, OSError) as exc:
                    # Not accepted (or not known to be): this row and the rest go back.
                    Delivery.objects.filter(claim=claim, state=Delivery.SENDING).update(
                        state=Delivery.QUEUED, claim=""
                    )
                    raise SendInterrupted(str(exc)) from exc
                Delivery.objects.filter(pk=pk).update(
                    state=Delivery.SENT, sent_at=timezone.now(), claim=""
                )
                report.sent += 1
            # Rows of this claim left unsent by `stop_after` go back to the queue.
            Delivery.objects.filter(claim=claim, state=Delivery.SENDING).update(
                state=Delivery.QUEUED, claim=""
            )
    report.finished = finish_if_done(issue_id)
    return report


def _fail(pk: int, subscriber_id: int, exc: smtplib.SMTPRecipientsRefused) -> None:
    codes = [code for code, _msg in exc.recipients.values()]
    Delivery.objects.filter(pk=pk).update(
        state=Delivery.FAILED, claim="", error=str(exc.recipients)[:300]
    )
    if any(500 <= code < 600 for code in codes):
        suppress(subscriber_id, Subscriber.BOUNCE)


def finish_if_done(issue_id: int) -> bool:
    left = Delivery.objects.filter(
        issue_id=issue_id, state__in=[Delivery.QUEUED, Delivery.SENDING]
    ).exists()
    if left:
        return False
    Issue.objects.filter(pk=issue_id, status=Issue.SENDING).update(
        status=Issue.SENT, finished_at=timezone.now()
    )
    return True


def send_test(issue: Issue, to_email: str) -> None:
    """The issue as a recipient would get it, to an editor's own address (its links are the
    editor's own: following them changes nothing for any reader)."""
    email = normalise_email(to_email)
    subscriber, _ = Subscriber.objects.get_or_create(email=email)
    message = mail.issue_message(mail.render_issue(issue), subscriber.pk, subscriber.key, email)
    message.subject = f"[TES] {message.subject}"
    with mail.connection() as conn:
        conn.send_messages([message])


def update_issue(issue: Issue, *, subject: str, intro: str, story_ids: list[int], by) -> Issue:
    if not issue.editable:
        raise NewsletterError("Edisi yang sudah dikirim tidak bisa diubah.")
    subject = subject.strip()
    if not subject:
        raise NewsletterError("Subjek wajib diisi.")
    with transaction.atomic():
        issue.subject = one_line(subject)[:200]
        issue.intro = intro.strip()
        issue.edited_by = by
        issue.edited_at = timezone.now()
        issue.save(update_fields=["subject", "intro", "edited_by", "edited_at"])
        issue.entries.all().delete()
        IssueStory.objects.bulk_create(
            IssueStory(issue=issue, story_id=sid, position=i)
            for i, sid in enumerate(dict.fromkeys(story_ids))
        )
    return issue


# --- moving subscribers in ----------------------------------------------------------------


@dataclass
class ImportReport:
    subscribed: int = 0
    pending: int = 0
    unsubscribed: int = 0
    suppressed: int = 0
    unchanged: int = 0
    # (line, reason): rows that subscribe nobody, and why.
    refused: list[tuple[int, str]] = field(default_factory=list)


def import_subscriptions(
    rows: list[ImportRow], site, *, ask_consent: bool = False, dry_run: bool = False
) -> ImportReport:
    """Import subscriptions into `site`'s lists (by slug). An import never subscribes anyone
    who did not consent: an active row needs its consent time, and without it the row is
    refused, or with `ask_consent` left pending and sent a confirmation mail. Unsubscribes and
    suppressions are kept (so an imported list never mails someone who left). A reader already
    here keeps their own state when the file would subscribe them again after they left."""
    lists = {n.slug: n for n in NewsletterList.objects.filter(site=site)}
    unknown = sorted({r.list_slug for r in rows} - set(lists))
    if unknown:
        first = next(r.line for r in rows if r.list_slug in unknown)
        raise ImportFileError(first, f"no list {unknown[0]!r} on {site.hostname}")
    report = ImportReport()
    to_confirm: dict[int, list[int]] = {}
    with transaction.atomic():
        for row in rows:
            newsletter = lists[row.list_slug]
            subscriber, _ = Subscriber.objects.get_or_create(email=row.email)
            sub = Subscription.objects.filter(subscriber=subscriber, newsletter=newsletter).first()
            if row.suppressed or row.status == Subscription.UNSUBSCRIBED:
                # Kept as it was (with its past consent), so nobody who left is mailed again.
                if sub is None or sub.status != Subscription.UNSUBSCRIBED:
                    Subscription.objects.update_or_create(
                        subscriber=subscriber,
                        newsletter=newsletter,
                        defaults={
                            "status": Subscription.UNSUBSCRIBED,
                            "consent_at": row.consent_at,
                            "consent_source": row.consent_source,
                            "unsubscribed_at": row.unsubscribed_at or timezone.now(),
                            "unsubscribe_reason": row.unsubscribe_reason
                            or row.suppressed
                            or "import",
                        },
                    )
                # A file speaks for its own site's lists only: a "suppressed" row ends this
                # list's subscription with that reason, never the address's other sites'.
                if row.suppressed:
                    report.suppressed += 1
                else:
                    report.unsubscribed += 1
            elif sub is not None and sub.status == Subscription.ACTIVE:
                report.unchanged += 1
            elif sub is not None and sub.status == Subscription.UNSUBSCRIBED:
                report.refused.append((row.line, "left this list here: not subscribed again"))
            elif row.status == Subscription.ACTIVE and row.consent_at is not None:
                Subscription.objects.update_or_create(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    defaults={
                        "status": Subscription.ACTIVE,
                        "consent_at": row.consent_at,
                        "consent_source": row.consent_source or Subscription.IMPORT,
                    },
                )
                report.subscribed += 1
            elif ask_consent and (
                subscriber.pk in to_confirm
                or dry_run
                or hit(
                    "newsletter-confirm",
                    subscriber.email,
                    limit=CONFIRMATIONS_PER_HOUR,
                    window=3600,
                )
            ):
                Subscription.objects.get_or_create(subscriber=subscriber, newsletter=newsletter)
                to_confirm.setdefault(subscriber.pk, []).append(newsletter.pk)
                report.pending += 1
            elif ask_consent:
                report.refused.append((row.line, "confirmation mails to this address are capped"))
            else:
                reason = (
                    "no consent time: not subscribed"
                    if row.status == Subscription.ACTIVE
                    else "pending in the file: not subscribed"
                )
                report.refused.append((row.line, reason))
        if dry_run:
            transaction.set_rollback(True)
        else:
            for subscriber_id, list_ids in to_confirm.items():
                transaction.on_commit(partial(_enqueue_confirmation, subscriber_id, list_ids))
    return report


# --- the worker's periodic job ------------------------------------------------------------


def run_schedule(now: datetime | None = None) -> dict[str, int]:
    """Build each scheduled list's edition an hour before it is due (so editors can look at
    it), start the sends that are due, and resume those a dead sender left behind."""
    now = now or timezone.now()
    built = started = resumed = 0
    lead = timedelta(minutes=settings.WARTA_NEWSLETTER_BUILD_LEAD_MINUTES)
    for newsletter in (
        NewsletterList.objects.filter(is_active=True)
        .exclude(schedule=NewsletterList.ON_DEMAND)
        .select_related("site")
    ):
        due = due_edition(newsletter, now + lead)
        if due is None:
            continue
        day, send_at = due
        # Built from `lead` before its time until an hour after it (a worker that was down
        # at 06:00 still sends the morning edition at 06:30, never at 14:00).
        if (
            send_at - lead <= now < send_at + LATE
            and not Issue.objects.filter(newsletter=newsletter, edition_date=day).exists()
        ):
            build_issue(newsletter, edition_date=day, send_at=send_at, now=now)
            built += 1
    for issue in Issue.objects.filter(status=Issue.SCHEDULED, send_at__lte=now):
        try:
            start_send(issue, now=now)
            started += 1
        except NewsletterError as exc:
            logger.warning("newsletter issue %s not sent: %s", issue.pk, exc)
            Issue.objects.filter(pk=issue.pk, status=Issue.SCHEDULED).update(status=Issue.DRAFT)
    for issue_id in Issue.objects.filter(status=Issue.SENDING).values_list("pk", flat=True):
        live = Delivery.objects.filter(
            issue_id=issue_id, state=Delivery.SENDING, claimed_at__gte=now - lease()
        ).exists()
        queued = Delivery.objects.filter(
            issue_id=issue_id, state__in=[Delivery.QUEUED, Delivery.SENDING]
        ).exists()
        recently_started = Issue.objects.filter(pk=issue_id, started_at__gte=now - lease()).exists()
        if (
            queued
            and not live
            and not recently_started
            and cache.add(f"warta:newsletter-resume:{issue_id}", 1, int(lease().total_seconds()))
        ):
            enqueue_send(issue_id)
            resumed += 1
        elif not queued:
            finish_if_done(issue_id)
    return {"built": built, "started": started, "resumed": resumed}


# --- the admin ----------------------------------------------------------------------------


def edit_issue(issue: Issue, *, subject: str, intro: str, story_ids: list[int], by) -> Issue:
    """An editor's changes to an issue (update_issue), with its stories checked first: each
    must be a published story in the list's site (its own or circulated to it)."""
    from warta.newsletters.queries import allowed_story_ids

    if not issue.editable:
        raise NewsletterError("Edisi yang sudah dikirim tidak bisa diubah.")
    wanted = list(dict.fromkeys(story_ids))
    if not wanted:
        raise NewsletterError("Pilih setidaknya satu berita.")
    strangers = set(wanted) - allowed_story_ids(issue.newsletter.site, wanted)
    if strangers:
        raise NewsletterError(
            "Berita ini tidak ada atau bukan berita terbit situs ini: "
            + ", ".join(str(pk) for pk in sorted(strangers))
        )
    return update_issue(issue, subject=subject, intro=intro, story_ids=wanted, by=by)


def schedule_issue(issue: Issue, send_at: datetime | None, *, by, now=None) -> Issue:
    """Send the issue at `send_at` (run_schedule starts it), or, with None, keep it as a
    draft that is sent only by hand."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Issue.objects.select_for_update().get(pk=issue.pk)
        if not locked.editable:
            raise NewsletterError("Edisi ini sudah dikirim atau sedang dikirim.")
        if send_at is not None:
            if send_at <= now:
                raise NewsletterError("Waktu kirim harus di masa depan.")
            if not locked.entries.exists():
                raise NewsletterError("Edisi ini belum berisi berita.")
        locked.status = Issue.SCHEDULED if send_at else Issue.DRAFT
        locked.send_at = send_at
        locked.edited_by = by
        locked.edited_at = now
        locked.save(update_fields=["status", "send_at", "edited_by", "edited_at"])
    issue.refresh_from_db()
    return issue


def delete_list(newsletter: NewsletterList) -> None:
    """Delete a list nobody has received or subscribed to; one with subscribers or sent
    issues is switched off instead (deleting it would lose readers' consent records)."""
    has_readers = newsletter.subscriptions.exists()
    has_sent = newsletter.issues.exclude(status__in=[Issue.DRAFT, Issue.SCHEDULED]).exists()
    if has_readers or has_sent:
        raise NewsletterError(
            "Daftar ini punya pelanggan atau edisi terkirim, jadi tidak dihapus. "
            "Matikan 'aktif' untuk berhenti mengirimnya."
        )
    newsletter.delete()
