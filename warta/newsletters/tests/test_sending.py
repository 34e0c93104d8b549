"""Sending an issue: recipients fixed at the start, one copy each even when a sender dies
mid-send, bounces and complaints ending subscriptions, editions built on the site's clock."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from warta.articles.tests.factories import ArticlePageFactory
from warta.newsletters import services, smtpd
from warta.newsletters.models import Delivery, Issue, NewsletterList, Subscriber, Subscription
from warta.newsletters.tests.factories import (
    NewsletterListFactory,
    SubscriberFactory,
    active_subscription,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pagi(site):
    return NewsletterListFactory(site=site, name="Berita Pagi Warta", slug="pagi")


@pytest.fixture
def issue(site, pagi):
    ArticlePageFactory(parent=site.root_page, title="Gempa di Laut Banda")
    return services.build_issue(pagi)


def _readers(pagi, n: int) -> list[Subscriber]:
    readers = [SubscriberFactory() for _ in range(n)]
    for reader in readers:
        active_subscription(reader, pagi)
    return readers


def _message_ids(mailbox) -> list[str]:
    return [m.message["Message-ID"] for m in mailbox if m.rcpt_tos[0].startswith("pembaca")]


def test_recipients_are_fixed_when_the_send_starts(pagi, issue, mailbox):
    _readers(pagi, 3)
    pending = Subscription.objects.create(
        subscriber=SubscriberFactory(), newsletter=pagi, status=Subscription.PENDING
    )
    assert services.start_send(issue) == 3
    late = _readers(pagi, 1)[0]  # subscribed after the start: not in this issue
    services.send_pending(issue.pk)
    recipients = sorted(m.rcpt_tos[0] for m in mailbox)
    assert late.email not in recipients and pending.subscriber.email not in recipients
    assert len(recipients) == 3
    issue.refresh_from_db()
    assert (issue.status, issue.recipients) == (Issue.SENT, 3)


def test_a_reader_who_leaves_mid_send_is_skipped(pagi, issue, mailbox):
    first, second = _readers(pagi, 2)
    services.start_send(issue)
    services.unsubscribe(second, pagi, reason="reader")
    report = services.send_pending(issue.pk)
    assert (report.sent, report.skipped) == (1, 1)
    assert [m.rcpt_tos for m in mailbox] == [[first.email]]


def test_a_dead_sender_is_taken_over_with_no_copy_lost_and_none_doubled(pagi, issue, mailbox):
    readers = _readers(pagi, 25)
    services.start_send(issue)
    # The first sender sends 10, then dies holding a claimed batch it had not sent.
    assert services.send_pending(issue.pk, batch_size=5, stop_after=10).sent == 10
    held = list(Delivery.objects.filter(issue=issue, state=Delivery.QUEUED).order_by("pk")[:5])
    Delivery.objects.filter(pk__in=[d.pk for d in held]).update(
        state=Delivery.SENDING, claim="dead", claimed_at=timezone.now()
    )
    # A second sender within the lease leaves the dead claim alone ...
    services.send_pending(issue.pk, batch_size=5)
    assert Delivery.objects.filter(issue=issue, state=Delivery.SENDING).count() == 5
    issue.refresh_from_db()
    assert issue.status == Issue.SENDING
    # ... and once the lease has run out (or the operator takes over) sends those rows too.
    Delivery.objects.filter(claim="dead").update(claimed_at=timezone.now() - timedelta(hours=1))
    services.send_pending(issue.pk, batch_size=5)
    ids = _message_ids(mailbox)
    assert len(ids) == len(set(ids)) == 25
    assert sorted(m.rcpt_tos[0] for m in mailbox) == sorted(r.email for r in readers)
    issue.refresh_from_db()
    assert issue.status == Issue.SENT


def test_the_worker_resumes_a_send_a_dead_sender_left(pagi, issue, mailbox):
    _readers(pagi, 4)
    services.start_send(issue)
    services.send_pending(issue.pk, stop_after=1)
    Issue.objects.filter(pk=issue.pk).update(started_at=timezone.now() - timedelta(hours=1))
    outcome = services.run_schedule()  # the immediate task backend sends at once
    assert outcome["resumed"] == 1
    assert len(_message_ids(mailbox)) == 4
    issue.refresh_from_db()
    assert issue.status == Issue.SENT


def test_the_message_has_the_headers_mailbox_providers_require(pagi, issue, mailbox):
    (reader,) = _readers(pagi, 1)
    services.start_send(issue)
    services.send_pending(issue.pk)
    message = mailbox[0].message
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert str(message["List-Unsubscribe"]).strip().startswith("<http://localhost/newsletter/")
    assert message["List-Id"].startswith("Berita Pagi Warta <pagi.")
    assert message["Message-ID"] == f"<issue-{issue.pk}.{reader.pk}@warta.localhost>"
    assert "Gempa di Laut Banda" in message.get_body(preferencelist=("plain",)).get_content()
    assert "Gempa di Laut Banda" in message.get_body(preferencelist=("html",)).get_content()
    # Bounces go to the subscriber's own VERP address.
    assert mailbox[0].mail_from.startswith(f"bounce+{reader.pk}-")


def test_a_refused_mailbox_fails_its_delivery_and_is_suppressed(pagi, issue, mailbox, smtp_handler):
    good, gone = _readers(pagi, 2)
    smtp_handler.refuse.add(gone.email)
    services.start_send(issue)
    report = services.send_pending(issue.pk)
    assert (report.sent, report.failed) == (1, 1)
    gone.refresh_from_db()
    assert gone.suppressed_reason == Subscriber.BOUNCE
    assert Subscription.objects.get(subscriber=gone).status == Subscription.UNSUBSCRIBED


DSN = b"""From: MAILER-DAEMON@mx.contoh.id
To: {rcpt}
Subject: Undelivered Mail Returned to Sender
Content-Type: multipart/report; report-type=delivery-status; boundary="b"

