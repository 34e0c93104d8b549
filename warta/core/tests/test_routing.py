"""The router (warta.core.sites.routing): one query for a story, pages kept between requests and
dropped when they change: a moved, renamed, unpublished or deleted story never answers at its
old address (after a move, the automatic redirect does), and a story published at an
address that was a 404 answers at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.defaults["HTTP_HOST"] = "localhost"
    return client


def path(page) -> str:
    return ArticlePage.objects.get(pk=page.pk).url.replace("http://localhost", "")


def test_a_story_is_found_in_one_query(client, channel):
    story = ArticlePageFactory(parent=channel, title="Dicari dengan satu kueri")
    from warta.core.sites.routing import _find_story

    url = path(story)
    candidates = ["/localhost/", "/localhost/internasional/", f"/localhost{url}"]
    with CaptureQueriesContext(connection) as queries:
        found = _find_story(candidates, 2)
    assert found.pk == story.pk and len(queries) == 1
    assert found.channel.title == "Internasional"  # joined, no further query
    assert len(queries) == 1


def test_moved_story_leaves_its_old_address(client, channel, national_channel):
    story = ArticlePageFactory(parent=channel, title="Berita yang dipindah")
    old = path(story)
    assert client.get(old, HTTP_COOKIE="sessionid=x").status_code == 200
    ArticlePage.objects.get(pk=story.pk).move(national_channel, pos="last-child")
    new = path(story)
    assert new != old
    moved_away = client.get(old)  # no longer served there: the automatic redirect answers
    assert moved_away.status_code == 301 and moved_away["Location"].endswith(new)
    assert client.get(new).status_code == 200


def test_renamed_unpublished_and_deleted_stories(client, channel):
    story = ArticlePageFactory(parent=channel, title="Berita lama")
    old = path(story)
    assert client.get(old).status_code == 200
    renamed = ArticlePage.objects.get(pk=story.pk)
    renamed.slug = "berita-baru"
    renamed.save_revision().publish()
    new = path(story)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    ArticlePage.objects.get(pk=story.pk).unpublish()
    assert client.get(new).status_code == 404
    ArticlePage.objects.get(pk=story.pk).save_revision().publish()
    assert client.get(new).status_code == 200
    ArticlePage.objects.get(pk=story.pk).delete()
    assert client.get(new).status_code == 404


def test_an_address_that_was_a_404_answers_once_published(client, channel):
    assert client.get("/internasional/belum-terbit/").status_code == 404
    ArticlePageFactory(parent=channel, title="Belum terbit", slug="belum-terbit")
    assert client.get("/internasional/belum-terbit/").status_code == 200


def test_a_password_protected_story_opens_after_its_password(client, channel):
    # Wagtail's password form posts to /_util/authenticate_with_password/<id>/<page>/; the
    # router must leave Wagtail's /_util/ helpers alone instead of answering them with a 404.
    from wagtail.models import PageViewRestriction

    story = ArticlePageFactory(parent=channel, title="Hanya untuk yang tahu sandinya")
    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type=PageViewRestriction.PASSWORD, password="sandi-rapat"
    )
    url = path(story)
    form = client.get(url)
    assert b"Hanya untuk yang tahu sandinya" not in form.content
    action = f"/_util/authenticate_with_password/{restriction.pk}/{story.pk}/"
    assert action.encode() in form.content
    answer = client.post(action, {"password": "sandi-rapat", "return_url": url})
    assert answer.status_code == 302
    assert b"Hanya untuk yang tahu sandinya" in client.get(url).content


def test_wagtails_plain_sign_in_never_signs_in_a_reader(client, site):
    # /_util/login/ (Django's LoginView in Wagtail's URLs) would skip allauth's email
    # verification: it only points to the reader sign-in.
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    reader = get_user_model().objects.create_user("belum", "belum@contoh.example", "Sandi-2026!")
    EmailAddress.objects.create(user=reader, email=reader.email, verified=False, primary=True)
    answer = client.post("/_util/login/?next=/", {"username": "belum", "password": "Sandi-2026!"})
    assert answer.status_code in (301, 302)
    assert answer["Location"].startswith("/akun/login/")
    assert "_auth_user_id" not in client.session
