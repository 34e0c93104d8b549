"""The newsletter admin: an editor edits an issue, previews it, sends a test to herself (a real
mail in the SMTP server), schedules and sends it; a partner site's editor neither sees nor
touches another site's lists and issues; a reporter sends nothing; bad input is a clear error."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.network.services import RegionSpec, provision_site
from warta.newsletters import services
from warta.newsletters.models import Delivery, Issue, NewsletterList
from warta.newsletters.tests.factories import (
    NewsletterListFactory,
    SubscriberFactory,
    active_subscription,
)
from warta.newsroom.roles import EDITOR, REPORTER, group_name, setup_roles, setup_site_roles

pytestmark = pytest.mark.django_db


def make_user(username: str, group: str, *, email: str | None = None):
    user = get_user_model().objects.create_user(
        username, f"{username}@warta.localhost" if email is None else email, "pw"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_site, module_world

    with module_world(django_db_blocker):
        site = build_site()
        setup_roles()
        setup_site_roles(site)
        jatim = provision_site(
            RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"),
            channels=[("Berita", "berita")],
        )
        yield {"national": site.pk, "jatim": jatim.pk}


@pytest.fixture
def network(built_network, db):
    return {name: Site.objects.get(pk=pk) for name, pk in built_network.items()}


@pytest.fixture
def pagi(network):
    return NewsletterListFactory(site=network["national"], name="Berita Pagi Warta", slug="pagi")


@pytest.fixture
def stories(network):
    root = network["national"].root_page
    return [ArticlePageFactory(parent=root, title=f"Berita nasional {i}") for i in range(3)]


@pytest.fixture
def issue(pagi, stories):
    return services.build_issue(pagi)


@pytest.fixture
def jatim_story(network):
    berita = ChannelPage.objects.child_of(network["jatim"].root_page).get(slug="berita")
    return ArticlePageFactory(parent=berita, title="Berita Jatim")


@pytest.fixture
def redaktur(client, network):
    client.force_login(make_user("redaktur", group_name(EDITOR, network["national"])))
    return client


@pytest.fixture
def jatim_desk(client, network):
    client.force_login(make_user("redaktur-jatim", group_name(EDITOR, network["jatim"])))
    return client


def url(name: str, pk: int | None = None) -> str:
    return reverse(name, args=[pk] if pk is not None else [])


def _readers(newsletter: NewsletterList, n: int) -> None:
    for _ in range(n):
        active_subscription(SubscriberFactory(), newsletter)


# ---- an editor's issue -------------------------------------------------------------------


def test_an_editor_edits_previews_test_sends_and_sends(redaktur, pagi, issue, stories, mailbox):
    _readers(pagi, 3)
    page = redaktur.get(url("newsletter_admin_issue", issue.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert all(s.title in html for s in stories)

    # Two stories, the last one first.
    last, first = stories[0], stories[2]
    data = {
        "subject": "Pagi ini: banjir",
        "intro": "Selamat pagi.",
        "stories": [str(first.pk), str(last.pk)],
        f"order-{first.pk}": "2",
        f"order-{last.pk}": "1",
    }
    answer = redaktur.post(url("newsletter_admin_issue", issue.pk), data)
    assert answer.status_code == 302
    issue.refresh_from_db()
    assert issue.subject == "Pagi ini: banjir" and issue.edited_by.username == "redaktur"
    assert [e.story_id for e in issue.entries.all()] == [last.pk, first.pk]

    preview = redaktur.get(url("newsletter_admin_preview", issue.pk))
    body = preview.content.decode()
    assert preview.status_code == 200 and "Selamat pagi." in body
    assert "WARTA-NL-" not in body and 'href="#"' in body
    assert preview["X-Frame-Options"] == "SAMEORIGIN"

    redaktur.post(url("newsletter_admin_test", issue.pk))
    assert [m.rcpt_tos for m in mailbox] == [["redaktur@warta.localhost"]]
    assert mailbox[0].message["Subject"] == "[TES] Pagi ini: banjir"
    assert not Delivery.objects.filter(issue=issue).exists()

    confirm = redaktur.get(url("newsletter_admin_send", issue.pk))
    assert "3 pelanggan" in confirm.content.decode()
    redaktur.post(url("newsletter_admin_send", issue.pk))
    issue.refresh_from_db()
    assert (issue.status, issue.recipients) == (Issue.SENDING, 3)
    assert Delivery.objects.filter(issue=issue).count() == 3

    # Sent issues are read-only: the page has no form, a forged edit changes nothing.
    assert 'name="subject"' not in redaktur.get(url("newsletter_admin_issue", issue.pk)).text
    redaktur.post(url("newsletter_admin_issue", issue.pk), {**data, "subject": "Diubah"})
    issue.refresh_from_db()
    assert issue.subject == "Pagi ini: banjir"
    again = redaktur.post(url("newsletter_admin_send", issue.pk), follow=True)
    assert "sudah dikirim" in again.content.decode()


def test_schedule_and_cancel(redaktur, pagi, issue):
    when = timezone.localtime(timezone.now() + timedelta(days=1))
    redaktur.post(
        url("newsletter_admin_schedule", issue.pk), {"send_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    issue.refresh_from_db()
    assert issue.status == Issue.SCHEDULED
    assert abs((issue.send_at - when).total_seconds()) < 60  # the site's zone is Jakarta's
    redaktur.post(url("newsletter_admin_schedule", issue.pk), {"batal": "1"})
    issue.refresh_from_db()
    assert (issue.status, issue.send_at) == (Issue.DRAFT, None)
    past = redaktur.post(
        url("newsletter_admin_schedule", issue.pk), {"send_at": "2020-01-01T06:00"}, follow=True
    )
    assert "masa depan" in past.content.decode()


def test_build_an_issue_on_demand(redaktur, pagi, stories):
    answer = redaktur.post(url("newsletter_admin_build", pagi.pk))
    issue = Issue.objects.get(newsletter=pagi)
    assert answer["Location"] == url("newsletter_admin_issue", issue.pk)
    assert issue.status == Issue.DRAFT and issue.entries.count() == 3


def test_bad_input_is_a_clear_error(redaktur, issue, stories, jatim_story):
    before = list(issue.entries.values_list("story_id", flat=True))
    empty = redaktur.post(
        url("newsletter_admin_issue", issue.pk),
        {"subject": "  ", "stories": [str(stories[0].pk)]},
    )
    assert empty.status_code == 200 and "wajib" in empty.content.decode().lower()
    kept = empty.content.decode()  # the editor's ticks stay as she sent them
    assert f'value="{stories[0].pk}" checked' in kept
    assert f'value="{stories[1].pk}" checked' not in kept
    foreign = redaktur.post(
        url("newsletter_admin_issue", issue.pk),
        {"subject": "Baik", "stories": [str(stories[0].pk), str(jatim_story.pk)]},
        follow=True,
    )
    assert "bukan berita terbit situs ini" in foreign.content.decode()
    draft = ArticlePageFactory(parent=stories[0].get_parent(), publish=False, title="Draf")
    redaktur.post(
        url("newsletter_admin_issue", issue.pk), {"subject": "Baik", "stories": [str(draft.pk)]}
    )
    issue.refresh_from_db()
    assert list(issue.entries.values_list("story_id", flat=True)) == before
    assert issue.subject != "Baik"


def test_a_test_send_without_an_email_address_says_so(client, network, issue, mailbox):
    user = make_user("tanpa-email", group_name(EDITOR, network["national"]), email="")
    client.force_login(user)
    answer = client.post(url("newsletter_admin_test", issue.pk), follow=True)
    assert "belum punya alamat email" in answer.content.decode()
    assert not mailbox


# ---- lists -------------------------------------------------------------------------------


def list_data(site, **changes) -> dict:
    data = {
        "site": site.pk,
        "name": "Ekonomi Mingguan",
        "slug": "ekonomi",
        "sender_name": "Warta Ekonomi",
        "schedule": "weekly",
        "send_time": "07:00",
        "weekday": "0",
        "story_count": "6",
        "template": "digest",
        "is_active": "on",
    }
    return {**data, **changes}


def test_an_editor_creates_and_edits_a_list_of_her_site(redaktur, network, pagi):
    index = redaktur.get(url("newsletter_admin_index")).content.decode()
    assert "Berita Pagi Warta" in index
    form = redaktur.get(url("newsletter_admin_list_add")).content.decode()
    assert "Warta Jatim" not in form  # only her sites are offered
    redaktur.post(url("newsletter_admin_list_add"), list_data(network["national"]))
    made = NewsletterList.objects.get(slug="ekonomi")
    assert (made.site, made.weekday) == (network["national"], 0)
    no_day = redaktur.post(
        url("newsletter_admin_list_edit", made.pk), list_data(network["national"], weekday="")
    )
    assert "perlu hari kirim" in no_day.content.decode()
    redaktur.post(url("newsletter_admin_list_delete", made.pk))
    assert not NewsletterList.objects.filter(pk=made.pk).exists()


def test_a_list_with_readers_is_not_deleted(redaktur, pagi):
    _readers(pagi, 1)
    answer = redaktur.post(url("newsletter_admin_list_delete", pagi.pk), follow=True)
    assert "tidak dihapus" in answer.content.decode()
    assert NewsletterList.objects.filter(pk=pagi.pk).exists()


# ---- the tenant rule and roles -----------------------------------------------------------


def test_a_partner_sites_editor_cannot_reach_another_sites_newsletters(
    jatim_desk, network, pagi, issue, mailbox
):
    _readers(pagi, 2)
    index = jatim_desk.get(url("newsletter_admin_index"))
    assert index.status_code == 200 and "Berita Pagi Warta" not in index.content.decode()
    for name, pk in [
        ("newsletter_admin_issues", pagi.pk),
        ("newsletter_admin_list_edit", pagi.pk),
        ("newsletter_admin_list_delete", pagi.pk),
        ("newsletter_admin_issue", issue.pk),
        ("newsletter_admin_preview", issue.pk),
        ("newsletter_admin_send", issue.pk),
    ]:
        assert jatim_desk.get(url(name, pk)).status_code == 404, name
    for name, pk in [
        ("newsletter_admin_list_edit", pagi.pk),
        ("newsletter_admin_list_delete", pagi.pk),
        ("newsletter_admin_build", pagi.pk),
        ("newsletter_admin_issue", issue.pk),
        ("newsletter_admin_test", issue.pk),
        ("newsletter_admin_send", issue.pk),
        ("newsletter_admin_schedule", issue.pk),
    ]:
        data = {**list_data(network["national"], name="Dibajak"), "subject": "Dibajak"}
        assert jatim_desk.post(url(name, pk), data).status_code == 404, name
    # A forged site in the create form: not one of hers.
    forged = jatim_desk.post(url("newsletter_admin_list_add"), list_data(network["national"]))
    assert forged.status_code == 200
    assert not NewsletterList.objects.filter(slug="ekonomi").exists()
    pagi.refresh_from_db()
    issue.refresh_from_db()
    assert (pagi.name, issue.subject, issue.status) != ("Dibajak", "Dibajak", Issue.SENDING)
    assert Issue.objects.filter(newsletter=pagi).count() == 1
    assert not Delivery.objects.exists() and not mailbox


def test_a_reporter_cannot_send(client, network, pagi, issue, mailbox):
    _readers(pagi, 2)
    client.force_login(make_user("reporter", group_name(REPORTER, network["national"])))
    admin = client.get(reverse("wagtailadmin_home")).content.decode()
    assert url("newsletter_admin_index") not in admin  # no menu item
    for name, pk in [
        ("newsletter_admin_index", None),
        ("newsletter_admin_issue", issue.pk),
    ]:
        assert client.get(url(name, pk)).status_code in (302, 403)
    for name in ("newsletter_admin_send", "newsletter_admin_test", "newsletter_admin_schedule"):
        client.post(url(name, issue.pk), {"send_at": "2099-01-01T06:00"})
    issue.refresh_from_db()
    assert issue.status == Issue.DRAFT
    assert not Delivery.objects.exists() and not mailbox


def test_the_index_pages_query_count_does_not_grow_per_row(redaktur, network, pagi, stories):
    def queries(name: str, pk: int | None = None) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert redaktur.get(url(name, pk)).status_code == 200
        return len(captured)

    services.build_issue(pagi)
    one_list, one_issue = (
        queries("newsletter_admin_index"),
        queries("newsletter_admin_issues", pagi.pk),
    )
    for _ in range(4):
        extra = NewsletterListFactory(site=network["national"])
        _readers(extra, 1)
        issue = services.build_issue(pagi)
        services.start_send(issue)
    assert queries("newsletter_admin_index") == one_list
    assert queries("newsletter_admin_issues", pagi.pk) == one_issue
    assert ArticlePage.objects.exists()


# ---- subscribers: export and import ------------------------------------------------------


def test_export_and_import_of_her_sites_subscribers(redaktur, network, pagi):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _readers(pagi, 2)
    page = redaktur.get(url("newsletter_admin_subscribers")).content.decode()
    assert "Berita Pagi Warta" in page and "Warta Jatim" not in page
    csv_text = redaktur.get(url("newsletter_admin_export", network["national"].pk)).content
    assert csv_text.decode().count("\n") == 3 and b"pagi" in csv_text
    assert redaktur.get(url("newsletter_admin_export", network["jatim"].pk)).status_code == 404

    rows = (
        "email,list,status,consent_at\n"
        "baru@contoh.id,pagi,active,2026-11-01T07:00:00+07:00\n"
        "tanpa@contoh.id,pagi,active,\n"
    )

    def upload(button: str, site=None):
        data = {
            "site": (site or network["national"]).pk,
            "file": SimpleUploadedFile("p.csv", rows.encode()),
            button: "1",
        }
        return redaktur.post(url("newsletter_admin_subscribers"), data)

    checked = upload("periksa").content.decode()
    assert "belum ada yang diubah" in checked and "Baris 3" in checked
    assert not pagi.subscriptions.filter(subscriber__email="baru@contoh.id").exists()
    upload("impor")
    assert pagi.subscriptions.get(subscriber__email="baru@contoh.id").status == "active"
    assert not pagi.subscriptions.filter(subscriber__email="tanpa@contoh.id").exists()
    forged = upload("impor", site=network["jatim"])
    assert forged.status_code == 200 and "Impor selesai" not in forged.content.decode()


def test_a_bad_import_file_names_its_line(redaktur, network, pagi):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "site": network["national"].pk,
        "file": SimpleUploadedFile("p.csv", b"email,list,status\nbukan-email,pagi,active\n"),
        "impor": "1",
    }
    answer = redaktur.post(url("newsletter_admin_subscribers"), data, follow=True)
    assert (
        "Baris 2" in answer.content.decode() and "Tidak ada yang diimpor" in answer.content.decode()
    )
