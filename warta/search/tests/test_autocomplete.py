"""The search box's suggestions (/cari/saran/): prefix matching, ranking, the tenant rule,
drafts, purges and bad input; SQLite and PostgreSQL alike."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.models import ChannelPage
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings
from warta.search.autocomplete import BadQuery, Prefix, parse_prefix, suggestions
from warta.search.autocomplete_models import Suggestion, SuggestionWord

pytestmark = pytest.mark.django_db

JATIM = "jatim.warta.localhost"


def dated(story, year, month=1):
    """Set a story's first publication (its rank among headlines) and index it again."""
    ArticlePage.objects.filter(pk=story.pk).update(
        first_published_at=datetime(year, month, 1, 3, 0, tzinfo=UTC)
    )
    story.refresh_from_db()
    story.save_revision().publish()
    return story


@pytest.fixture(scope="module")
def built_network(django_db_setup, django_db_blocker):
    """The network, built once for the module (once per worker, rolled back at the end); each
    test runs in its own savepoint inside it, and gets fresh instances (`network`)."""
    from conftest import build_channel, build_national_channel, build_site, module_world

    with module_world(django_db_blocker):
        site = build_site()
        national = build_national_channel(site)
        built = build_network(build_channel(site), national)
        yield {name: thing.pk for name, thing in built.items()} | {"national": national.pk}


@pytest.fixture
def network(built_network, db):
    """The module's network as fresh instances: what one test changes in memory stays there."""
    return {
        name: Site.objects.get(pk=pk) if name == "jatim" else Page.objects.get(pk=pk).specific
        for name, pk in built_network.items()
        if name != "national"
    }


@pytest.fixture
def channel(network):
    return network["channel"]


@pytest.fixture
def national_channel(built_network, db):
    return ChannelPage.objects.get(pk=built_network["national"])


def build_network(channel, national_channel):
    jatim = make_site(hostname=JATIM, name="Warta Jatim", default=False)
    SiteSettings.objects.update_or_create(site=jatim, defaults={"slug": "jatim"})
    jatim_channel = ChannelPageFactory(title="Surabaya", slug="surabaya", parent=jatim.root_page)
    stories = {
        "rudal": ArticlePageFactory(
            parent=channel, title="Korea Utara Uji Coba Rudal Balistik", tags=["Korea Utara"]
        ),
        "drama": ArticlePageFactory(
            parent=channel, title="Drama Korea Terbaru Pekan Ini", tags=["Drakor", "Korea Utara"]
        ),
        "koran": ArticlePageFactory(parent=national_channel, title="Koran Cetak Bertahan"),
        "beras": ArticlePageFactory(
            parent=national_channel, title="Harga Beras Turun di Pasar Induk", tags=["Pangan"]
        ),
        "regional": ArticlePageFactory(
            parent=jatim_channel, title="Korban Banjir Surabaya Dievakuasi", tags=["Banjir"]
        ),
        "draft": ArticlePageFactory(
            parent=channel, title="Koreksi Anggaran Draf Rahasia", publish=False
        ),
    }
    dated(stories["rudal"], 2026, 3)
    dated(stories["drama"], 2026, 1)
    dated(stories["koran"], 2025, 6)
    return {"jatim": jatim, "channel": channel, **stories}


def suggest(client, q, host="localhost", **extra):
    response = client.get("/cari/saran/", {"q": q}, HTTP_HOST=host, **extra)
    assert response.status_code == 200, response.content
    return response


def labels(client, q, host="localhost"):
    body = suggest(client, q, host).json()
    return [h["label"] for h in body["headlines"]], [t["label"] for t in body["topics"]]


# --- parsing -----------------------------------------------------------------------------


