"""The reader pages look finished (#21 defect 6): topics and authors are chosen by name from
lists (checkboxes that work without JavaScript, a search box that narrows them and finds
more), the account page names what the reader follows (never a slug), the top bar never shows
a long generated username, and the "Personalisasi" teaser leaves a reader who personalised."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from warta.accounts.models import ReaderPreferences
from warta.accounts.preferences import HINT_COOKIE
from warta.articles.tests.factories import ArticlePageFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newsroom(channel, national_channel):
    writers = {
        "dewi": AuthorFactory(name="Dewi Lestari", slug="dewi-lestari"),
        "budi": AuthorFactory(name="Budi Santoso", slug="budi-santoso"),
        "sepi": AuthorFactory(name="Sepi Tulisan", slug="sepi-tulisan"),  # no byline yet
    }
    ArticlePageFactory(
        parent=channel,
        title="Korea Utara uji rudal baru",
        tags=["Korea Utara"],
        authors=[writers["dewi"]],
    )
    ArticlePageFactory(
        parent=national_channel,
        title="Banjir rob di pesisir utara",
        tags=["Banjir", "Cuaca Ekstrem"],
        authors=[writers["budi"]],
    )
    return writers


def reader(client, *, username="wulandari.kusumaningrum.surabaya", first_name=""):
    user = get_user_model().objects.create_user(
        username, f"{username}@pembaca.example", "Kopi-Tubruk-2026", first_name=first_name
    )
    client.force_login(user)
    return user


def page_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def test_topics_and_authors_are_chosen_by_name_without_javascript(client, newsroom):
    page = page_of(client.get("/untuk-anda/"))
    form = page.select_one("form.preferences-form")
    # No free-text box for names a reader cannot know.
    assert form.select("input[type=text][name=topics], input[type=text][name=authors]") == []
    topics = {
        box.find_parent("label").get_text(strip=True): box["value"]
        for box in form.select("input[type=checkbox][name=topics]")
    }
    assert topics == {
        "Banjir": "banjir",
        "Cuaca Ekstrem": "cuaca-ekstrem",
        "Korea Utara": "korea-utara",
    }
    authors = [
        box.find_parent("label").get_text(strip=True)
        for box in form.select("input[type=checkbox][name=authors]")
    ]
    assert authors == ["Budi Santoso", "Dewi Lestari"]  # writers with a byline, by name
    # Each group is a fieldset with a legend, its search box hidden until JavaScript runs.
    for name in ("topics", "authors"):
        group = form.select_one(f"fieldset[data-choice-group={name}]")
        assert group.legend.get_text(strip=True)
        assert group.select_one(".choice-group__search").has_attr("hidden")
    response = client.post(
        "/untuk-anda/", {"topics": ["korea-utara", "banjir"], "authors": ["dewi-lestari"]}
    )
    assert response.status_code == 302
    status = client.get("/untuk-anda/status/").json()
    assert (status["topics"], status["authors"]) == (["korea-utara", "banjir"], ["dewi-lestari"])
    ticked = page_of(client.get("/untuk-anda/")).select("input[name=topics][checked]")
    assert [box["value"] for box in ticked] == ["korea-utara", "banjir"]  # chosen ones first


def test_a_name_found_by_search_is_accepted_and_an_unknown_one_refused(client, newsroom):
    # "Sepi Tulisan" is not listed (no byline yet) but exists: the search box can add it.
    assert client.post("/untuk-anda/", {"authors": ["sepi-tulisan"]}).status_code == 302
    assert client.get("/untuk-anda/status/").json()["authors"] == ["sepi-tulisan"]
    refused = client.post("/untuk-anda/", {"authors": ["tidak-ada-orangnya"]})
    assert refused.status_code == 400
    assert page_of(refused).select_one("fieldset[data-choice-group=authors] .field__error")


def test_choice_search_returns_names_and_is_cacheable(client, newsroom):
    response = client.get("/untuk-anda/pilihan/?jenis=authors&q=sepi")
    assert response.json() == {"results": [{"nilai": "sepi-tulisan", "nama": "Sepi Tulisan"}]}
    assert "public" in response["Cache-Control"]  # the page cache's policy for public pages
    assert "Cookie" not in response.get("Vary", "") and not response.cookies
    topics = client.get("/untuk-anda/pilihan/?jenis=topics&q=CUACA").json()["results"]
    assert topics == [{"nilai": "cuaca-ekstrem", "nama": "Cuaca Ekstrem"}]
    for bad in ("?jenis=topics&q=a", "?jenis=users&q=admin", "?q=dewi", "?jenis=topics&q=%25"):
        assert client.get("/untuk-anda/pilihan/" + bad).json() == {"results": []}


def test_account_page_names_what_the_reader_follows(client, newsroom):
    user = reader(client)
    ReaderPreferences.objects.create(
        user=user,
        province_code="35",
        channels=["nasional"],
        topics=["korea-utara", "cuaca-ekstrem", "topik-yang-dihapus"],
        authors=["dewi-lestari"],
    )
    response = client.get("/akun/saya/")
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    prefs = page_of(response).select_one("#preferensi")
    chips = [li.get_text(strip=True) for li in prefs.select(".chosen-list li")]
    assert chips == [
        "Jawa Timur",
        "Nasional",
        "Korea Utara",
        "Cuaca Ekstrem",
        "Topik yang dihapus",
        "Dewi Lestari",
    ]
    text = prefs.get_text(" ")
    for slug in ("korea-utara", "cuaca-ekstrem", "dewi-lestari", "topik-yang-dihapus"):
        assert slug not in text


@pytest.mark.parametrize(
    ("first_name", "shown"), [("", "Akun Saya"), ("Wulan", "Wulan")], ids=["no-name", "name"]
)
def test_top_bar_never_shows_a_generated_username(client, site, first_name, shown):
    user = reader(client, first_name=first_name)
    link = page_of(client.get("/untuk-anda/")).select_one(".topbar a.topbar__account")
    assert link.get_text(strip=True) == shown
    assert link["href"] == "/akun/saya/"
    assert user.username not in link.get_text()


def test_the_teaser_hint_follows_the_readers_choices(client, newsroom):
    """A cookie reader.js reads (it holds no choice) hides the teaser on cached pages."""
    fresh = client.get("/untuk-anda/")
    assert HINT_COOKIE not in fresh.cookies
    assert client.get("/untuk-anda/status/").json()["personalised"] is False
    chose = client.post("/untuk-anda/", {"topics": ["banjir"]})
    assert chose.cookies[HINT_COOKIE].value == "1"
    assert not chose.cookies[HINT_COOKIE]["httponly"]  # read by reader.js
    assert client.get("/untuk-anda/status/").json()["personalised"] is True
    cleared = client.post("/untuk-anda/", {"province_code": ""})
    assert cleared.cookies[HINT_COOKIE]["max-age"] == 0
    # Signed in on a new device: the for-you page sets the hint from the account's choices.
    client.cookies.clear()
    user = reader(client)
    ReaderPreferences.objects.create(user=user, topics=["banjir"])
    assert client.get("/untuk-anda/").cookies[HINT_COOKIE].value == "1"
    # The public pages that carry the teaser stay the same for everyone (and cacheable).
    client.logout()
    client.cookies.clear()
    home = client.get("/")
    assert "Cookie" not in home.get("Vary", "") and "public" in home["Cache-Control"]


READER_BUDGETS = {
    "/untuk-anda/": 19,
    "/akun/saya/": 13,
    "/untuk-anda/pilihan/?jenis=topics&q=ba": 2,
}


def test_reader_pages_query_budgets_without_n_plus_one(client, newsroom, channel):
    """Cold caches; the same number of queries whatever the number of choices followed."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from warta.core.pagecache import localcache

    user = reader(client)
    prefs = ReaderPreferences.objects.create(
        user=user, province_code="35", topics=["banjir"], authors=["dewi-lestari"]
    )

    def cold(url: str) -> int:
        client.get(url)
        cache.clear()
        localcache.forget()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = {url: cold(url) for url in READER_BUDGETS}
    for n in range(6):
        ArticlePageFactory(
            parent=channel,
            title=f"Kisah banjir {n}",
            tags=[f"Bahasan {n}"],
            authors=[AuthorFactory(name=f"Penulis Baru {n}")],
        )
    prefs.topics = ["banjir", *(f"bahasan-{n}" for n in range(6))]
    prefs.authors = ["dewi-lestari", *(f"penulis-baru-{n}" for n in range(6))]
    prefs.save()
    many = {url: cold(url) for url in READER_BUDGETS}
    for url, budget in READER_BUDGETS.items():
        assert many[url] <= budget, f"{url}: {many[url]} queries, budget {budget}"
        assert many[url] == few[url], f"{url}: {few[url]} then {many[url]} (N+1)"


def test_a_reader_who_only_reads_gets_no_cookie_and_a_token_when_acting(client, db):
    """The status every story page loads sets no CSRF cookie for a reader who only reads; the
    script asks for the token (`?token=1`) at the first follow or save."""
    reading = client.get("/untuk-anda/status/")
    assert reading.json()["csrf"] == "" and not reading.cookies
    acting = client.get("/untuk-anda/status/?token=1")
    assert acting.json()["csrf"] and "csrftoken" in acting.cookies
    assert client.get("/untuk-anda/status/").json()["csrf"]  # holds the cookie now
