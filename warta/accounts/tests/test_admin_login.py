"""The admin's sign-in is for staff: a reader (verified or not) gets the answer a wrong
password gets and no session, so /admin/login/ is no way around email verification."""

from __future__ import annotations

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from warta.newsroom.roles import REPORTER, setup_roles

pytestmark = pytest.mark.django_db
PASSWORD = "Kopi-Tubruk-2026"  # noqa: S105 - a test reader's
ADMIN_LOGIN = "/admin/login/"


def sign_up_without_verifying(client, email: str) -> None:
    response = client.post(
        "/akun/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302
    client.logout()


def login_error(response) -> str:
    found = re.search(r'<li class="error">(.*?)</li>', response.content.decode(), re.S)
    assert found, response.content.decode()[:2000]
    return " ".join(found.group(1).split())


@pytest.mark.parametrize("by", ["email", "username"])
def test_an_unverified_reader_gets_no_session_from_the_admin_login(client, site, by):
    sign_up_without_verifying(client, "sari@pembaca.example")
    reader = get_user_model().objects.get(email="sari@pembaca.example")
    name = reader.email if by == "email" else reader.username
    refused = client.post(ADMIN_LOGIN, {"username": name, "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/akun/saya/").status_code == 302  # still not signed in as a reader
    wrong = client.post(ADMIN_LOGIN, {"username": name, "password": "bukan-sandinya"})
    assert login_error(refused) == login_error(wrong)  # the account's existence is not told


def test_a_verified_reader_is_not_signed_in_by_the_admin_login_either(client, site):
    reader = get_user_model().objects.create_user("pembaca", "pembaca@contoh.example", PASSWORD)
    reader.emailaddress_set.create(email=reader.email, verified=True, primary=True)
    response = client.post(ADMIN_LOGIN, {"username": "pembaca", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    # The refusal counts as a failed attempt, like a wrong password, for the lockout.
    assert AccessAttempt.objects.filter(failures_since_start__gte=1).exists()


def test_staff_sign_in_to_the_admin(client, site):
    setup_roles()
    reporter = get_user_model().objects.create_user("reporter", "r@warta.localhost", PASSWORD)
    reporter.groups.add(Group.objects.get(name=REPORTER))
    response = client.post(ADMIN_LOGIN, {"username": "reporter", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reporter.pk)
    assert client.get("/admin/").status_code == 200