def test_prefix_folds_case_accents_and_punctuation():
    assert parse_prefix("  KÓREA   Ut") == Prefix(words=("korea",), last="ut")
    assert parse_prefix("korea ") == Prefix(last="korea", last_whole=True)
    assert parse_prefix("a b c d e f g").words == ("c", "d", "e", "f")  # the last five
    assert not parse_prefix("")
    assert not parse_prefix("'; --  \x00 \t%_")
    with pytest.raises(BadQuery):
        parse_prefix("k" * 101)


# --- matching and ranking ------------------------------------------------------------------


def test_last_word_is_a_beginning_earlier_words_whole(client, network):
    headlines, topics = labels(client, "kor")
    assert headlines == [
        "Korea Utara Uji Coba Rudal Balistik",  # newest first
        "Drama Korea Terbaru Pekan Ini",
        "Koran Cetak Bertahan",
    ]
    assert topics == ["Korea Utara"]
    assert labels(client, "korea ut") == (["Korea Utara Uji Coba Rudal Balistik"], ["Korea Utara"])
    assert labels(client, "kore ut") == ([], [])  # "kore" is not a whole word
    assert labels(client, "rea") == ([], [])  # inside a word is not a beginning
    assert labels(client, "korea ")[0] == [
        "Korea Utara Uji Coba Rudal Balistik",
        "Drama Korea Terbaru Pekan Ini",
    ]  # a finished word is whole: not "Koran"


def test_case_and_accents_do_not_matter(client, network):
    assert labels(client, "KÓRÉA") == labels(client, "korea")
    assert labels(client, "harga BERAS t")[0] == ["Harga Beras Turun di Pasar Induk"]


def test_topics_ranked_by_their_published_stories(client, network, channel):
    ArticlePageFactory(parent=channel, title="Drakor Lain", tags=["Drakor"])
    ArticlePageFactory(parent=channel, title="Drakor Ketiga", tags=["Drakor"])
    _, topics = labels(client, "d")
    assert topics == ["Drakor"]  # "Drakor" 3 stories
    ArticlePageFactory(parent=channel, title="Dua", tags=["Dunia", "Korea Selatan"])
    _, topics = labels(client, "k")
    assert topics == ["Korea Utara", "Korea Selatan"]  # 2 stories, then 1
    assert Suggestion.objects.get(label="Drakor").weight == 3


def test_answers_link_to_the_story_and_topic_pages(client, network):
    body = suggest(client, "uji").json()
    assert body == {
        "q": "uji",
        "headlines": [
            {
                "label": network["rudal"].title,
                "url": "/internasional/korea-utara-uji-coba-rudal-balistik/",
            }
        ],
        "topics": [],
    }
    topic = suggest(client, "pang").json()["topics"]
    assert topic == [{"label": "Pangan", "url": "/tag/pangan/"}]
    # The path fallback keeps the reader on the regional site.
    regional = client.get("/r/jatim/cari/saran/", {"q": "banjir"}).json()
    assert regional["topics"] == [{"label": "Banjir", "url": "/r/jatim/tag/banjir/"}]
    assert regional["headlines"][0]["url"].startswith("/r/jatim/surabaya/")


# --- the tenant rule and drafts ------------------------------------------------------------


def test_only_the_sites_own_published_stories(client, network):
    assert labels(client, "korban") == ([], [])  # a Jatim story, asked on the national site
    assert labels(client, "korban", JATIM) == (["Korban Banjir Surabaya Dievakuasi"], [])
    assert labels(client, "kor", JATIM)[0] == ["Korban Banjir Surabaya Dievakuasi"]
    assert labels(client, "banjir")[1] == []  # its topic is not the national site's either


@pytest.mark.parametrize(
    "hostile",
    [
        "kor' OR 1=1 --",
        "kor%",
        "kor_",
        '" OR site_id > 0 OR "',
        "korban) UNION SELECT label, url FROM search_suggestion --",
    ],
)
def test_hostile_queries_stay_on_the_site(client, network, hostile):
    headlines, topics = labels(client, hostile)
    assert "Korban Banjir Surabaya Dievakuasi" not in headlines
    assert "Koreksi Anggaran Draf Rahasia" not in headlines
    assert "Banjir" not in topics


