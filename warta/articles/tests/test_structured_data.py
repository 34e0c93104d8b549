"""NewsArticle, BreadcrumbList, OpenGraph and Twitter tags, read back with extruct."""

import extruct
import pytest

from warta.articles.models import ArticleCorrection, ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(channel):
    story = ArticlePageFactory(
        parent=channel,
        title="Korea Utara Kirim Amunisi ke Rusia",
        summary="Pyongyang disebut memasok amunisi.",
        dateline_place="Seoul",
        authors=[AuthorFactory(name="Anton Suhartono")],
        editor=AuthorFactory(name="Redaktur Senior"),
        tags=["Korea Utara", "Rusia"],
        body=[("paragraph", "<p>Isi <b>berita</b> </script><script>alert(1)</script>.</p>")],
    )
    story = ArticlePage.objects.get(pk=story.pk)
    story.corrections.add(ArticleCorrection(text="Nama kota diperbaiki."))
    story.save_revision().publish()
    return ArticlePage.objects.get(pk=story.pk)


def extract(client, url):
    response = client.get(url)
    return extruct.extract(
        response.content.decode(),
        base_url="http://localhost" + url,
        syntaxes=["json-ld", "opengraph"],
        uniform=True,
    )


def test_news_article_json_ld_has_the_fields_search_engines_need(client, story):
    data = extract(client, story.url)["json-ld"]
    article = next(d for d in data if d["@type"] == "NewsArticle")
    assert article["headline"] == story.title
    assert article["description"] == "Pyongyang disebut memasok amunisi."
    assert article["image"][0].startswith("http://localhost/media/") and article["image"][
        0
    ].endswith(".jpg")
    assert article["datePublished"] == story.first_published_at.isoformat()
    assert article["dateModified"] >= article["datePublished"]
    assert article["author"] == [
        {
            "@type": "Person",
            "name": "Anton Suhartono",
            "url": "http://localhost/penulis/anton-suhartono/",
        }
    ]
    assert article["publisher"]["name"] == "Warta"
    assert article["publisher"]["logo"]["url"].endswith(".png")
    assert article["articleSection"] == "Internasional"
    assert article["dateline"] == "SEOUL, Warta"
    assert article["keywords"] == ["Korea Utara", "Rusia"]
    assert article["isAccessibleForFree"] is True
    assert article["correction"][0]["text"] == "Nama kota diperbaiki."
    assert article["mainEntityOfPage"]["@id"] == story.full_url


def test_breadcrumbs(client, story):
    data = extract(client, story.url)["json-ld"]
    crumbs = next(d for d in data if d["@type"] == "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Beranda", "Internasional", story.title]
    assert [c["position"] for c in crumbs] == [1, 2, 3]


def test_opengraph_and_twitter(client, story):
    og = extract(client, story.url)["opengraph"][0]
    assert og["@type"] == "article"
    assert og["og:title"] == story.title
    assert og["og:url"] == story.full_url
    assert og["og:image"].endswith(".jpg")
    assert og["og:locale"] == "id_ID"
    html = client.get(story.url).content.decode()
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<link rel="canonical" href="http://localhost/internasional/korea-utara' in html


def test_json_ld_cannot_be_broken_out_of(client, channel):
    story = ArticlePageFactory(parent=channel, title="Judul </script><script>alert(1)</script>")
    html = client.get(story.url).content.decode()
    assert "</script><script>alert(1)" not in html
    data = extract(client, story.url)["json-ld"]
    assert next(d for d in data if d["@type"] == "NewsArticle")["headline"].startswith(
        "Judul </script>"
    )


def test_script_in_rich_text_never_reaches_the_page(client, story):
    html = client.get(story.url).content.decode()
    assert "<script>alert(1)" not in html
    assert "Isi <b>berita</b>" in html


def test_login_page_is_not_indexed(client, site):
    assert '<meta name="robots" content="noindex">' in client.get("/akun/login/").content.decode()
