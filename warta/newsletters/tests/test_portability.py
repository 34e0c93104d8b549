"""Export and import keep each subscriber's lists and consent; an import never subscribes
anyone who did not consent."""

from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command

from warta.newsletters import services
from warta.newsletters.models import Subscriber, Subscription
from warta.newsletters.tests.factories import (
    NewsletterListFactory,
    SubscriberFactory,
    active_subscription,
)

pytestmark = pytest.mark.django_db

CONSENT = datetime(2025, 3, 1, 8, 30, tzinfo=UTC)


@pytest.fixture
def lists(site):
    return (
        NewsletterListFactory(site=site, slug="pagi", name="Berita Pagi"),
        NewsletterListFactory(site=site, slug="breaking", name="Breaking News"),
    )


def test_a_round_trip_keeps_lists_states_and_consent_times(site, lists, tmp_path):
    pagi, breaking = lists
    ani, budi, cici = (SubscriberFactory(email=f"{n}@contoh.id") for n in ("ani", "budi", "cici"))
    for sub, newsletter in ((ani, pagi), (ani, breaking), (budi, pagi)):
        row = active_subscription(sub, newsletter)
        row.consent_at = CONSENT
        row.consent_source = "account"
        row.save()
    services.unsubscribe(budi, pagi, reason="one-click")
    active_subscription(cici, breaking)
    services.suppress("cici@contoh.id", Subscriber.COMPLAINT)
    before = _states()

    path = tmp_path / "pelanggan.csv"
    call_command("newsletter_export", site="localhost", output=path)
    Subscription.objects.all().delete()
    Subscriber.objects.all().delete()
    call_command("newsletter_import", path, site="localhost")
    assert _states() == before


def test_a_sites_file_never_ends_another_sites_subscriptions(site, lists, tmp_path):
    # Found by a hostile review: a partner's "suppressed" row ended the address's
    # subscriptions on every site of the network.
    from warta.channels.tests.factories import make_site

    other = make_site(hostname="lain.localhost", name="Lain", default=False)
    theirs = NewsletterListFactory(site=other, slug="pagi")
    reader = SubscriberFactory(email="korban@contoh.id")
    active_subscription(reader, theirs)
    path = tmp_path / "in.csv"
    path.write_text("email,list,status,suppressed\nkorban@contoh.id,pagi,unsubscribed,bounce\n")
    call_command("newsletter_import", path, site="localhost")
    reader.refresh_from_db()
    assert reader.suppressed_at is None
    assert Subscription.objects.get(newsletter=theirs).status == "active"
    here = Subscription.objects.get(newsletter=lists[0])
    assert (here.status, here.unsubscribe_reason) == ("unsubscribed", "bounce")


def test_cells_a_spreadsheet_would_run_are_exported_inert_and_read_back_exactly(
    site, lists, tmp_path
):
    pagi, _ = lists
    reader = SubscriberFactory(email="=2+3@contoh.id")
    row = active_subscription(reader, pagi)
    row.consent_source = "=HYPERLINK"
    row.save()
    path = tmp_path / "out.csv"
    call_command("newsletter_export", site="localhost", output=path)
    text = path.read_text()
    assert "'=2+3@contoh.id" in text and "'=HYPERLINK" in text
    assert "\n=2" not in text and ",=" not in text
    Subscription.objects.all().delete()
    call_command("newsletter_import", path, site="localhost")
    back = Subscription.objects.get()
    assert (back.subscriber.email, back.consent_source) == ("=2+3@contoh.id", "=HYPERLINK")


def _states():
    return sorted(
        Subscription.objects.values_list(
            "subscriber__email",
            "newsletter__slug",
            "status",
            "consent_at",
            "consent_source",
            "unsubscribed_at",
            "unsubscribe_reason",
        )
    )


def _import(tmp_path, body: str, **options):
    path = tmp_path / "in.csv"
    path.write_text("email,list,status,consent_at\n" + body, encoding="utf-8")
    call_command("newsletter_import", path, site="localhost", **options)


