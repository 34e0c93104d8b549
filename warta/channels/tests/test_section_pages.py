import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.test import override_settings

from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site

pytestmark = pytest.mark.django_db


def test_home_page_has_lead_headlines_and_paginated_list(
    client, channel, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        stories = [ArticlePageFactory(parent=channel, title=f"Berita {n}") for n in range(25)]
    cache.clear()
    with override_settings(WARTA_ARTICLES_PER_PAGE=10), django_assert_max_num_queries(15):
        response = client.get("/")
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one(".lead__title").get_text(strip=True) == stories[-1].title
    headlines = [a.get_text() for a in page.select(".headlines .card__title a")]
    assert headlines == [s.title for s in stories[-2:-6:-1]]
    listed = [a.get_text() for a in page.select(".card-list .card__title a")]
    assert len(listed) == 10
    shown = [stories[-1].title, *headlines, *listed]
    assert len(shown) == len(set(shown)), "a story is shown twice"
    with override_settings(WARTA_ARTICLES_PER_PAGE=10):
        page2 = BeautifulSoup(client.get("/?page=2").content, "html.parser")
        assert page2.select_one(".lead") is None
        assert len(page2.select(".card-list .card")) == 10
        assert client.get("/?page=3").status_code == 404
        assert client.get("/?page=abc").status_code == 404


def test_channel_page_includes_subchannel_stories(
    client, channel, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    sub = ChannelPageFactory(title="Asia", slug="asia", parent=channel)
    with django_capture_on_commit_callbacks(execute=True):
        story = ArticlePageFactory(parent=sub, title="Berita dari Asia")
    cache.clear()
    with django_assert_max_num_queries(15):
        response = client.get("/internasional/")
    text = response.content.decode()
    assert story.title in text
    assert 'href="/internasional/asia/"' in text


def test_regional_site_serves_its_own_home_and_counts_in_network_updates(client, site, channel):
    region = make_site(hostname="jatim.warta.localhost", name="Warta Jatim", default=False)
    regional_channel = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    story = ArticlePageFactory(parent=regional_channel, title="Banjir di Surabaya")
    story.circulate_to.set([site])  # an editor sends it to the national site
    story.save_revision().publish()
    local = ArticlePageFactory(parent=regional_channel, title="Lomba kicau burung di Gresik")
    national = BeautifulSoup(client.get("/").content, "html.parser")
    updates = national.find(id="network-updates-heading").parent
    assert "Berita terbaru dari 1 daerah" in updates.get_text()
    assert story.title in updates.get_text()
    assert local.title not in updates.get_text()  # not circulated: stays regional
    regional = client.get("/", HTTP_HOST="jatim.warta.localhost")
    assert b"Warta Jatim" in regional.content
    assert story.title.encode() in regional.content
    assert client.get(story.url, HTTP_HOST="jatim.warta.localhost").status_code == 200


def test_a_home_page_title_names_the_site_once(client, channel):
    from warta.core.models import SiteSettings

    SiteSettings.objects.update_or_create(
        site=channel.get_site(), defaults={"tagline": "Berita terkini dari seluruh Indonesia"}
    )
    home = client.get("/").content.decode()
    assert "<title>Warta - Berita terkini dari seluruh Indonesia</title>" in home
    story_channel = client.get(channel.url).content.decode()
    assert f"<title>{channel.title} - Warta</title>" in story_channel
