"""'Saran tag' in the story editor: the endpoint, its tenant rule, and the panel's script."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.channels.models import ChannelPage
from warta.network.services import RegionSpec, provision_site
from warta.newsroom.roles import EDITOR, group_name, setup_roles
from warta.newsroom.suggestions import topic_names
from warta.newsroom.tests.conftest import make_user

pytestmark = pytest.mark.django_db
URL = "/admin/saran-tag/"


def suggested(client, **data) -> list[str]:
    response = client.post(URL, data)
    assert response.status_code == 200, response.status_code
    return [s["name"] for s in response.json()["suggestions"]]


def draft_text(article: ArticlePage) -> str:
    return article.plain_text()[len(article.title) :]


@pytest.fixture
def seed_story(seed_path, channel, national_channel) -> ArticlePage:
    call_command("import_text", str(seed_path), stdout=StringIO())
    return ArticlePage.objects.get()


def test_the_seed_story_gets_korea_utara_rusia_and_kamala_harris(client, seed_story, roles):
    client.force_login(make_user("redaktur", EDITOR))
    found = suggested(client, title=seed_story.title, text=draft_text(seed_story))
    assert set(found[:5]) >= {"Korea Utara", "Rusia", "Kamala Harris"}
    assert url_is_reversed()


def url_is_reversed() -> bool:
    return reverse("newsroom_suggest_tags") == URL


def test_the_networks_topics_and_recurring_names_are_suggested_in_their_spelling(
    client, seed_story, channel, roles
):
    ArticlePageFactory(parent=channel, tags=["Perang Rusia-Ukraina", "Vladimir Putin"])
    speech = paragraph_body("Menurut Kim Jong Un, latihan militer terus berjalan di Pyongyang.")
    for n in range(3):
        ArticlePageFactory(parent=channel, title=f"Pyongyang {n}", body=speech)
    call_command("refresh_story_names", stdout=StringIO())
    client.force_login(make_user("redaktur", EDITOR))
    found = suggested(client, title=seed_story.title, text=draft_text(seed_story))
    # Named once each: a new name would need two mentions, a known one does not.
    assert {"Vladimir Putin", "Kim Jong Un"} <= set(found)


def test_tags_already_on_the_story_are_not_suggested(client, seed_story, roles):
    client.force_login(make_user("redaktur", EDITOR))
    found = suggested(
        client,
        title=seed_story.title,
        text=draft_text(seed_story),
        tags='rusia, "Korea Utara", Ekonomi',
    )
    assert "Kamala Harris" in found
    assert not {"Rusia", "Korea Utara"} & set(found)


@pytest.fixture
def regions(site):
    setup_roles()
    made = {}
    for slug, name, code in (("jatim", "Warta Jatim", "35"), ("bali", "Warta Bali", "51")):
        region = provision_site(
            RegionSpec(name=name, slug=slug, province_code=code), channels=[("Berita", "berita")]
        )
        made[slug] = (region, ChannelPage.objects.child_of(region.root_page).get(slug="berita"))
    return made


def test_another_sites_unpublished_tags_are_never_offered(client, regions):
    (jatim, jatim_channel), (_bali, bali_channel) = regions["jatim"], regions["bali"]
    ArticlePageFactory(parent=bali_channel, publish=False, tags=["Operasi Senyap"])
    ArticlePageFactory(parent=bali_channel, tags=["Festival Kuta"])
    ArticlePageFactory(parent=jatim_channel, publish=False, tags=["Lumpur Sidoarjo"])
    user = make_user("redaktur-jatim", group_name(EDITOR, jatim))
    assert topic_names(user) == ["Festival Kuta", "Lumpur Sidoarjo"]
    client.force_login(user)
    text = "Soal Operasi Senyap, Festival Kuta dan Lumpur Sidoarjo dibahas."
    assert suggested(client, title="Rapat", text=text) == ["Festival Kuta", "Lumpur Sidoarjo"]


def test_only_newsroom_staff_may_ask_and_only_by_post_with_csrf(client, roles):
    data = {"title": "Rusia", "text": "Rusia dan Korut."}
    assert client.post(URL, data).status_code == 302  # anonymous: to the admin sign-in
    reader = get_user_model().objects.create_user("pembaca", "p@warta.localhost", "pw")
    client.force_login(reader)
    response = client.post(URL, data)
    assert response.status_code in (302, 403)
    assert b"Korea" not in response.content
    staff_without_site = make_user("staf", None)
    staff_without_site.is_staff = True
    staff_without_site.save()
    client.force_login(staff_without_site)
    assert client.post(URL, data).status_code in (302, 403)

    editor = make_user("redaktur", EDITOR)
    client.force_login(editor)
    assert client.get(URL).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(URL, data).status_code == 403


def test_the_story_editor_loads_the_panel_script_without_inline_code(client, seed_story, roles):
    client.force_login(make_user("redaktur", EDITOR))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[seed_story.pk])).content.decode()
    assert 'src="/static/warta/newsroom/tag-suggestions.js"' in html
    assert f'data-url="{URL}"' in html and 'data-heading="Saran tag"' in html
