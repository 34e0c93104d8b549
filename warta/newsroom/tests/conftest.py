import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.newsroom.roles import EDITOR, NETWORK_ADMIN, REPORTER, setup_roles


@pytest.fixture
def roles(site, channel):
    setup_roles()


def make_user(username: str, role: str | None):
    user = get_user_model().objects.create_user(username, f"{username}@warta.localhost", "pw")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reporter(roles):
    return make_user("reporter", REPORTER)


@pytest.fixture
def editor_user(roles):
    return make_user("redaktur", EDITOR)


@pytest.fixture
def network_admin(roles):
    return make_user("jaringan", NETWORK_ADMIN)


@pytest.fixture
def users(reporter, editor_user, network_admin):
    return {"reporter": reporter, "editor": editor_user, "network_admin": network_admin}


@pytest.fixture
def ready_story(channel):
    """A draft that passes every quality gate."""
    return ArticlePageFactory(
        parent=channel,
        title="Draf siap terbit",
        editor=AuthorFactory(name="Redaktur Warta"),
        publish=False,
    )


def body_form_data(page) -> dict:
    """The StreamField inputs a browser would send (the editor builds them in JavaScript):
    the body and the 'Baca juga' picks."""
    items = []
    for block in getattr(page, "body", []) or []:
        if block.block_type == "paragraph":
            items.append(("paragraph", rich_text(block.value.source)))
        elif block.block_type == "quote":
            items.append(("quote", dict(block.value)))
    picks = [
        ("article", block.value.pk)
        for block in getattr(page, "baca_juga_picks", []) or []
        if block.value is not None
    ]
    return nested_form_data({"body": streamfield(items), "baca_juga_picks": streamfield(picks)})


def form_from_admin(client, url: str, page=None):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    data.update(body_form_data(page))
    return data


def edit_form(client, page):
    return form_from_admin(client, reverse("wagtailadmin_pages:edit", args=[page.pk]), page)


def post_edit(client, page, *, action: str | None = None, **changes):
    data = edit_form(client, page)
    for key, value in changes.items():
        data[key] = value
    if action:
        data[action] = action
    return client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
