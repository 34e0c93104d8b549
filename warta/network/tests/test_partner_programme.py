"""The partner programme end to end over HTTP: a media entrepreneur applies on /network/
(validated, spam-protected, confirmed by email), a network admin reviews, approves and the
regional site exists and serves at once; it can be suspended and restored."""

import time

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.urls import reverse
from wagtail.models import Site

from warta.network.forms import SIGNER_SALT
from warta.network.models import PartnerApplication
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, group_name, setup_roles

pytestmark = pytest.mark.django_db


def form_data(**changes) -> dict:
    data = {
        "organisation": "Kabar Malang Raya",
        "legal_entity": "pt",
        "contact_name": "Rudi Hartono",
        "email": "rudi@kabarmalang.example",
        "phone": "0812-3456-7890",
        "province_code": "35",
        "regency": "Kota Malang",
        "website": "https://kabarmalang.example",
        "newsroom_size": "6-15",
        "sample_links": "https://kabarmalang.example/liputan-banjir\nhttps://kabarmalang.example/pilkada",
        "statement": "Kami media lokal Malang sejak 2015 dengan enam jurnalis, fokus pada "
        "pemerintahan kota, pendidikan dan ekonomi warga.",
        "started": signing.dumps(time.time() - 30, salt=SIGNER_SALT),
        "homepage": "",
    }
    data.update(changes)
    return data


def apply(client, REMOTE_ADDR="127.0.0.1", **changes):  # noqa: N803 - Django's META name
    headers = {name: changes.pop(name) for name in list(changes) if name.startswith("HTTP_")}
    return client.post("/network/", form_data(**changes), REMOTE_ADDR=REMOTE_ADDR, **headers)


