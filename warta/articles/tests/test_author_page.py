"""An author page a reader can trust and follow (#21 defect 10): portrait (or initials),
role, bio, and a follow button that works without JavaScript, on a page that stays cached."""

import pytest
from bs4 import BeautifulSoup

from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.core.templatetags.warta_tags import initials
from warta.core.tests.factories import WartaImageFactory

pytestmark = pytest.mark.django_db


def test_author_page_has_portrait_role_bio_and_follow(client, channel):
    writer = AuthorFactory(
        name="Dewi Lestari", job_title="Redaktur Pelaksana", bio="Meliput Jawa Timur sejak 2010."
    )
    ArticlePageFactory(parent=channel, title="Kisah pertama", authors=[writer])
    response = client.get("/penulis/dewi-lestari/")
    assert "public" in response["Cache-Control"] and "Cookie" not in response.get("Vary", "")
    page = BeautifulSoup(response.content, "html.parser")
    header = page.select_one("header.author-profile")
    assert header.select_one(".profile__initials").get_text() == "DL"  # no photo yet
    assert "Redaktur Pelaksana" in header.select_one(".author-profile__role").get_text()
    assert header.select_one(".profile__bio").get_text() == "Meliput Jawa Timur sejak 2010."
    follow = header.select_one("form.js-follow")
    assert follow["action"] == "/untuk-anda/ikuti/" and follow["method"] == "get"
    fields = {i["name"]: i["value"] for i in follow.select("input[type=hidden]")}
    assert fields == {"jenis": "authors", "nilai": "dewi-lestari", "next": "/penulis/dewi-lestari/"}
    assert follow.button.get_text(strip=True) == "Ikuti Dewi Lestari"
    # Without JavaScript the button opens the confirmation form; following works.
    confirm = client.get(follow["action"], fields)
    assert confirm.status_code == 200
    client.post("/untuk-anda/ikuti/", {**fields, "aksi": "ikuti"})
    assert client.get("/untuk-anda/status/").json()["authors"] == ["dewi-lestari"]


def test_author_photo_replaces_the_initials(client, channel):
    writer = AuthorFactory(name="Budi Santoso", photo=WartaImageFactory())
    ArticlePageFactory(parent=channel, title="Kisah kedua", authors=[writer])
    page = BeautifulSoup(client.get("/penulis/budi-santoso/").content, "html.parser")
    assert page.select_one("header.author-profile img.profile__photo")
    assert page.select_one(".profile__initials") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Dewi Lestari", "DL"), ("Anton", "A"), ("Dr. Siti Nurbaya Bakar", "DS"), ("", "?")],
)
def test_initials(name, expected):
    assert initials(name) == expected
