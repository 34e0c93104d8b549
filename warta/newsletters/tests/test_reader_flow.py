"""A reader subscribes with an address alone (double opt-in, the mail read off a real SMTP
server), manages lists through the signed link, and leaves in one click (RFC 8058)."""

import re

import pytest

from warta.articles.tests.factories import ArticlePageFactory
from warta.newsletters import links, services
from warta.newsletters.models import Issue, Subscriber, Subscription
from warta.newsletters.tests.factories import NewsletterListFactory

pytestmark = pytest.mark.django_db


def _link(message, name: str) -> str:
    text = message.get_body(preferencelist=("plain",)).get_content()
    found = re.search(rf"https?://\S+/newsletter/{name}/\S+/", text)
    assert found, text
    return found.group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


@pytest.fixture
def pagi(site):
    return NewsletterListFactory(site=site, name="Berita Pagi Warta", slug="pagi")


def test_signup_sends_a_confirmation_and_subscribes_only_once_confirmed(
    client, pagi, mailbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/newsletter/", {"email": "Sari@Contoh.ID", "lists": [pagi.pk], "website": ""}
        )
    assert response.status_code == 200
    assert "Cek email Anda" in response.content.decode()
    assert response["Cache-Control"].count("private")
    sub = Subscription.objects.get()
    assert (sub.subscriber.email, sub.status, sub.consent_at) == ("sari@contoh.id", "pending", None)

    assert len(mailbox) == 1
    confirmation = mailbox[0].message
    assert mailbox[0].rcpt_tos == ["sari@contoh.id"]
    subscriber_id = Subscriber.objects.get().pk
    assert mailbox[0].mail_from.startswith(f"bounce+{subscriber_id}-")
    assert "Berita Pagi Warta" in confirmation["Subject"]
    url = _link(confirmation, "konfirmasi")

    # Following the link (a mail scanner does) shows a button; it changes nothing.
    page = client.get(_path(url))
    assert page.status_code == 200 and "Ya, saya berlangganan" in page.content.decode()
    assert Subscription.objects.get().status == "pending"

    done = client.post(_path(url))
    assert done.status_code == 200
    sub.refresh_from_db()
    assert sub.status == "active" and sub.consent_at is not None
    assert sub.consent_source == "form"


