"""One permission matrix: every role against every admin and public action, through HTTP as a
browser (or someone typing URLs) would. Each cell is its own test; EXPECTED is the policy.

Roles: anonymous, reader (signed-up account, email not verified), reporter, editor (national
desk), regional editor (Warta Jatim's desk), network admin, superuser. A regional site is a
partner publisher's: only its own desk and the network admins edit its stories, not the
national desk. Escalation (superuser status, superusers' and network admins' passwords) is a
superuser's alone (warta.accounts.staff)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from warta.accounts.models import SavedStory
from warta.articles.models import ArticlePage, Author
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.models import ChannelPage
from warta.network.models import PartnerApplication
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, group_name, setup_roles
from warta.newsroom.tests.conftest import post_edit

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "reader",
    "reporter",
    "editor",
    "regional_editor",
    "network_admin",
    "superuser",
]
T, F = True, False
EXPECTED = {
    #                      anon reader reporter editor regional network super
    "view_draft": (F, F, F, T, F, T, T),
    "edit_others_draft": (F, F, F, T, F, T, T),
    "submit_own_draft": (F, F, T, T, T, T, T),
    "approve_in_review": (F, F, F, T, F, T, T),
    "publish": (F, F, F, T, F, T, T),
    "unpublish": (F, F, F, T, F, T, T),
    "delete_published": (F, F, F, F, F, F, F),  # never one click
    "withdraw_published": (F, F, F, T, F, T, T),
    "manage_users": (F, F, F, F, F, T, T),
    "review_partners": (F, F, F, F, F, T, T),
    "edit_own_site_story": (F, F, F, T, T, T, T),
    "edit_other_site": (F, F, F, F, F, T, T),  # partners' desks
    "read_other_reader": (F, F, F, F, F, F, F),
    "api_draft": (F, F, F, F, F, F, F),
    # Escalation: only a superuser makes a superuser or touches a superuser's or a user
    # manager's account; the admin's login signs in staff only (the reader is unverified).
    "grant_superuser": (F, F, F, F, F, F, T),
    "change_superuser_password": (F, F, F, F, F, F, T),
    "change_other_network_admin_password": (F, F, F, F, F, F, T),
    "grant_network_admin": (F, F, F, F, F, F, T),
    "admin_login": (F, F, T, T, T, T, T),
}
CELLS = [(action, role) for action in EXPECTED for role in ROLES]


PASSWORD = "pw"  # noqa: S105 - the test accounts'
NEW_PASSWORD = "Sandi-Baru-Yang-Panjang-2026"  # noqa: S105


def user_with(username: str, group: str | None = None, *, superuser: bool = False):
    user = get_user_model().objects.create_user(
        username, f"{username}@warta.localhost", PASSWORD, is_superuser=superuser
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The matrix's network, built once for the module (once per worker, rolled back at the
    end); each cell runs in its own savepoint inside it, and gets fresh instances (`world`)."""
    from conftest import build_channel, build_site, module_world

    with module_world(django_db_blocker):
        channel = build_channel(build_site())
        setup_roles()
        jatim = provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))
        jatim_channel = ChannelPage.objects.child_of(jatim.root_page).get(slug="berita")
        users = {
            "anonymous": None,
            "reader": user_with("pembaca"),
            "reporter": user_with("reporter", REPORTER),
            "editor": user_with("redaktur", EDITOR),
            "regional_editor": user_with("redaktur-jatim", group_name(EDITOR, jatim)),
            "network_admin": user_with("jaringan", NETWORK_ADMIN),
            "superuser": user_with("admin", superuser=True),
        }
        writer = user_with("penulis-lain", REPORTER)
        other_reader = user_with("pembaca-lain")
        published = ArticlePageFactory(parent=channel, title="Berita nasional terbit")
        SavedStory.objects.create(user=other_reader, article=published)
        yield {
            "users": {role: user and user.pk for role, user in users.items()},
            "channel": channel.pk,
            "jatim_channel": jatim_channel.pk,
            "writer": writer.pk,
            "other_reader": other_reader.pk,
            "published": published.pk,
            "editor_author": AuthorFactory(name="Redaktur Warta").pk,
            "staff": user_with("reporter-lain", REPORTER).pk,
            "other_superuser": user_with("admin-lain", superuser=True).pk,
            "other_network_admin": user_with("jaringan-lain", NETWORK_ADMIN).pk,
        }