def test_drafts_never(client, network):
    assert "Koreksi Anggaran Draf Rahasia" not in labels(client, "koreksi")[0]
    # A published story's unpublished new headline stays the editor's until published.
    story = network["beras"]
    story.title = "Harga Beras Naik Tajam Rahasia"
    story.save_revision()
    assert labels(client, "rahasia") == ([], [])
    assert labels(client, "harga")[0] == ["Harga Beras Turun di Pasar Induk"]
    story.get_latest_revision().publish()
    assert labels(client, "rahasia")[0] == ["Harga Beras Naik Tajam Rahasia"]


def test_unpublish_move_and_delete_keep_the_index(client, network, national_channel):
    network["rudal"].unpublish()
    assert labels(client, "korea ut") == ([], ["Korea Utara"])  # the drama still has the topic
    network["drama"].unpublish()
    assert labels(client, "korea") == ([], [])
    koran = network["koran"]
    koran.move(national_channel, pos="last-child")  # same site, same address form
    Page.objects.get(pk=network["regional"].pk).move(network["channel"], pos="last-child")
    assert labels(client, "korban")[0] == ["Korban Banjir Surabaya Dievakuasi"]  # now national
    assert labels(client, "korban", JATIM) == ([], [])
    assert labels(client, "banjir")[1] == ["Banjir"]
    ArticlePage.objects.get(pk=koran.pk).unpublish()
    ArticlePage.objects.get(pk=koran.pk).delete()
    assert not Suggestion.objects.filter(object_id=koran.pk, kind=Suggestion.STORY).exists()


def test_renamed_topic(client, network):
    from taggit.models import Tag

    tag = Tag.objects.get(name="Pangan")
    tag.name, tag.slug = "Ketahanan Pangan", "ketahanan-pangan"
    tag.save()
    assert suggest(client, "ketahanan").json()["topics"] == [
        {"label": "Ketahanan Pangan", "url": "/tag/ketahanan-pangan/"}
    ]