def test_the_answer_is_the_same_for_a_subscribed_address(client, pagi, mailbox):
    services.subscribe("ada@contoh.id", [pagi])
    services.confirm(links.confirm_token(Subscriber.objects.get(), [pagi.pk]))
    mailbox.clear()
    first = client.post("/newsletter/", {"email": "ada@contoh.id", "lists": [pagi.pk]})
    second = client.post("/newsletter/", {"email": "baru@contoh.id", "lists": [pagi.pk]})

    def strip(response):
        body = response.content.decode()
        return body.replace("ada@contoh.id", "X").replace("baru@contoh.id", "X")

    assert strip(first) == strip(second)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "bukan-email", "lists": ["LIST"]}, "Masukkan alamat email yang valid"),
        ({"email": "a@contoh.id"}, "Pilih setidaknya satu newsletter"),
        ({"email": "a@contoh.id", "lists": ["999999"]}, "Pilih pilihan yang valid"),
    ],
)
def test_bad_input_gets_a_clear_error_and_keeps_what_was_typed(client, pagi, data, message):
    data = {k: [str(pagi.pk)] if v == ["LIST"] else v for k, v in data.items()}
    response = client.post("/newsletter/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message.split()[0] in body or "valid" in body
    assert data["email"] in body
    assert not Subscription.objects.exists()


def test_a_list_of_another_site_cannot_be_chosen_here(client, pagi):
    from warta.channels.tests.factories import make_site

    other = make_site(hostname="lain.localhost", name="Lain", default=False)
    foreign = NewsletterListFactory(site=other)
    response = client.post("/newsletter/", {"email": "a@contoh.id", "lists": [foreign.pk]})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_form_refuses_a_flood_from_one_address(client, pagi, settings):
    settings.WARTA_NEWSLETTER_FORM_RATE = 2
    codes = [
        client.post("/newsletter/", {"email": f"x{i}@contoh.id", "lists": [pagi.pk]}).status_code
        for i in range(3)
    ]
    assert codes == [200, 200, 429]


def test_confirmation_mails_to_one_address_are_capped(
    pagi, mailbox, django_capture_on_commit_callbacks
):
    for _ in range(5):
        with django_capture_on_commit_callbacks(execute=True):
            services.subscribe("korban@contoh.id", [pagi])
    assert len(mailbox) == services.CONFIRMATIONS_PER_HOUR


def test_a_verified_account_subscribes_at_once(client, pagi, mailbox, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("rina", "rina@contoh.id", "pw-rahasia-123")
    EmailAddress.objects.create(user=user, email="rina@contoh.id", verified=True, primary=True)
    client.force_login(user)
    page = client.get("/newsletter/")
    assert 'value="rina@contoh.id"' in page.content.decode()
    response = client.post("/newsletter/", {"email": "rina@contoh.id", "lists": [pagi.pk]})
    assert "Langganan aktif" in response.content.decode()
    sub = Subscription.objects.get()
    assert (sub.status, sub.consent_source, sub.subscriber.user) == ("active", "account", user)
    assert mailbox == []


def test_an_account_cannot_subscribe_someone_elses_address_at_once(client, pagi, django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("rina", "rina@contoh.id", "pw-rahasia-123")
    EmailAddress.objects.create(user=user, email="rina@contoh.id", verified=True, primary=True)
    client.force_login(user)
    client.post("/newsletter/", {"email": "tetangga@contoh.id", "lists": [pagi.pk]})
    assert Subscription.objects.get().status == "pending"


def test_altered_or_revoked_links_are_refused(client, pagi):
    services.subscribe("a@contoh.id", [pagi])
    subscriber = Subscriber.objects.get()
    token = links.confirm_token(subscriber, [pagi.pk])
    assert client.get(f"/newsletter/konfirmasi/{token[:-2]}xx/").status_code == 400
    subscriber.key = "baru"
    subscriber.save()
    assert client.post(f"/newsletter/konfirmasi/{token}/").status_code == 400
    assert Subscription.objects.get().status == "pending"


def _send_one(pagi, site, email="pembaca@contoh.id"):
    from warta.newsletters.tests.factories import SubscriberFactory, active_subscription

    subscriber = SubscriberFactory(email=email)
    active_subscription(subscriber, pagi)
    ArticlePageFactory(parent=site.root_page, title=f"Banjir Surut di Surabaya {email}")
    issue = services.build_issue(pagi)
    services.start_send(issue)
    services.send_pending(issue.pk)
    return subscriber, issue


def test_one_click_unsubscribe_from_the_mail_header(client, site, pagi, mailbox):
    subscriber, issue = _send_one(pagi, site)
    message = mailbox[-1].message
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = message["List-Unsubscribe"]
    url = re.fullmatch(r"<(https?://[^>]+)>", str(header).strip()).group(1)
    # What a mailbox provider does (RFC 8058): a POST with no cookie and no CSRF token.
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        _path(url),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    sub = Subscription.objects.get(subscriber=subscriber)
    assert (sub.status, sub.unsubscribe_reason) == ("unsubscribed", "one-click")
    assert message.get_body(preferencelist=("plain",)) is not None  # a plain-text part


def test_the_preferences_link_changes_lists_without_signing_in(client, site, pagi, mailbox):
    malam = NewsletterListFactory(site=site, name="Kabar Malam", slug="malam")
    subscriber, _ = _send_one(pagi, site)
    url = _link(mailbox[-1].message, "pengaturan")
    page = client.get(_path(url))
    assert page.status_code == 200 and "Kabar Malam" in page.content.decode()
    client.post(_path(url), {"lists": [malam.pk]})
    states = dict(
        Subscription.objects.filter(subscriber=subscriber).values_list("newsletter__slug", "status")
    )
    assert states == {"pagi": "unsubscribed", "malam": "active"}


def test_no_tracking_pixel_unless_the_list_turns_it_on(site, pagi, mailbox, client):
    _send_one(pagi, site)
    html = mailbox[-1].message.get_body(preferencelist=("html",)).get_content()
    assert "/newsletter/dibuka/" not in html
    pagi.track_opens = True
    pagi.save()
    subscriber, issue = _send_one(pagi, site, email="kedua@contoh.id")
    html = mailbox[-1].message.get_body(preferencelist=("html",)).get_content()
    pixel = re.search(r'src="(https?://[^"]+/newsletter/dibuka/[^"]+)"', html).group(1)
    assert client.get(_path(pixel))["Content-Type"] == "image/gif"
    assert issue.deliveries.get(subscriber=subscriber).opened_at is not None
    assert Issue.objects.count() == 2


def test_an_old_confirmation_link_never_undoes_a_later_unsubscribe(client, pagi):
    services.subscribe("a@contoh.id", [pagi])
    subscriber = Subscriber.objects.get()
    token = links.confirm_token(subscriber, [pagi.pk])
    services.confirm(token)
    services.unsubscribe(subscriber, pagi, reason="one-click")
    client.post(f"/newsletter/konfirmasi/{token}/")
    assert Subscription.objects.get().status == "unsubscribed"


def test_a_line_break_in_a_list_or_sender_name_does_not_break_its_mail(site, pagi, mailbox):
    from warta.newsletters.tests.factories import SubscriberFactory, active_subscription

    pagi.name = "Pagi\r\nBcc: x@contoh.id"
    pagi.sender_name = "Warta\r\nX-Injected: 1"
    pagi.save()
    active_subscription(SubscriberFactory(), pagi)
    ArticlePageFactory(parent=site.root_page, title="Hujan Lebat di Bogor")
    issue = services.build_issue(pagi)
    services.start_send(issue)
    assert services.send_pending(issue.pk).sent == 1
    message = mailbox[-1].message
    assert message["Bcc"] is None and message["X-Injected"] is None
    assert message["From"].addresses[0].display_name == "Warta X-Injected: 1"