@pytest.fixture
def world(built_world, db):
    """The module's network as fresh instances: what one cell changes in memory stays there."""
    user = get_user_model().objects.get
    return {
        "users": {role: pk and user(pk=pk) for role, pk in built_world["users"].items()},
        "channel": ChannelPage.objects.get(pk=built_world["channel"]),
        "jatim_channel": ChannelPage.objects.get(pk=built_world["jatim_channel"]),
        "writer": user(pk=built_world["writer"]),
        "other_reader": user(pk=built_world["other_reader"]),
        "published": ArticlePage.objects.get(pk=built_world["published"]),
        "editor_author": Author.objects.get(pk=built_world["editor_author"]),
        **{name: user(pk=built_world[name]) for name in STAFF},
    }


STAFF = ("staff", "other_superuser", "other_network_admin")


def draft_in(world, parent, owner, title="Draf milik orang lain"):
    draft = ArticlePageFactory(
        parent=parent, title=title, publish=False, editor=world["editor_author"]
    )
    ArticlePage.objects.filter(pk=draft.pk).update(owner=owner)
    return ArticlePage.objects.get(pk=draft.pk)


def live(page) -> bool:
    return ArticlePage.objects.get(pk=page.pk).live


def admin_page_opens(client, url) -> bool:
    response = client.get(url)
    return response.status_code == 200 and b"w-" in response.content  # the admin, not a login


# Each action performs the real request and reports whether it took effect.


def view_draft(client, world, user):
    draft = draft_in(world, world["channel"], world["writer"])
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    return response.status_code == 200 and b"Draf milik orang lain" in response.content


def edit_others_draft(client, world, user):
    draft = draft_in(world, world["channel"], world["writer"])
    return admin_page_opens(client, reverse("wagtailadmin_pages:edit", args=[draft.pk]))


def submit_own_draft(client, world, user):
    if user is None:
        return False
    parent = world["jatim_channel"] if "jatim" in user.username else world["channel"]
    draft = draft_in(world, parent, user, title="Draf sendiri")
    post_edit_as(client, draft, action="action-submit")
    return ArticlePage.objects.get(pk=draft.pk).workflow_in_progress


def post_edit_as(client, page, **kwargs):
    """post_edit, or nothing when the edit form does not open for this user."""
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    if response.status_code != 200:
        return None
    return post_edit(client, page, **kwargs)


def approve_in_review(client, world, user):
    draft = draft_in(world, world["channel"], world["writer"], title="Menunggu persetujuan")
    client.force_login(world["writer"])
    post_edit(client, draft, action="action-submit")
    task_state = ArticlePage.objects.get(pk=draft.pk).current_workflow_task_state
    client.logout()
    if user is not None:
        client.force_login(user)
    url = reverse("wagtailadmin_pages:workflow_action", args=[draft.pk, "approve", task_state.pk])
    client.post(url, {"comment": ""})
    return live(draft)


def publish(client, world, user):
    draft = draft_in(world, world["channel"], world["writer"], title="Siap terbit")
    post_edit_as(client, draft, action="action-publish")
    return live(draft)


def unpublish(client, world, user):
    story = ArticlePageFactory(parent=world["channel"], title="Akan ditarik")
    client.post(reverse("wagtailadmin_pages:unpublish", args=[story.pk]))
    return not live(story)


def delete_published(client, world, user):
    story = ArticlePageFactory(parent=world["channel"], title="Akan dihapus")
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    return not ArticlePage.objects.filter(pk=story.pk).exists()


def withdraw_published(client, world, user):
    story = ArticlePageFactory(parent=world["channel"], title="Akan dihapus")
    client.post(reverse("wagtailadmin_pages:delete", args=[story.pk]))
    kept = ArticlePage.objects.filter(pk=story.pk).first()
    return kept is not None and not kept.live


def manage_users(client, world, user):
    return admin_page_opens(client, reverse("wagtailusers_users:index"))


