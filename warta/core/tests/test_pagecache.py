"""The page cache: hits cost no database query, bodies are stored compressed, revalidation
answers 304, signed-in readers bypass it, and publishing purges exactly the pages that show
the story."""

import gzip

import brotli
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db


def get(client, url, **headers):
    return client.get(url, **headers)


@pytest.fixture
def network(channel):
    author = AuthorFactory(name="Anton Suhartono")
    story = ArticlePageFactory(
        parent=channel, title="Cerita awal", authors=[author], tags=["Korea Utara"]
    )
    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    # Bali's "berita" always circulates to the national site (a per-site rule).
    SiteSettings.objects.create(site=region, circulate_channels="berita")
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh")
    return {"story": story, "region": region, "author": author, "channel": channel}


def test_hit_is_answered_without_touching_the_database(client, network):
    first = get(client, "/")
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = get(client, "/")
    assert second["X-Cache"] == "HIT"
    assert len(queries) == 0
    assert second.content == first.content


def test_bodies_are_stored_compressed_and_served_as_asked(client, network):
    plain = get(client, network["story"].url).content
    zipped = get(client, network["story"].url, HTTP_ACCEPT_ENCODING="gzip")
    assert zipped["Content-Encoding"] == "gzip" and gzip.decompress(zipped.content) == plain
    br = get(client, network["story"].url, HTTP_ACCEPT_ENCODING="gzip, br")
    assert br["Content-Encoding"] == "br" and brotli.decompress(br.content) == plain
    assert len(br.content) < len(plain) / 2