--b
Content-Type: text/plain

Mail could not be delivered.
--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.contoh.id

Final-Recipient: rfc822; {email}
Action: failed
Status: {status}
--b--
"""


@pytest.mark.django_db(transaction=True)  # the server's thread reads what the test wrote
@pytest.mark.parametrize(("status", "suppressed"), [("5.1.1", True), ("4.2.2", False)])
def test_a_bounce_to_the_bounce_address_unsubscribes_at_once(
    pagi, issue, mailbox, _smtp_server, status, suppressed
):
    import smtplib

    (reader,) = _readers(pagi, 1)
    services.start_send(issue)
    services.send_pending(issue.pk)
    bounce_to = mailbox[0].mail_from
    controller, _handler = _smtp_server
    with smtplib.SMTP("127.0.0.1", controller.port) as remote:
        report = DSN.replace(b"{rcpt}", bounce_to.encode())
        report = report.replace(b"{email}", reader.email.encode())
        remote.sendmail(
            "MAILER-DAEMON@mx.contoh.id", [bounce_to], report.replace(b"{status}", status.encode())
        )
    reader.refresh_from_db()
    assert (reader.suppressed_at is not None) is suppressed
    expected = Subscription.UNSUBSCRIBED if suppressed else Subscription.ACTIVE
    assert Subscription.objects.get(subscriber=reader).status == expected


def test_a_forged_bounce_address_changes_nothing(pagi):
    (reader,) = _readers(pagi, 1)
    assert smtpd.handle_bounce(f"bounce+{reader.pk}-000000000000@warta.localhost", b"") is None
    reader.refresh_from_db()
    assert reader.suppressed_at is None


def test_a_complaint_from_the_providers_webhook_unsubscribes(pagi, client, settings):
    from anymail.signals import AnymailTrackingEvent, tracking

    (reader,) = _readers(pagi, 1)
    event = AnymailTrackingEvent(event_type="complained", recipient=reader.email.upper())
    tracking.send(sender=object, event=event, esp_name="Mailgun")
    reader.refresh_from_db()
    assert reader.suppressed_reason == Subscriber.COMPLAINT
    assert Subscription.objects.get(subscriber=reader).unsubscribe_reason == "complaint"


def test_confirming_again_lifts_a_past_bounce(pagi):
    from warta.newsletters import links

    (reader,) = _readers(pagi, 1)
    services.suppress(reader.email, Subscriber.BOUNCE)
    services.subscribe(reader.email, [pagi])
    services.confirm(links.confirm_token(reader, [pagi.pk]))
    reader.refresh_from_db()
    assert reader.suppressed_at is None
    assert Subscription.objects.get(subscriber=reader).status == Subscription.ACTIVE


def test_an_issue_cannot_be_sent_twice_or_empty(pagi, issue):
    services.start_send(issue)
    with pytest.raises(services.NewsletterError, match="sudah dikirim"):
        services.start_send(issue)
    empty = Issue.objects.create(newsletter=pagi, subject="Kosong")
    with pytest.raises(services.NewsletterError, match="belum berisi berita"):
        services.start_send(empty)


def test_the_morning_edition_is_built_and_sent_on_the_sites_clock(
    site, mailbox, django_capture_on_commit_callbacks
):
    from warta.core.models import SiteSettings

    SiteSettings.objects.update_or_create(site=site, defaults={"time_zone": "Asia/Jayapura"})
    pagi = NewsletterListFactory(site=site, name="Berita Pagi", slug="pagi", send_time=time(6, 0))
    _readers(pagi, 2)
    ArticlePageFactory(parent=site.root_page, title="Festival Lembah Baliem Dibuka")
    wit = ZoneInfo("Asia/Jayapura")
    # 04:30 WIT: nothing yet; 05:00 WIT: built for editors; 06:00 WIT: sent.
    assert services.run_schedule(datetime(2026, 12, 7, 4, 30, tzinfo=wit))["built"] == 0
    assert services.run_schedule(datetime(2026, 12, 7, 5, 0, tzinfo=wit))["built"] == 1
    issue = Issue.objects.get()
    assert (issue.status, issue.edition_date.isoformat()) == (Issue.SCHEDULED, "2026-12-07")
    assert issue.send_at == datetime(2026, 12, 7, 6, 0, tzinfo=wit)
    assert "Festival Lembah Baliem" in issue.subject
    assert services.run_schedule(datetime(2026, 12, 7, 5, 59, tzinfo=wit))["started"] == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_schedule(datetime(2026, 12, 7, 6, 0, tzinfo=wit))["started"] == 1
    assert len(mailbox) == 2
    # A list created after its hour gets no late edition that day (an hour's grace).
    late = NewsletterListFactory(site=site, slug="telat", send_time=time(6, 0))
    assert services.due_edition(late, datetime(2026, 12, 7, 8, 0, tzinfo=wit)) is not None
    services.run_schedule(datetime(2026, 12, 7, 7, 1, tzinfo=wit))
    assert not Issue.objects.filter(newsletter=late).exists()
    late.delete()
    # The next tick builds nothing new for the same day.
    assert services.run_schedule(datetime(2026, 12, 7, 6, 5, tzinfo=wit)) == {
        "built": 0,
        "started": 0,
        "resumed": 0,
    }


def test_a_weekly_list_builds_only_on_its_day(site):
    mingguan = NewsletterListFactory(
        site=site, schedule=NewsletterList.WEEKLY, weekday=0, send_time=time(7, 0)
    )
    wib = ZoneInfo("Asia/Jakarta")
    assert services.due_edition(mingguan, datetime(2026, 12, 8, 8, 0, tzinfo=wib)) is None
    day, send_at = services.due_edition(mingguan, datetime(2026, 12, 7, 8, 0, tzinfo=wib))
    assert (day.isoformat(), send_at.hour) == ("2026-12-07", 7)


def test_an_editor_edits_the_issue_before_it_is_sent_and_not_after(site, pagi, issue, editor):
    other = ArticlePageFactory(parent=site.root_page, title="Harga Cabai Turun")
    services.update_issue(
        issue,
        subject="Pagi ini: harga cabai",
        intro="Selamat pagi.",
        story_ids=[other.pk],
        by=editor,
    )
    issue.refresh_from_db()
    assert [e.story.title for e in issue.entries.all()] == ["Harga Cabai Turun"]
    assert (issue.subject, issue.edited_by) == ("Pagi ini: harga cabai", editor)
    _readers(pagi, 1)
    services.start_send(issue)
    with pytest.raises(services.NewsletterError):
        services.update_issue(issue, subject="x", intro="", story_ids=[], by=editor)


def test_a_test_send_goes_to_the_editor_only(pagi, issue, mailbox):
    _readers(pagi, 3)
    services.send_test(issue, "redaktur@warta.localhost")
    assert [m.rcpt_tos for m in mailbox] == [["redaktur@warta.localhost"]]
    assert mailbox[0].message["Subject"].startswith("[TES] ")
    assert not Delivery.objects.exists()


def test_an_issue_shows_each_story_once(site, pagi):
    ArticlePageFactory(parent=site.root_page, title="Harga Beras Naik", slug="beras-1")
    ArticlePageFactory(parent=site.root_page, title="Harga  beras naik", slug="beras-2")
    ArticlePageFactory(parent=site.root_page, title="Kereta Cepat Ditambah", slug="kereta")
    issue = services.build_issue(pagi)
    titles = [e.story.title for e in issue.entries.all()]
    assert sorted(t.casefold().replace("  ", " ") for t in titles) == [
        "harga beras naik",
        "kereta cepat ditambah",
    ]
