"""The admin's "N pembaca sekarang" badges: the endpoint answers only for published stories
the user may see (the tenant rule), with counts only, in a fixed number of queries; the
explorer and the editor load the script."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from warta.analytics.tests.factories import BROWSER, beacon, roll
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.channels.tests.factories import ChannelPageFactory
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, group_name

pytestmark = pytest.mark.django_db
URL = "/admin/pembaca-sekarang/"


@pytest.fixture
def jatim(site):
    return provision_site(RegionSpec(name="Warta Jatim", slug="jatim", province_code="35"))


def story_on(site, **fields):
    """A story in one of the site's own channels (a regional site's home may sit under the
    national one: its channels are not the national site's)."""
    channel = ChannelPage.objects.child_of(site.root_page).first()
    if channel is None:
        channel = ChannelPageFactory(parent=site.root_page, slug="berita")
    return ArticlePageFactory(parent=channel, **fields)


def editor_of(client, site):
    user = get_user_model().objects.create_user("redaktur-jatim", "r@w.localhost", "pw")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=group_name(EDITOR, site)))
    client.force_login(user)
    return user


def read(client, site, story, readers: int, first: int = 0) -> None:
    """Views of the story by `readers` different browsers."""
    for n in range(first, first + readers):
        beacon(client, site, story, agent=f"{BROWSER} reader/{n}")


def ask(client, *ids):
    response = client.get(URL, {"id": [str(i) for i in ids]})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    return response.json()


def test_a_regional_editor_gets_counts_of_their_own_published_stories_only(client, site, jatim):
    own = story_on(jatim, title="Banjir di Gresik")
    quiet = story_on(jatim, title="Pasar Turi dibuka lagi")
    draft = story_on(jatim, title="Ditarik")
    draft.unpublish()
    national = story_on(site, title="Sidang kabinet")
    read(client, jatim, own, 3)
    read(client, site, national, 2)
    roll()
    editor_of(client, jatim)
    answer = ask(client, own.pk, quiet.pk, draft.pk, national.pk, 999999, "x", "²", "9" * 30)
    assert answer == {str(own.pk): 3, str(quiet.pk): 0}


def test_network_admins_get_every_sites_stories(client, site, jatim, admin_user):
    own = story_on(jatim)
    national = story_on(site)
    read(client, site, national, 2)
    roll()
    client.force_login(admin_user)
    assert ask(client, own.pk, national.pk) == {str(own.pk): 0, str(national.pk): 2}


def test_the_badges_cost_the_same_queries_for_one_story_or_fifty(
    client, site, jatim, django_assert_num_queries
):
    stories = [story_on(jatim, title=f"Berita {n}") for n in range(50)]
    for n, story in enumerate(stories[:5]):
        read(client, jatim, story, 1, first=n)
    roll()
    editor_of(client, jatim)
    with CaptureQueriesContext(connection) as one:
        ask(client, stories[0].pk)
    with django_assert_num_queries(len(one)):
        answer = ask(client, *[s.pk for s in stories])
    assert sum(answer.values()) == 5 and len(answer) == 50


def test_other_methods_and_anonymous_users_are_refused(client, site):
    assert client.post(URL).status_code in (302, 403, 405)
    assert client.get(URL).status_code == 302  # to the admin's sign-in


def test_the_explorer_and_the_editor_load_the_badges(client, site, jatim):
    story = story_on(jatim)
    editor_of(client, jatim)
    for page_url in (
        reverse("wagtailadmin_explore", args=[story.get_parent().pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
    ):
        html = client.get(page_url).content.decode()
        assert "analytics/admin/readers-now.js" in html, page_url
        assert f'data-url="{URL}"' in html and "pembaca sekarang" in html
        assert "analytics/admin/readers-now.css" in html
