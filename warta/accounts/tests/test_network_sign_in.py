"""One account on every site of the network (#21, defect 1): a shared cookie domain where the
sites share a parent domain, and the network sign-in hand-off where they do not (a partner on
its own domain). Each browser is its own test client, as a browser keeps each host's cookies
apart: `main` on the network's sign-in host, `partner` on the partner's host."""

import time
from unittest import mock
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client, override_settings
from wagtail.models import Site

from warta.accounts import handoff
from warta.accounts.models import UsedHandoffToken
from warta.core.env import ImproperlyConfiguredEnv, env_cookie_domain
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db
MAIN = "localhost"  # the `site` fixture's default site
PARTNER = "beritamitra.example"
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_site, module_world

    with module_world(django_db_blocker):
        build_site()
        partner = provision_site(
            RegionSpec(name="Berita Mitra", slug="mitra", province_code="35", hostname=PARTNER)
        )
        bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
        yield {"partner": partner.pk, "bali": bali.pk}


@pytest.fixture
def network(built_network, db):
    return {name: Site.objects.get(pk=pk) for name, pk in built_network.items()}


def make_reader(email="sari@pembaca.example", **extra):
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD, **extra)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def reader(db):
    return make_reader()


def browser(host: str) -> Client:
    return Client(HTTP_HOST=host)