def test_rebuild_gives_the_index_publishing_keeps(network):
    def snapshot():
        rows = Suggestion.objects.values_list(
            "site_id", "kind", "object_id", "label", "url", "text", "weight", "topic_ids"
        )
        words = SuggestionWord.objects.values_list("site_id", "kind", "suggestion__label", "word")
        return sorted(rows), sorted(words)

    kept = snapshot()
    call_command("rebuild_autocomplete", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == kept


# --- caching and purges ----------------------------------------------------------------------


def test_cached_until_a_story_of_the_site_changes(client, network, channel):
    first = suggest(client, "kor")
    assert first["X-Cache"] == "MISS"
    assert first["Cache-Control"] == "public, max-age=30, s-maxage=30"
    assert f"stories:{network['rudal'].get_site().pk}" in first["Surrogate-Key"]
    again = suggest(client, "kor")
    assert again["X-Cache"] == "HIT" and again.content == first.content
    # A Jatim story leaves the national answer cached.
    ArticlePageFactory(
        parent=network["jatim"].root_page.get_children().first().specific,
        title="Kota Lama Surabaya",
    )
    assert suggest(client, "kor")["X-Cache"] == "HIT"
    new = ArticlePageFactory(parent=channel, title="Kórea Selatan Gelar Pemilu")
    after = suggest(client, "kor")
    assert after["X-Cache"] == "MISS"
    assert after.json()["headlines"][0]["label"] == "Kórea Selatan Gelar Pemilu"
    new.unpublish()
    gone = suggest(client, "kor")
    assert gone["X-Cache"] == "MISS"
    assert "Kórea Selatan Gelar Pemilu" not in [h["label"] for h in gone.json()["headlines"]]


# --- bad input ---------------------------------------------------------------------------------


def test_bad_input_gets_an_empty_list_or_a_clear_400(client, network):
    for q in ["", "   ", "!!!", "\x01\x02", "%", "_"]:
        assert suggest(client, q).json() == {"q": "", "headlines": [], "topics": []}
    too_long = client.get("/cari/saran/", {"q": "k" * 10_000})
    assert too_long.status_code == 400
    assert too_long["Cache-Control"] == "no-store"
    assert "100" in too_long.json()["error"]
    assert client.post("/cari/saran/", {"q": "kor"}).status_code == 405
    # Control characters are spaces; tabs and newlines too.
    assert labels(client, "korea\tut")[0] == ["Korea Utara Uji Coba Rudal Balistik"]
    assert labels(client, "korea\x1but")[0] == ["Korea Utara Uji Coba Rudal Balistik"]


# --- query budget -------------------------------------------------------------------------------


@pytest.mark.parametrize("q", ["k", "korea ut", "harga beras turun di pas", "zzz"])
def test_a_fixed_small_number_of_queries(network, channel, django_assert_max_num_queries, q):
    for n in range(30):  # more rows than the budget could read one by one
        ArticlePageFactory(parent=channel, title=f"Kabar {n} Korea", tags=[f"Kota {n}"])
    site_id = network["rudal"].get_site().pk
    with django_assert_max_num_queries(5):
        suggestions(site_id, parse_prefix(q))


def test_common_words_take_the_newest_scan(network, channel, monkeypatch):
    from warta.search import autocomplete

    for n in range(6):
        ArticlePageFactory(parent=channel, title=f"Kabar {n} Korea Hari Ini")
    site_id = network["rudal"].get_site().pk
    expected = suggestions(site_id, parse_prefix("kabar k")).headlines
    monkeypatch.setattr(autocomplete, "FIRST_CANDIDATES", 2)  # the second pass is needed
    assert suggestions(site_id, parse_prefix("kabar k")).headlines == expected
    assert len(expected) == 6
    # A common whole word anchors still, its rows read at most 2 + ANCHOR_LIMIT deep.
    monkeypatch.setattr(autocomplete, "ANCHOR_LIMIT", 2)
    assert suggestions(site_id, parse_prefix("kabar k")).headlines == expected[:4]
    monkeypatch.setattr(autocomplete, "SCAN_LIMIT", 3)  # a lone common beginning: the scan
    assert [h["label"] for h in suggestions(site_id, parse_prefix("k")).headlines] == [
        f"Kabar {n} Korea Hari Ini" for n in (5, 4, 3)
    ]


def test_only_the_suggestions_are_cached_under_cari(client, network, settings, monkeypatch):
    from warta.core import pagecache
    from warta.core.pagecache import frontend

    assert not pagecache.bypassed("/cari/saran/")
    assert not pagecache.bypassed("/r/jatim/en/cari/saran/")
    assert pagecache.bypassed("/cari/") and pagecache.bypassed("/cari/saranx/")
    # nginx and CDNs keep an answer for its 30 s: its URL is not recorded for purges.
    settings.WAGTAILFRONTENDCACHE = {"nginx": {"BACKEND": "x", "LOCATION": "http://127.0.0.1:9"}}
    remembered = []
    monkeypatch.setattr(frontend, "remember", lambda url, keys: remembered.append(url))
    assert suggest(client, "kor")["X-Cache"] == "MISS"
    client.get("/")
    assert remembered and not any("/cari/saran/" in url for url in remembered)


def test_a_headline_filed_twice_is_offered_once(client, network, channel):
    """A re-filed story (or a copy) has the same headline: the box offers it once, as
    search's results show it once."""
    before = labels(client, "rudal")[0]
    ArticlePageFactory(parent=channel, title="Korea Utara Uji Coba Rudal Balistik!", slug="lagi")
    headlines = labels(client, "rudal")[0]
    assert before == ["Korea Utara Uji Coba Rudal Balistik"]
    assert headlines == ["Korea Utara Uji Coba Rudal Balistik!"]  # the newer filing, once