def test_headers_and_revalidation(client, network):
    response = get(client, "/")
    assert response["Cache-Control"] == (
        "public, max-age=60, s-maxage=300, stale-while-revalidate=600"
    )
    assert response["Vary"] == "Accept-Encoding, Save-Data"
    assert "site:" in response["Surrogate-Key"]
    assert response["Last-Modified"]
    again = get(client, "/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and again.content == b""


def test_signed_in_readers_and_staff_never_get_or_fill_cached_pages(client, network, editor):
    get(client, "/")  # fills the cache anonymously
    editor.first_name = "Sari"
    editor.save()
    client.force_login(editor)
    response = get(client, "/")
    assert "X-Cache" not in response
    assert b'class="topbar__account topbar__name">Sari<' in response.content
    client.logout()
    assert b"topbar__account" not in get(client, "/").content


def test_admin_search_and_account_pages_are_not_cached(client, network):
    for url in ["/cari/?q=cerita", "/akun/login/"]:
        get(client, url)
        assert "X-Cache" not in get(client, url)


def test_publishing_purges_every_page_showing_the_story_and_nothing_else(client, network):
    story, region = network["story"], network["region"]
    national_pages = [
        "/",
        "/?page=1",
        "/internasional/",
        story.url,
        "/tag/korea-utara/",
        "/penulis/anton-suhartono/",
        "/rss/",
        "/rss/internasional/",
        "/sitemap-articles-1.xml",
        "/api/v1/articles",
        "/koreksi/",
    ]
    for url in national_pages:
        get(client, url)
        assert get(client, url)["X-Cache"] == "HIT", url
    get(client, "/", HTTP_HOST=region.hostname)
    assert get(client, "/", HTTP_HOST=region.hostname)["X-Cache"] == "HIT"

    edited = ArticlePage.objects.get(pk=story.pk)
    edited.title = "Cerita yang diperbarui"
    edited.save_revision().publish()

    for url in national_pages:
        response = get(client, url)
        assert response["X-Cache"] == "MISS", url
    assert b"Cerita yang diperbarui" in get(client, "/").content
    assert b"Cerita yang diperbarui" in get(client, story.url).content
    # A national story is not on the regional site: its pages keep their cache entries.
    assert get(client, "/", HTTP_HOST=region.hostname)["X-Cache"] == "HIT"


def test_regional_story_purges_network_updates_everywhere(client, network):
    region = network["region"]
    get(client, "/")
    story = ArticlePage.objects.get(title="Ogoh-ogoh")
    story.title = "Ogoh-ogoh diarak"
    story.save_revision().publish()
    response = get(client, "/")
    assert response["X-Cache"] == "MISS"
    assert b"Ogoh-ogoh diarak" in response.content  # in Network Updates on the national site
    assert get(client, "/", HTTP_HOST=region.hostname)["X-Cache"] == "MISS"


def test_unpublishing_removes_the_story_from_cached_pages(client, network):
    story = network["story"]
    assert b"Cerita awal" in get(client, "/").content
    ArticlePage.objects.get(pk=story.pk).unpublish()
    assert b"Cerita awal" not in get(client, "/").content
    assert get(client, story.url).status_code == 404


def test_a_new_related_list_purges_the_story_page(
    client, network, django_capture_on_commit_callbacks
):
    from warta.articles.models import RelatedArticle
    from warta.discovery.services import index_article

    story = network["story"]
    index_article(story)  # as its own publish would have
    get(client, story.url)
    assert get(client, story.url)["X-Cache"] == "HIT"
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(
            parent=network["channel"], title="Cerita awal berlanjut", tags=["Korea Utara"]
        )
    assert RelatedArticle.objects.filter(source=story).exists()
    response = get(client, story.url)
    assert response["X-Cache"] == "MISS"
    assert b"Cerita awal berlanjut" in response.content


def test_a_purged_page_is_rendered_by_one_request_while_others_get_the_last_copy(
    client, network, django_capture_on_commit_callbacks
):
    from warta.core import pagecache

    url = network["story"].url
    assert get(client, url)["X-Cache"] == "MISS"
    story = ArticlePage.objects.get(pk=network["story"].pk)
    story.title = "Cerita baru"
    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()
    key = pagecache.entry_key(RequestFactory().get(url))  # the test client's request
    fresh, stored = pagecache.find(key)
    assert fresh is None and stored is not None  # purged, and the last copy is still kept
    claimed, copy = pagecache.claim_render(key, stored)  # another worker started rendering it
    assert claimed and copy is None
    meanwhile = get(client, url)
    assert meanwhile["X-Cache"] == "STALE"
    assert b"Cerita awal" in meanwhile.content
    assert meanwhile["Cache-Control"] == "no-cache"  # nginx and CDNs must not keep it
    pagecache.release_render(key)
    fresh = get(client, url)
    assert fresh["X-Cache"] == "MISS" and b"Cerita baru" in fresh.content
    assert get(client, url)["X-Cache"] == "HIT"
    # Never rendered and nothing stored: every request renders (nobody waits for a copy).
    never = pagecache.entry_key(RequestFactory().get("/tidak-ada/"))
    assert pagecache.find(never) == (None, None)
    assert pagecache.claim_render(never, None) == (False, None)


def test_with_the_database_down_a_reader_gets_the_last_copy_marked_stale_or_a_503(client, network):
    """core.pagecache.outage.server_error, which Django calls for the unhandled database error."""
    from django.db import OperationalError

    from warta.core.pagecache import outage

    url = network["story"].url
    assert get(client, url)["X-Cache"] == "MISS"  # stored

    def answer(path: str):
        try:
            raise OperationalError("connection to server at 127.0.0.1 refused")
        except OperationalError:
            return outage.server_error(RequestFactory().get(path))

    stale = answer(url)
    assert stale.status_code == 200 and b"Cerita awal" in stale.content
    assert stale["X-Cache"] == "STALE" and stale["Cache-Control"] == "no-cache"
    never_cached = answer("/tidak-pernah-dibuka/")
    assert never_cached.status_code == 503 and never_cached["Retry-After"] == outage.RETRY_AFTER
    assert never_cached["Cache-Control"] == "no-store"


def test_gathered_purges_bump_each_key_once_and_still_reach_the_frontend(
    monkeypatch, django_capture_on_commit_callbacks
):
    """A bulk import purges the union of its stories' keys together, not once per story."""
    from warta.core import pagecache

    bumped: list[set[str]] = []
    sent: list[set[str]] = []
    monkeypatch.setattr(pagecache, "_bump", lambda keys: bumped.append(set(keys)))
    monkeypatch.setattr(pagecache.frontend, "purge", lambda keys: sent.append(set(keys)))
    with (
        django_capture_on_commit_callbacks(execute=True),
        pagecache.purges_gathered(every_seconds=3600),
    ):
        for n in range(50):
            pagecache.purge_keys({"site:1", "stories:1", f"story:{n}"})
        assert bumped == [] and sent == []  # nothing yet: gathered
    # Bumped at once and, after the commit, once more and to nginx/CDN.
    assert bumped[0] == {"site:1", "stories:1", *(f"story:{n}" for n in range(50))}
    assert len(sent) == 1 and sent[0] == bumped[0]


def test_gathered_purges_flush_after_their_interval_and_held_ones_never(monkeypatch):
    from warta.core import pagecache

    bumped: list[set[str]] = []
    monkeypatch.setattr(pagecache, "_bump", lambda keys: bumped.append(set(keys)))
    monkeypatch.setattr(pagecache.frontend, "purge", lambda keys: None)
    with pagecache.purges_gathered(every_seconds=0):
        pagecache.purge_keys({"site:1"})
        assert {"site:1"} in bumped  # an interval of 0: every call goes out at once
    bumped.clear()
    with pagecache.purges_held(), pagecache.purges_gathered(every_seconds=3600):
        pagecache.purge_keys({"site:2"})
    assert bumped == []  # a dry run's purges are dropped, gathered or not
