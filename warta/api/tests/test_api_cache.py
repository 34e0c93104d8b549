"""Every API list is kept by the page cache and purged by the changes it shows: a byline's new
name, a site's new name, a new topic, a new channel on another site."""

import pytest
from wagtail.models import Site

from warta.articles.models import Author
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db


def names(client, path: str, field: str = "name") -> list[str]:
    return [item[field] for item in client.get(path).json()["items"]]


def cached(client, path: str) -> None:
    client.get(path)
    assert client.get(path)["X-Cache"] == "HIT", path


def test_authors_follow_a_renamed_byline(client, channel):
    ArticlePageFactory(parent=channel, authors=[AuthorFactory(name="Anton Suhartono")])
    cached(client, "/api/v1/authors")
    author = Author.objects.get(name="Anton Suhartono")
    author.name = "Anton S. Suhartono"
    author.save()
    assert names(client, "/api/v1/authors") == ["Anton S. Suhartono"]


def test_sites_follow_a_renamed_site(client, channel):
    cached(client, "/api/v1/sites")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Warta Nasional"
    site.save()
    assert "Warta Nasional" in names(client, "/api/v1/sites")


def test_topics_follow_a_story_with_a_new_tag(client, channel):
    ArticlePageFactory(parent=channel, tags=["Banjir"])
    cached(client, "/api/v1/topics")
    ArticlePageFactory(parent=channel, tags=["Gempa"])
    assert sorted(names(client, "/api/v1/topics")) == ["Banjir", "Gempa"]


def test_channels_follow_a_new_channel_on_another_site(client, channel):
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    cached(client, "/api/v1/channels")
    ChannelPageFactory(parent=bali.root_page, title="Wisata", slug="wisata")
    assert "Wisata" in names(client, "/api/v1/channels", "title")