def review_partners(client, world, user):
    application = PartnerApplication.objects.create(
        organisation="Kabar Madura",
        legal_entity="pt",
        contact_name="Siti",
        email="siti@kabar.localhost",
        phone="081234567890",
        province_code="35",
        regency="Sumenep",
        newsroom_size="1-5",
        statement="Media lokal di Madura.",
    )
    opened = admin_page_opens(client, reverse("partner_review", args=[application.pk]))
    client.post(reverse("partner_act", args=[application.pk, "review"]))
    application.refresh_from_db()
    return opened and application.status != PartnerApplication.SUBMITTED


def edit_own_site_story(client, world, user):
    own = world["jatim_channel"] if user and "jatim" in user.username else world["channel"]
    story = ArticlePageFactory(parent=own, title="Berita situs sendiri")
    return admin_page_opens(client, reverse("wagtailadmin_pages:edit", args=[story.pk]))


def edit_other_site(client, world, user):
    # For the regional desk, the other site is the national one; for the national desk, Jatim.
    other = world["channel"] if user and "jatim" in user.username else world["jatim_channel"]
    story = ArticlePageFactory(parent=other, title="Berita situs lain")
    return admin_page_opens(client, reverse("wagtailadmin_pages:edit", args=[story.pk]))


def read_other_reader(client, world, user):
    """Another reader's saved stories and e-mail, anywhere a signed-in user can look."""
    secrets = (world["other_reader"].email.encode(), b"Berita nasional terbit")
    for url in (
        reverse("accounts:account"),
        reverse("accounts:export"),
        reverse("accounts:history"),
        reverse("reader:reader_status"),
    ):
        response = client.get(url)
        if response.status_code == 200 and (
            secrets[0] in response.content
            or (url != reverse("reader:reader_status") and secrets[1] in response.content)
        ):
            return True
    return False


def api_draft(client, world, user):
    draft = draft_in(world, world["channel"], world["writer"], title="Draf rahasia API")
    one = client.get(f"/api/v1/articles/{draft.pk}")
    listing = client.get("/api/v1/articles?limit=100")
    return one.status_code == 200 or b"Draf rahasia API" in listing.content


def account_form(user, **changes) -> dict:
    """The admin's user edit form for `user` as a browser would send it, with changes."""
    data = {
        "username": user.username,
        "email": user.email,
        "first_name": "Nama",
        "last_name": "Staf",
        "is_active": "on",
        "password1": "",
        "password2": "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
    }
    data.update(changes)
    return data


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def edit_account(client, user, **changes):
    return client.post(
        reverse("wagtailusers_users:edit", args=[user.pk]), account_form(user, **changes)
    )


def grant_superuser(client, world, user):
    edit_account(client, world["staff"], is_superuser="on")
    return fresh(world["staff"]).is_superuser


def change_password_of(client, target) -> bool:
    edit_account(client, target, password1=NEW_PASSWORD, password2=NEW_PASSWORD)
    return fresh(target).check_password(NEW_PASSWORD)


def change_superuser_password(client, world, user):
    return change_password_of(client, world["other_superuser"])


def change_other_network_admin_password(client, world, user):
    return change_password_of(client, world["other_network_admin"])


def grant_network_admin(client, world, user):
    network_admin = Group.objects.get(name=NETWORK_ADMIN)
    edit_account(client, world["staff"], groups=[str(network_admin.pk)])
    return fresh(world["staff"]).groups.filter(pk=network_admin.pk).exists()


def admin_login(client, world, user):
    """The role's own account signs in through /admin/login/ with its password."""
    client.logout()
    if user is None:
        return False
    client.post(reverse("wagtailadmin_login"), {"username": user.username, "password": PASSWORD})
    return client.session.get("_auth_user_id") == str(user.pk)


ACTIONS = {name: globals()[name] for name in EXPECTED}


@pytest.mark.parametrize(("action", "role"), CELLS, ids=[f"{a}-{r}" for a, r in CELLS])
def test_permission_cell(client, world, action, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    happened = ACTIONS[action](client, world, user)
    expected = EXPECTED[action][ROLES.index(role)]
    assert happened is expected, f"{role} {action}: {'allowed' if happened else 'refused'}"


def test_the_matrix_is_complete():
    assert len(CELLS) == len(EXPECTED) * len(ROLES) == 19 * 7