def test_an_import_never_subscribes_anyone_without_consent(site, lists, tmp_path, capsys):
    _import(
        tmp_path,
        "ada@contoh.id,pagi,active,2025-03-01T08:30:00+07:00\n"
        "tanpa@contoh.id,pagi,active,\n"
        "tunggu@contoh.id,pagi,pending,\n",
    )
    assert _active() == ["ada@contoh.id"]
    err = capsys.readouterr().err
    assert "in.csv:3: no consent time: not subscribed" in err
    assert "in.csv:4: pending in the file: not subscribed" in err


def test_asking_for_consent_sends_confirmations_and_subscribes_nobody(
    site, lists, tmp_path, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _import(tmp_path, "tanpa@contoh.id,pagi,active,\n", ask_consent=True)
    assert _active() == []
    assert [m.rcpt_tos for m in mailbox] == [["tanpa@contoh.id"]]


def test_an_import_does_not_resubscribe_someone_who_left_here(site, lists, tmp_path, capsys):
    pagi, _ = lists
    reader = SubscriberFactory(email="pergi@contoh.id")
    active_subscription(reader, pagi)
    services.unsubscribe(reader, pagi, reason="reader")
    _import(tmp_path, "pergi@contoh.id,pagi,active,2025-03-01T08:30:00+07:00\n")
    assert _active() == []
    assert "left this list here" in capsys.readouterr().err


def test_a_dry_run_changes_nothing(site, lists, tmp_path, capsys):
    _import(tmp_path, "ada@contoh.id,pagi,active,2025-03-01T08:30:00+07:00\n", dry_run=True)
    assert not Subscription.objects.exists()
    assert "Dry run, nothing changed: would import 1 rows: 1 subscribed" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("bukan-email,pagi,active,\n", "in.csv:2: 'bukan-email' is not an email address"),
        ("a@contoh.id,pagi,aktif,\n", "in.csv:2: status 'aktif' is not one of"),
        ("a@contoh.id,pagi,active,kemarin\n", "in.csv:2: consent_at 'kemarin' is not a date"),
        ("a@contoh.id,pagi,active,2025-03-01T08:30:00\n", "is not a date and time with a zone"),
        ("ok@contoh.id,pagi,active,\na@contoh.id,sore,active,\n", "in.csv:3: no list 'sore'"),
    ],
)
def test_a_bad_file_names_the_line_and_imports_nothing(site, lists, tmp_path, body, message):
    with pytest.raises(CommandError, match="Nothing was imported") as raised:
        _import(tmp_path, "ada@contoh.id,pagi,active,2025-03-01T08:30:00+07:00\n" + body)
    assert message.replace("2:", "3:").replace("3: no list", "4: no list") in str(raised.value)
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("column", ["consent_source", "unsubscribe_reason"])
def test_a_value_longer_than_its_column_is_a_line_error(site, lists, tmp_path, column):
    path = tmp_path / "in.csv"
    path.write_text(
        f"email,list,status,consent_at,{column}\n"
        "ada@contoh.id,pagi,active,2025-03-01T08:30:00+07:00,form\n"
        "eka@contoh.id,pagi,active,2025-03-01T08:30:00+07:00,thirteen-char\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match=f"in.csv:3: {column} is longer than 12 characters"):
        call_command("newsletter_import", path, site="localhost")
    assert not Subscription.objects.exists()


def test_a_list_of_another_site_is_not_reachable_by_slug(site, lists, tmp_path):
    from warta.channels.tests.factories import make_site

    other = make_site(hostname="lain.localhost", name="Lain", default=False)
    NewsletterListFactory(site=other, slug="khusus")
    with pytest.raises(CommandError, match="no list 'khusus' on localhost"):
        _import(tmp_path, "a@contoh.id,khusus,active,2025-03-01T08:30:00+07:00\n")


def _active():
    return sorted(
        Subscription.objects.filter(status="active").values_list("subscriber__email", flat=True)
    )
