"""The login lockout over HTTP, through the real forms (allauth's /akun/login/ and Wagtail's
/admin/login/): per (account, address) and per account, never per address alone; username and
email are one account; a good login clears only its own account's failures from its own
address; behind a trusted proxy each client is counted under its own address; the locked-out
page says in how many minutes to try again."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - test accounts'
WRONG = "tebak-tebakan"
LOCKED = "Terlalu banyak percobaan masuk"


@pytest.fixture
def accounts(site):
    users = get_user_model().objects
    admin = users.create_superuser("admin", "admin@warta.example", PASSWORD)
    readers = {}
    for name in ("sari", "budi"):
        readers[name] = users.create_user(name, f"{name}@pembaca.example", PASSWORD)
        EmailAddress.objects.create(
            user=readers[name], email=f"{name}@pembaca.example", verified=True, primary=True
        )
    return {"admin": admin, **readers}


def reader_login(login: str, password: str, address: str, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post("/akun/login/", {"login": login, "password": password})
    return response, "_auth_user_id" in client.session


def admin_login(username: str, password: str, address: str, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post("/admin/login/", {"username": username, "password": password})
    return response, "_auth_user_id" in client.session


def refused(response) -> bool:
    return response.status_code == 429 and LOCKED in response.content.decode()


def test_a_good_login_of_another_account_does_not_reset_the_guessing(accounts):
    # Finding 2: 4 wrong admin passwords, then the attacker's own reader login, again and again.
    for _ in range(4):
        admin_login("admin", WRONG, "203.0.113.9")
    assert reader_login("sari@pembaca.example", PASSWORD, "203.0.113.9")[1]
    response, _ = admin_login("admin", WRONG, "203.0.113.9")
    assert refused(response)  # the fifth failure for the pair locks it
    response, signed_in = admin_login("admin", PASSWORD, "203.0.113.9")
    assert refused(response) and not signed_in
    # The real admin elsewhere, and the reader on the attacker's address, are not locked out.
    assert admin_login("admin", PASSWORD, "198.51.100.20")[1]
    assert reader_login("sari", PASSWORD, "203.0.113.9")[1]


def test_a_good_login_clears_only_its_own_accounts_failures(accounts):
    for _ in range(3):
        reader_login("sari", WRONG, "203.0.113.9")
        reader_login("budi", WRONG, "203.0.113.9")
    assert reader_login("sari", PASSWORD, "203.0.113.9")[1]
    assert not AccessAttempt.objects.filter(username="sari").exists()
    reader_login("budi", WRONG, "203.0.113.9")
    response, _ = reader_login("budi", WRONG, "203.0.113.9")
    assert refused(response)  # budi's 3 earlier failures still count


def test_username_and_email_failures_add_up_to_one_account(accounts):
    for login in ("sari", "SARI", "Sari@Pembaca.example", "sari@pembaca.example"):
        reader_login(login, WRONG, "203.0.113.9")
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"sari"}
    assert refused(reader_login("sari@PEMBACA.example", WRONG, "203.0.113.9")[0])  # the fifth
    response, signed_in = reader_login("sari@pembaca.example", PASSWORD, "203.0.113.9")
    assert refused(response) and not signed_in
    response, signed_in = admin_login("sari", PASSWORD, "203.0.113.9")
    assert refused(response) and not signed_in
    assert reader_login("budi", PASSWORD, "203.0.113.9")[1]  # the address is not locked


def test_a_few_addresses_cannot_lock_out_admin_but_many_stop_the_guessing(accounts):
    admin_login("admin", PASSWORD, "192.0.2.50")  # the admin's usual address
    for n in range(4):  # 20 failures from 4 addresses: each pair locked, the account not
        for _ in range(5):
            admin_login("admin", WRONG, f"203.0.113.{n}")
    assert refused(admin_login("admin", PASSWORD, "203.0.113.0")[0])
    assert admin_login("admin", PASSWORD, "198.51.100.20")[1]
    for _ in range(5):  # a fifth address: 25, the per-account limit
        admin_login("admin", WRONG, "203.0.113.4")
    response, signed_in = admin_login("admin", PASSWORD, "198.51.100.21")
    assert refused(response) and not signed_in
    # From where the admin signed in before, only that address's own count applies.
    assert admin_login("admin", PASSWORD, "192.0.2.50")[1]


def test_a_dozen_failures_from_elsewhere_do_not_lock_a_reader_out(accounts):
    for n in range(12):  # 4 from each of 3 addresses: no pair reaches 5, the account not 25
        reader_login("sari@pembaca.example", WRONG, f"203.0.113.{n % 3}")
    assert reader_login("sari@pembaca.example", PASSWORD, "198.51.100.7")[1]


def test_behind_a_trusted_proxy_each_client_is_counted_under_its_own_address(accounts, settings):
    # Finding 3: behind nginx every connection comes from 127.0.0.1.
    settings.WARTA_TRUSTED_PROXIES = ["127.0.0.1/32"]
    for _ in range(5):
        reader_login(
            "sari",
            WRONG,
            "127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
            HTTP_X_REAL_IP="203.0.113.9",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response, _ = reader_login("sari", PASSWORD, "127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert refused(response)
    assert reader_login("sari", PASSWORD, "127.0.0.1", HTTP_X_REAL_IP="198.51.100.7")[1]
    assert reader_login("budi", PASSWORD, "127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")[1]


def test_forwarded_headers_from_anyone_else_are_ignored(accounts):
    for n in range(5):  # a fresh forged address per attempt, from one real one
        reader_login(
            "sari",
            WRONG,
            "203.0.113.9",
            HTTP_X_REAL_IP=f"10.0.0.{n}",
            HTTP_X_FORWARDED_FOR=f"10.1.0.{n}",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    response, _ = reader_login("sari", PASSWORD, "203.0.113.9", HTTP_X_REAL_IP="10.0.0.99")
    assert refused(response)


def test_the_locked_out_page_says_in_how_many_minutes_to_try_again(accounts):
    for _ in range(5):
        admin_login("admin", WRONG, "203.0.113.9")
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=20)
    )
    response, _ = admin_login("admin", PASSWORD, "203.0.113.9")
    assert refused(response)
    text = re.sub(r"\s+", " ", response.content.decode())
    assert "Coba lagi dalam 40 menit." in text
    # Trying while locked does not push the end further away.
    assert AccessAttempt.objects.get().failures_since_start == 5