def test_an_application_is_stored_confirmed_and_never_cached(client, site):
    page = client.get("/network/")
    assert page.status_code == 200
    assert "private" in page["Cache-Control"]
    html = BeautifulSoup(page.content, "html.parser")
    assert html.select_one("form select[name=province_code] option[value='96']")  # 38 provinces
    response = apply(client)
    assert response.status_code == 302 and response["Location"].endswith("?terkirim=1#daftar")
    application = PartnerApplication.objects.get()
    assert (application.status, application.phone) == ("submitted", "081234567890")
    assert [e.action for e in application.events.all()] == ["submitted"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rudi@kabarmalang.example"]
    assert "Kota Malang" in mail.outbox[0].body
    thanks = client.get(response["Location"]).content.decode()
    assert "pendaftaran Anda sudah kami terima" in thanks


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("phone", "12345", "nomor seluler Indonesia"),
        ("email", "bukan-email", "email"),
        ("statement", "Ingin gabung.", "minimal 50 karakter"),
        ("sample_links", "javascript:alert(1)", "Bukan alamat web yang valid"),
        ("province_code", "99", "pilihan"),
        ("organisation", "", "harus diisi"),
        ("started", "palsu", "kedaluwarsa"),
    ],
)
def test_bad_input_gets_a_clear_message_and_keeps_what_was_typed(
    client, site, field, value, message
):
    response = apply(client, **{field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message.lower() in html.lower()
    assert "Kabar Malang Raya" in html or field == "organisation"  # input kept
    assert not PartnerApplication.objects.exists()


def test_bots_are_dropped_quietly_and_floods_are_limited(client, site, settings):
    assert apply(client, homepage="http://spam.example").status_code == 302  # honeypot
    assert apply(client, started=signing.dumps(time.time(), salt=SIGNER_SALT)).status_code == 302
    assert not PartnerApplication.objects.exists() and not mail.outbox
    settings.WARTA_PARTNER_FORM_RATE = 3  # per address per hour; the bot posts above count
    assert apply(client, email="orang@contoh.example").status_code == 302
    limited = apply(client, email="banjir@contoh.example")
    assert limited.status_code == 429
    assert "Terlalu banyak pengiriman" in limited.content.decode()
    assert "banjir@contoh.example" in limited.content.decode()  # the input is kept
    assert PartnerApplication.objects.count() == 1
    # Another address is not affected.
    assert apply(client, email="lain@contoh.example", REMOTE_ADDR="10.0.0.9").status_code == 302


def test_a_form_stamp_is_good_for_one_application(client, site):
    data = form_data()
    assert client.post("/network/", data).status_code == 302
    again = client.post("/network/", {**data, "email": "korban@contoh.example"})
    assert again.status_code == 400
    assert "sudah terkirim" in again.content.decode()
    assert PartnerApplication.objects.count() == 1
    assert [m.to for m in mail.outbox] == [["rudi@kabarmalang.example"]]  # no second email
    # The page carries a fresh stamp: a real second application goes through.
    fresh = BeautifulSoup(again.content, "html.parser").select_one("input[name=started]")
    assert fresh["value"] != data["started"]
    resend = client.post(
        "/network/",
        {
            **data,
            "started": signing.dumps(time.time() - 30, salt=SIGNER_SALT),
            "email": "kedua@contoh.example",
        },
    )
    assert resend.status_code == 302 and PartnerApplication.objects.count() == 2


def test_a_form_stamp_padded_with_whitespace_is_the_same_stamp(client, site):
    # The form strips the field before checking its signature, so " stamp" and "stamp\t"
    # verify as the stamp itself: each must count as the one spent stamp, not a fresh one.
    data = form_data()
    assert client.post("/network/", data).status_code == 302
    for padded in (data["started"] + " ", " " + data["started"], data["started"] + "\n\t"):
        again = client.post("/network/", {**data, "started": padded, "email": "x@contoh.example"})
        assert again.status_code == 400 and "sudah terkirim" in again.content.decode()
    assert PartnerApplication.objects.count() == 1 and len(mail.outbox) == 1


def test_the_rate_limit_counts_the_real_address_not_a_header(client, site, settings):
    settings.WARTA_PARTNER_FORM_RATE = 2
    forged = [
        apply(
            client,
            HTTP_X_REAL_IP=f"10.0.0.{n}",
            HTTP_X_FORWARDED_FOR=f"10.1.0.{n}",
            email=f"a{n}@contoh.example",
        ).status_code
        for n in range(3)
    ]
    assert forged == [302, 302, 429]
    # Behind a trusted proxy the forwarded address is the one counted.
    settings.WARTA_TRUSTED_PROXIES = ["127.0.0.1/32"]
    behind = [
        apply(client, HTTP_X_REAL_IP=ip, email=f"{n}@contoh.example").status_code
        for n, ip in enumerate(["203.0.113.5"] * 3 + ["203.0.113.6"])
    ]
    assert behind == [302, 302, 429, 302]


@pytest.fixture
def reviewer(client, site):
    setup_roles()
    user = get_user_model().objects.create_user("jaringan", "jaringan@w.localhost", "pw")
    user.groups.add(Group.objects.get(name=NETWORK_ADMIN))
    return user


def act(client, application, action, **data):
    return client.post(reverse("partner_act", args=[application.pk, action]), data, follow=True)


def test_review_approve_provisions_the_site_and_invites_its_editor(client, reviewer):
    apply(client)
    application = PartnerApplication.objects.get()
    mail.outbox.clear()
    client.force_login(reviewer)
    listing = client.get(reverse("partner_applications")).content.decode()
    assert "Kabar Malang Raya" in listing
    review = client.get(reverse("partner_review", args=[application.pk])).content.decode()
    assert 'value="malang"' in review  # slug suggested from the regency
    act(client, application, "review")
    act(client, application, "note", note="Legalitas PT sudah dicek.")
    page = act(client, application, "approve", site_name="Warta Malang", slug="malang")
    assert "Situs Warta Malang siap" in page.content.decode()
    application.refresh_from_db()
    assert application.status == "approved"
    site = Site.objects.get(hostname="malang.warta.localhost")
    assert application.site == site and site.sitesettings.province.name == "Jawa Timur"
    client.logout()
    assert client.get("/", HTTP_HOST="malang.warta.localhost").status_code == 200
    assert client.get("/r/malang/").status_code == 200
    editor = application.editor_account
    assert editor.email == "rudi@kabarmalang.example" and not editor.has_usable_password()
    assert editor.groups.filter(name=group_name(EDITOR, site)).exists()
    invite = [m for m in mail.outbox if m.to == ["rudi@kabarmalang.example"]]
    assert len(invite) == 1 and "/admin/password_reset/" in invite[0].body
    link = next(w for w in invite[0].body.split() if "/admin/password_reset/" in w)
    path = link.split("testserver", 1)[1]
    chosen = client.get(path, follow=True)
    assert chosen.status_code == 200 and b"new_password1" in chosen.content
    # Approving again changes nothing and invites nobody twice.
    client.force_login(reviewer)
    act(client, application, "approve", site_name="Warta Malang", slug="malang")
    assert Site.objects.filter(hostname="malang.warta.localhost").count() == 1
    assert len([m for m in mail.outbox if m.to == ["rudi@kabarmalang.example"]]) == 1
    history = [e.action for e in application.events.all()]
    assert history == ["submitted", "in_review", "note", "approved"]


def test_reject_needs_a_reason_and_suspension_is_reversible(client, reviewer):
    apply(client)
    apply(
        client,
        organisation="Suara Denpasar",
        email="made@suara.example",
        province_code="51",
        regency="Kota Denpasar",
    )
    malang, denpasar = PartnerApplication.objects.order_by("pk")
    client.force_login(reviewer)
    page = act(client, malang, "reject", note="")
    assert "alasan penolakan" in page.content.decode()
    act(client, malang, "reject", note="Wilayah Malang sudah punya mitra.")
    malang.refresh_from_db()
    assert malang.status == "rejected"
    assert (
        "tidak bisa disetujui"
        in act(client, malang, "approve", site_name="X", slug="x").content.decode()
    )
    act(client, denpasar, "approve", site_name="Warta Denpasar", slug="denpasar")
    act(client, denpasar, "suspend")
    assert client.get("/", HTTP_HOST="denpasar.warta.localhost").status_code == 503
    act(client, denpasar, "restore")
    client.logout()
    assert client.get("/", HTTP_HOST="denpasar.warta.localhost").status_code == 200
    actions = [e.action for e in denpasar.events.all()]
    assert actions == ["submitted", "approved", "suspended", "restored"]


def test_only_network_admins_review(client, reviewer):
    apply(client)
    application = PartnerApplication.objects.get()
    assert client.get(reverse("partner_applications"))["Location"].startswith("/admin/login/")
    desk = get_user_model().objects.create_user("redaktur", "r@w.localhost", "pw")
    desk.groups.add(Group.objects.get(name=EDITOR))
    client.force_login(desk)
    assert client.get(reverse("partner_review", args=[application.pk])).status_code in (302, 403)
    client.post(
        reverse("partner_act", args=[application.pk, "approve"]),
        {"site_name": "Warta Malang", "slug": "malang"},
    )
    assert not Site.objects.filter(hostname="malang.warta.localhost").exists()
