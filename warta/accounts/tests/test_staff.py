"""Staff accounts over HTTP, through every door the admin has (create, edit, delete, copy, the
listing and its bulk actions): a network admin manages newsroom staff, never a superuser or
another network admin, and grants only the roles they could hold themselves; only a superuser
grants superuser status or the network admin role."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, group_name, setup_roles

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Sandi-Baru-Yang-Panjang-2026"  # noqa: S105 - a test account's


def make(username: str, *groups: str, superuser: bool = False):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    user.first_name, user.last_name, user.is_superuser = "Nama", "Staf", superuser
    user.save()
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def staff(site):
    setup_roles()
    jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
    return {
        "jaringan": make("jaringan", NETWORK_ADMIN),
        "jaringan_lain": make("jaringan-lain", NETWORK_ADMIN),
        "admin": make("admin", superuser=True),
        "reporter": make("reporter", REPORTER),
        "jatim_editor": group_name(EDITOR, jatim),
    }


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def edit_url(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def form_data(client, url: str, **changes) -> dict[str, list[str]]:
    """The fields the admin's user form sends as rendered for this user (a checked box sends
    "on"), with some changed."""
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    soup = BeautifulSoup(response.content, "html.parser")
    form = next(f for f in soup.find_all("form") if f.find("input", {"name": "username"}))
    data: dict[str, list[str]] = {}
    for field in form.find_all("input"):
        name, kind = field.get("name"), field.get("type", "text")
        if not name or name == "csrfmiddlewaretoken" or field.has_attr("disabled"):
            continue
        if kind in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data.setdefault(name, []).append(field.get("value", ""))
    for key, value in changes.items():
        data[key] = value if isinstance(value, list) else [value]
    return data


def group_ids(*names: str) -> list[str]:
    return [str(pk) for pk in Group.objects.filter(name__in=names).values_list("pk", flat=True)]


# Superuser status


def test_network_admin_cannot_create_a_superuser(client, staff):
    client.force_login(staff["jaringan"])
    url = reverse("wagtailusers_users:add")
    new = {
        "username": "baru",
        "email": "baru@warta.localhost",
        "first_name": "Staf",
        "last_name": "Baru",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data = form_data(client, url, **new, is_superuser="on", groups=group_ids(REPORTER))
    assert client.post(url, data).status_code == 302
    created = get_user_model().objects.get(username="baru")
    assert not created.is_superuser
    assert list(created.groups.values_list("name", flat=True)) == [REPORTER]


def test_network_admin_cannot_make_a_reporter_superuser(client, staff):
    client.force_login(staff["jaringan"])
    page = client.get(edit_url(staff["reporter"]))
    assert b"Hanya superuser yang dapat memberi atau mencabut status ini." in page.content
    data = form_data(client, edit_url(staff["reporter"]), is_superuser="on")
    assert client.post(edit_url(staff["reporter"]), data).status_code == 302
    assert not fresh(staff["reporter"]).is_superuser


def test_a_superuser_can_make_someone_superuser(client, staff):
    client.force_login(staff["admin"])
    data = form_data(client, edit_url(staff["reporter"]), is_superuser="on")
    assert client.post(edit_url(staff["reporter"]), data).status_code == 302
    assert fresh(staff["reporter"]).is_superuser


# Superusers' and other network admins' accounts


@pytest.mark.parametrize("target", ["admin", "jaringan_lain"])
def test_network_admin_is_refused_the_edit_form_of_a_superuser_or_peer(client, staff, target):
    client.force_login(staff["jaringan"])
    response = client.get(edit_url(staff[target]))
    assert response.status_code == 403
    assert b"hanya dapat diubah oleh superuser" in response.content
    assert b'name="password1"' not in response.content


@pytest.mark.parametrize("target", ["admin", "jaringan_lain"])
def test_network_admin_cannot_change_a_superusers_or_peers_password(client, staff, target):
    victim = staff[target]
    client.force_login(staff["jaringan"])
    data = {
        "username": victim.username,
        "email": "pencuri@contoh.example",
        "first_name": "X",
        "last_name": "Y",
        "is_active": "on",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "groups": group_ids(NETWORK_ADMIN),
    }
    assert client.post(edit_url(victim), data).status_code == 403
    after = fresh(victim)
    assert after.check_password("pw") and not after.check_password(NEW_PASSWORD)
    assert after.email == victim.email


def test_network_admin_can_reset_a_reporters_password(client, staff):
    client.force_login(staff["jaringan"])
    data = form_data(
        client, edit_url(staff["reporter"]), password1=NEW_PASSWORD, password2=NEW_PASSWORD
    )
    assert client.post(edit_url(staff["reporter"]), data).status_code == 302
    assert fresh(staff["reporter"]).check_password(NEW_PASSWORD)


def test_a_superuser_can_change_a_network_admins_password(client, staff):
    client.force_login(staff["admin"])
    url = edit_url(staff["jaringan_lain"])
    data = form_data(client, url, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    assert client.post(url, data).status_code == 302
    assert fresh(staff["jaringan_lain"]).check_password(NEW_PASSWORD)


@pytest.mark.parametrize("target", ["admin", "jaringan_lain"])
def test_network_admin_cannot_delete_a_superuser_or_peer(client, staff, target):
    client.force_login(staff["jaringan"])
    url = reverse("wagtailusers_users:delete", args=[staff[target].pk])
    assert client.get(url).status_code in (302, 403)
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert get_user_model().objects.filter(pk=staff[target].pk).exists()


def test_network_admin_can_delete_a_reporter(client, staff):
    client.force_login(staff["jaringan"])
    client.post(reverse("wagtailusers_users:delete", args=[staff["reporter"].pk]))
    assert not get_user_model().objects.filter(pk=staff["reporter"].pk).exists()


def test_copying_an_account_is_not_a_way_to_edit_it(client, staff):
    """Wagtail's copy view saved its form onto the account being copied."""
    client.force_login(staff["jaringan"])
    url = f"/admin/users/copy/{staff['admin'].pk}/"
    data = {
        "username": "admin",
        "email": "pencuri@contoh.example",
        "first_name": "X",
        "last_name": "Y",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    assert client.post(url, data).status_code == 404
    assert fresh(staff["admin"]).check_password("pw")


def test_the_listing_offers_no_edit_link_for_accounts_out_of_reach(client, staff):
    client.force_login(staff["jaringan"])
    listing = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert edit_url(staff["reporter"]) in listing
    assert edit_url(staff["admin"]) not in listing
    assert edit_url(staff["jaringan_lain"]) not in listing


# Roles


def test_network_admin_cannot_make_someone_network_admin(client, staff):
    client.force_login(staff["jaringan"])
    url = edit_url(staff["reporter"])
    data = form_data(client, url, groups=group_ids(REPORTER, NETWORK_ADMIN))
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Peran yang dipilih hanya dapat diberikan oleh superuser." in response.content.decode()
    assert list(fresh(staff["reporter"]).groups.values_list("name", flat=True)) == [REPORTER]


def test_network_admin_cannot_grant_a_role_stronger_than_their_own(client, staff):
    stronger = Group.objects.create(name="Penghapus situs")
    stronger.permissions.add(Permission.objects.get(codename="delete_site"))
    client.force_login(staff["jaringan"])
    url = edit_url(staff["reporter"])
    form = client.get(url).content.decode()
    assert "Penghapus situs" not in form and NETWORK_ADMIN not in form  # not even offered
    data = form_data(client, url, groups=[str(stronger.pk)])
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Peran yang dipilih hanya dapat diberikan oleh superuser." in response.content.decode()
    assert not fresh(staff["reporter"]).groups.filter(pk=stronger.pk).exists()


def test_network_admin_can_make_a_reporter_a_regional_editor(client, staff):
    client.force_login(staff["jaringan"])
    url = edit_url(staff["reporter"])
    data = form_data(client, url, groups=group_ids(staff["jatim_editor"]))
    assert client.post(url, data).status_code == 302
    assert [g.name for g in fresh(staff["reporter"]).groups.all()] == [staff["jatim_editor"]]


def test_network_admin_cannot_drop_their_own_role_nor_promote_themselves(client, staff):
    me = staff["jaringan"]
    client.force_login(me)
    response = client.post(edit_url(me), form_data(client, edit_url(me), groups=[]))
    assert response.status_code == 200
    assert f"Hanya superuser yang dapat memberi atau mencabut peran: {NETWORK_ADMIN}." in (
        response.content.decode()
    )
    assert list(fresh(me).groups.values_list("name", flat=True)) == [NETWORK_ADMIN]
    data = form_data(client, edit_url(me), is_superuser="on")
    client.post(edit_url(me), data)
    assert not fresh(me).is_superuser


# Bulk actions on the users listing


def bulk(client, action: str, users, **data):
    query = "&".join(f"id={u.pk}" for u in users)
    url = reverse("wagtail_bulk_action", args=["auth", "user", action]) + "?" + query
    return client.post(url, data)


def test_bulk_delete_spares_superusers_and_peers(client, staff):
    client.force_login(staff["jaringan"])
    targets = [staff["admin"], staff["jaringan_lain"], staff["reporter"]]
    bulk(client, "delete", targets)
    left = set(get_user_model().objects.values_list("username", flat=True))
    assert {"admin", "jaringan-lain"} <= left and "reporter" not in left


def test_bulk_deactivation_spares_superusers_and_peers(client, staff):
    client.force_login(staff["jaringan"])
    targets = [staff["admin"], staff["jaringan_lain"], staff["reporter"]]
    bulk(client, "set_active_state", targets, mark_as_active="False")
    assert fresh(staff["admin"]).is_active and fresh(staff["jaringan_lain"]).is_active
    assert not fresh(staff["reporter"]).is_active


def test_bulk_role_assignment_cannot_grant_network_admin(client, staff):
    client.force_login(staff["jaringan"])
    response = bulk(client, "assign_role", [staff["reporter"]], role=group_ids(NETWORK_ADMIN)[0])
    assert response.status_code == 200
    assert "Peran ini hanya dapat diberikan oleh superuser." in response.content.decode()
    assert not fresh(staff["reporter"]).groups.filter(name=NETWORK_ADMIN).exists()


def test_bulk_role_assignment_leaves_superusers_and_peers_alone(client, staff):
    client.force_login(staff["jaringan"])
    bulk(
        client,
        "assign_role",
        [staff["admin"], staff["jaringan_lain"], staff["reporter"]],
        role=group_ids(staff["jatim_editor"])[0],
    )
    assert not fresh(staff["admin"]).groups.exists()
    assert not fresh(staff["jaringan_lain"]).groups.filter(name=staff["jatim_editor"]).exists()
    assert fresh(staff["reporter"]).groups.filter(name=staff["jatim_editor"]).exists()