def sign_in(client: Client, email="sari@pembaca.example", next_path=""):
    query = f"?{urlencode({'next': next_path})}" if next_path else ""
    response = client.post(f"/akun/login/{query}", {"login": email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]
    return response


def signed_in(client: Client) -> bool:
    return client.get("/akun/saya/").status_code == 200


def go(client: Client, url: str):
    """Follow an absolute redirect in the browser that holds its host's cookies."""
    parts = urlsplit(url)
    return client.get(f"{parts.path}?{parts.query}", HTTP_HOST=parts.netloc)


def start_on_partner(partner: Client, next_path="/berita/"):
    """The partner's "Masuk": to the sign-in host, with a state cookie left on the partner."""
    response = partner.get("/akun/login/", {"next": next_path})
    url = onward(response)
    target = urlsplit(url)
    assert target.netloc == MAIN and target.path == "/akun/jaringan/serahkan/"
    assert handoff.STATE_COOKIE in response.cookies
    return url


def onward(response) -> str:
    """Where the sign-in host sends the reader back: a page that refreshes at once (a redirect
    right after the sign-in form would be blocked by its CSP, form-action 'self')."""
    assert response.status_code == 200, response.content.decode()[:300]
    page = BeautifulSoup(response.content, "html.parser")
    url = page.select_one("#handoff-continue")["href"]
    assert page.select_one('meta[http-equiv="refresh"]')["content"] == f"0; url={url}"
    return url


def token_from(response) -> str:
    target = urlsplit(onward(response))
    assert target.path == "/akun/jaringan/terima/"
    return parse_qs(target.query)["token"][0]


def test_a_reader_signed_in_on_the_main_host_is_signed_in_on_the_partner(network, reader):
    main, partner = browser(MAIN), browser(PARTNER)
    sign_in(main)
    assert signed_in(main) and not signed_in(partner)
    handed = go(main, start_on_partner(partner))  # no password asked again
    assert urlsplit(onward(handed)).netloc == PARTNER
    assert handed["Referrer-Policy"] == "no-referrer" and "no-store" in handed["Cache-Control"]
    finished = go(partner, onward(handed))
    assert finished.status_code == 302 and finished["Location"] == "/berita/"
    assert signed_in(partner)
    assert UsedHandoffToken.objects.filter(user=reader, host=PARTNER).count() == 1


def test_a_signed_out_reader_signs_in_on_the_main_host_then_comes_back(network, reader):
    main, partner = browser(MAIN), browser(PARTNER)
    start = start_on_partner(partner, "/berita/satu/?hal=2")
    to_login = go(main, start)
    assert to_login.status_code == 302 and to_login["Location"].startswith("/akun/login/?next=")
    login_page = main.get(to_login["Location"]).content.decode()
    assert "Anda kembali ke Berita Mitra" in login_page  # the reader knows why they are here
    back = sign_in(main, next_path=parse_qs(urlsplit(to_login["Location"]).query)["next"][0])
    assert back["Location"].startswith("/akun/jaringan/serahkan/")
    token = token_from(main.get(back["Location"]))
    finished = partner.get("/akun/jaringan/terima/", {"token": token})
    assert finished["Location"] == "/berita/satu/?hal=2"
    assert signed_in(partner) and signed_in(main)


def test_on_the_main_host_and_by_path_the_sign_in_page_is_the_usual_one(network, reader):
    for host, path in ((MAIN, "/akun/login/"), ("127.0.0.1", "/r/mitra/akun/login/")):
        page = browser(host).get(path)
        assert page.status_code == 200 and 'name="password"' in page.content.decode()


def handed_token(network, reader, next_path="/berita/"):
    """A token for the partner, and the partner browser that asked for it."""
    main, partner = browser(MAIN), browser(PARTNER)
    sign_in(main)
    return token_from(go(main, start_on_partner(partner, next_path))), partner


def refusal(response) -> str:
    assert response.status_code == 400, response.status_code
    assert "no-store" in response["Cache-Control"]
    return response.content.decode()


def test_a_used_token_is_refused(network, reader):
    token, partner = handed_token(network, reader)
    state = partner.cookies[handoff.STATE_COOKIE].value
    assert partner.get("/akun/jaringan/terima/", {"token": token}).status_code == 302
    replay = browser(PARTNER)  # even with the state cookie copied
    replay.cookies[handoff.STATE_COOKIE] = state
    assert "sudah dipakai" in refusal(replay.get("/akun/jaringan/terima/", {"token": token}))
    assert not signed_in(replay)


def test_a_token_for_another_host_is_refused(network, reader):
    token, partner = handed_token(network, reader)
    bali = browser(network["bali"].hostname)
    bali.cookies[handoff.STATE_COOKIE] = partner.cookies[handoff.STATE_COOKIE].value
    assert "bukan untuk situs ini" in refusal(bali.get("/akun/jaringan/terima/", {"token": token}))
    assert not signed_in(bali)
    # ...and it is not spent by the attempt: the partner still takes it.
    assert partner.get("/akun/jaringan/terima/", {"token": token}).status_code == 302


def test_an_expired_token_is_refused(network, reader):
    token, partner = handed_token(network, reader)
    later = time.time() + 61
    with mock.patch("django.core.signing.time.time", return_value=later):
        page = refusal(partner.get("/akun/jaringan/terima/", {"token": token}))
    assert "kedaluwarsa" in page and not signed_in(partner)


def test_a_forged_token_is_refused(network, reader):
    token, partner = handed_token(network, reader)
    payload = signing.loads(token, salt=handoff.SALT)
    payload["u"] = make_reader("lain@pembaca.example").pk
    forged = [
        signing.dumps(payload, salt=handoff.SALT, key="not-the-secret-key"),
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        signing.dumps(payload, salt="another.salt"),
        "",
    ]
    for bad in forged:
        assert "tidak sah" in refusal(partner.get("/akun/jaringan/terima/", {"token": bad}))
    assert not signed_in(partner)


def test_a_token_opened_in_another_browser_is_refused(network, reader):
    """Nobody can sign a victim in as themselves with a token of their own (login CSRF)."""
    token, _partner = handed_token(network, reader)
    victim = browser(PARTNER)
    assert "peramban lain" in refusal(victim.get("/akun/jaringan/terima/", {"token": token}))
    assert not signed_in(victim)


@pytest.mark.parametrize(
    "next_path", ["//evil.example/", "http://evil.example/", "/\\evil.example", "berita/"]
)
def test_next_to_another_host_is_refused(network, reader, next_path):
    main = browser(MAIN)
    sign_in(main)
    start = main.get(
        "/akun/jaringan/serahkan/", {"situs": PARTNER, "next": next_path, "state": "x" * 20}
    )
    assert "Alamat tujuan" in refusal(start)
    # The partner's own "Masuk" drops such a next for its home page.
    query = parse_qs(urlsplit(start_on_partner(browser(PARTNER), next_path)).query)
    assert query["next"] == ["/"]


@pytest.mark.parametrize("host", ["evil.example", MAIN, "127.0.0.1", "mitra"])
def test_a_host_not_in_the_network_is_refused(network, reader, host):
    main = browser(MAIN)
    sign_in(main)
    start = main.get("/akun/jaringan/serahkan/", {"situs": host, "next": "/", "state": "x" * 20})
    assert "bukan bagian dari jaringan" in refusal(start)


def test_a_valid_token_is_refused_on_a_host_outside_the_network(network, reader):
    token, partner = handed_token(network, reader)
    evil = browser("evil.example")
    evil.cookies[handoff.STATE_COOKIE] = partner.cookies[handoff.STATE_COOKIE].value
    assert "bukan untuk situs ini" in refusal(evil.get("/akun/jaringan/terima/", {"token": token}))


def test_the_hand_off_starts_only_on_the_sign_in_host(network, reader):
    query = {"situs": PARTNER, "next": "/", "state": "x" * 20}
    for host in (PARTNER, network["bali"].hostname):
        assert browser(host).get("/akun/jaringan/serahkan/", query).status_code == 404


@pytest.mark.parametrize("role", ["is_staff", "is_superuser", "group"])
def test_newsroom_accounts_are_not_handed_off(network, role):
    user = make_reader("redaksi@warta.example", **({} if role == "group" else {role: True}))
    if role == "group":
        user.groups.add(Group.objects.create(name="Reporter Mitra"))
    main, partner = browser(MAIN), browser(PARTNER)
    sign_in(main, "redaksi@warta.example")
    answer = go(main, start_on_partner(partner))
    assert answer.status_code == 403 and "Akun redaksi" in answer.content.decode()
    assert f"http://{PARTNER}/berita/" in answer.content.decode()  # back, signed out
    assert not UsedHandoffToken.objects.exists()
    # A token made before the account became staff is refused too.
    token = handoff.signing.dumps(
        {"u": user.pk, "h": PARTNER, "n": "/", "s": "", "a": "", "j": "x"}, salt=handoff.SALT
    )
    assert refusal(partner.get("/akun/jaringan/terima/", {"token": token}))
    assert not signed_in(partner)


def test_a_changed_password_voids_a_token(network, reader):
    token, partner = handed_token(network, reader)
    reader.set_password("Teh-Manis-2027")
    reader.save()
    assert "tidak berlaku lagi" in refusal(partner.get("/akun/jaringan/terima/", {"token": token}))


def test_signing_out_on_one_host_leaves_the_others_signed_in(network, reader):
    """Documented in docs/subsystems/accounts.md: each host has its own session."""
    main, partner = browser(MAIN), browser(PARTNER)
    sign_in(main)
    token = token_from(go(main, start_on_partner(partner)))
    partner.get("/akun/jaringan/terima/", {"token": token})
    assert signed_in(partner)
    partner.post("/akun/logout/")
    assert not signed_in(partner) and signed_in(main)


# The shared cookie domain.

DOMAIN = ".warta.localhost"  # the regional sites' parent (WARTA_REGIONAL_DOMAIN's default)
SHARED = {
    "WARTA_COOKIE_DOMAIN": DOMAIN,
    "SESSION_COOKIE_DOMAIN": DOMAIN,
    "CSRF_COOKIE_DOMAIN": DOMAIN,
}


@override_settings(**SHARED)
def test_the_shared_cookie_domain_is_set_on_the_session_and_csrf_cookies(network, reader):
    regional = browser(network["bali"].hostname)  # bali.warta.localhost
    page = regional.get("/akun/login/")  # signs in right here: no hand-off under the domain
    assert page.status_code == 200 and page.cookies["csrftoken"]["domain"] == DOMAIN
    response = sign_in(regional)
    assert response.cookies["sessionid"]["domain"] == DOMAIN
    # The browser sends it to every host under the domain: one session.
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    sibling = browser(jatim.hostname)  # jatim.warta.localhost
    sibling.cookies["sessionid"] = response.cookies["sessionid"].value
    assert signed_in(sibling)
    # Signing out anywhere under the domain signs out there all.
    out = regional.post("/akun/logout/")
    assert out.cookies["sessionid"]["domain"] == DOMAIN
    assert not signed_in(sibling)


@override_settings(**SHARED)
def test_outside_the_shared_domain_the_cookie_stays_on_its_host(network, reader):
    partner = browser(PARTNER)
    page = partner.get("/akun/jaringan/terima/", {"token": "x"})
    assert page.status_code == 400
    assert "/akun/jaringan/serahkan/" in onward(partner.get("/akun/login/"))  # the hand-off
    for host in (MAIN, "127.0.0.1"):  # not under .warta.localhost
        response = sign_in(browser(host))
        assert {name: c["domain"] for name, c in response.cookies.items()} == {
            "sessionid": "",
            "csrftoken": "",
            "messages": "",  # "Anda berhasil masuk"
        }


@override_settings(**SHARED)
def test_a_staff_session_on_the_shared_domain_reaches_no_other_sites_admin(network):
    staff = make_reader("redaksi@warta.example", is_staff=True, is_superuser=True)
    main = browser(MAIN)
    main.force_login(staff)
    assert main.get("/admin/").status_code == 200
    assert main.get("/admin/", HTTP_HOST=network["bali"].hostname).status_code == 404


@pytest.mark.parametrize("host", [MAIN, PARTNER])
def test_anonymous_public_pages_set_no_cookie(network, host):
    home = browser(host).get("/")
    assert home.status_code == 200 and not home.cookies
    assert "Cookie" not in home.get("Vary", "")


@pytest.mark.parametrize(
    ("value", "main_host", "expected"),
    [
        ("", "warta.example", None),
        (".warta.example", "warta.example", ".warta.example"),
        (".Warta.Example", "www.warta.example", ".warta.example"),
        (".warta.localhost", "warta.localhost", ".warta.localhost"),
    ],
)
def test_the_cookie_domain_setting(monkeypatch, value, main_host, expected):
    monkeypatch.setenv("WARTA_COOKIE_DOMAIN", value)
    assert env_cookie_domain("WARTA_COOKIE_DOMAIN", main_host) == expected


@pytest.mark.parametrize(
    ("value", "main_host", "says"),
    [
        ("warta.example", "warta.example", "starting with a dot"),
        (".", "warta.example", "starting with a dot"),
        (".warta..example", "warta.example", "starting with a dot"),
        (".com", "warta.com", "top-level domain"),
        (".localhost", "localhost", "top-level domain"),  # browsers refuse it
        (".other.example", "warta.example", "does not hold"),
        (".warta.example", "127.0.0.1", "does not hold"),
        (".warta.example", "notwarta.example", "does not hold"),
    ],
)
def test_a_wrong_cookie_domain_stops_start_up(monkeypatch, value, main_host, says):
    monkeypatch.setenv("WARTA_COOKIE_DOMAIN", value)
    with pytest.raises(ImproperlyConfiguredEnv, match=says):
        env_cookie_domain("WARTA_COOKIE_DOMAIN", main_host)
