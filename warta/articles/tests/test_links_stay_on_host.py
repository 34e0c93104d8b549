"""Links stay on the host (and the /r/<slug>/ prefix) the reader is on: a card, a related story,
Berita Terkini or Network Updates never sends a reader to another host name for a page of the
site they are reading (their session is per host)."""

import re

import pytest

from warta.articles.tests.factories import ArticlePageFactory
from warta.network.services import RegionSpec, provision_site

pytestmark = pytest.mark.django_db


def links(response) -> list[str]:
    return re.findall(r'<a [^>]*href="([^"]+)"', response.content.decode())


@pytest.fixture
def network(channel):
    stories = [
        ArticlePageFactory(parent=channel, title=f"Kabar {n}", tags=["Pemilu"]) for n in range(3)
    ]
    bali = provision_site(RegionSpec(name="Warta Bali", slug="bali", province_code="51"))
    berita = bali.root_page.get_children().get(slug="berita").specific
    regional = [ArticlePageFactory(parent=berita, title=f"Bali {n}") for n in range(2)]
    return {"stories": stories, "bali": bali, "regional": regional}


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_national_pages_link_to_national_stories_on_the_readers_host(client, network, host):
    home = client.get("/", HTTP_HOST=host)
    story = client.get(network["stories"][0].url, HTTP_HOST=host)
    for response in (home, story):
        assert response.status_code == 200
        national = [h for h in links(response) if "/internasional/kabar-" in h]
        assert national, "the page links to national stories"
        assert all(h.startswith("/") for h in national), national


def test_a_regional_site_by_its_path_keeps_the_prefix_and_the_host(client, network):
    story = network["regional"][0]
    page = client.get(f"/r/bali/berita/{story.slug}/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200
    # (The language and lite switches go to the same story in the other edition.)
    regional = [
        h
        for h in links(page)
        if "/berita/bali-" in h
        and "/akun/" not in h
        and not h.startswith(("/r/bali/en/", "/r/bali/lite/"))
    ]
    assert regional, "Berita Terkini lists the site's stories"
    assert all(h.startswith("/r/bali/berita/") for h in regional), regional
    # The same page on another host name (a cached part must not carry the first host's links).
    other = client.get(f"/r/bali/berita/{story.slug}/", HTTP_HOST="localhost")
    elsewhere = [h for h in links(other) if h.startswith("http")]
    assert not any("127.0.0.1" in h for h in elsewhere), elsewhere
