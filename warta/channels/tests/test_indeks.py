"""The Indeks: a site's stories by day (in the site's own time zone), by channel and, on the
national site, by region; stable URLs, clear answers to bad input, and cached pages purged
exactly when a story of that day is published, unpublished or moved."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory
from warta.channels.tests.factories import ChannelPageFactory, make_site
from warta.core.models import SiteSettings

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
DAY = "2026-12-02"


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
def client(client):
    client.defaults["HTTP_HOST"] = "localhost"
    return client


@pytest.fixture
def stories(channel):
    ekonomi = ChannelPageFactory(title="Ekonomi", slug="ekonomi", parent=channel.get_parent())
    made = {
        "pagi": ArticlePageFactory(
            parent=channel, title="Kabar pagi", first_published_at=at(f"{DAY}T07:15:00")
        ),
        "malam": ArticlePageFactory(
            parent=ekonomi, title="Kabar malam", first_published_at=at(f"{DAY}T23:50:00")
        ),
        # 00:30 WIB on the next day, though still the 2nd in UTC.
        "lewat": ArticlePageFactory(
            parent=channel,
            title="Kabar lewat tengah malam",
            first_published_at=at("2026-12-03T00:30:00"),
        ),
        "kemarin": ArticlePageFactory(
            parent=channel, title="Kabar kemarin", first_published_at=at("2026-12-01T12:00:00")
        ),
    }
    made["ekonomi"] = ekonomi
    return made


def titles(response) -> list[str]:
    html = response.content.decode()
    return [t for t in ("Kabar pagi", "Kabar malam", "Kabar lewat", "Kabar kemarin") if t in html]


def test_a_day_lists_its_stories_newest_first_with_their_time(client, stories):
    response = client.get(f"/indeks/?tanggal={DAY}")
    assert response.status_code == 200
    html = response.content.decode()
    assert titles(response) == ["Kabar pagi", "Kabar malam"]
    assert html.index("Kabar malam") < html.index("Kabar pagi")
    assert "23:50 WIB" in html and "07:15 WIB" in html
    assert "Rabu, 2 Desember 2026" in html
    assert 'href="/indeks/?tanggal=2026-12-01"' in html
    assert 'href="/indeks/?tanggal=2026-12-03"' in html
    assert titles(client.get("/indeks/?tanggal=2026-12-03")) == ["Kabar lewat"]


def test_without_a_date_it_is_today_in_the_sites_zone(client, channel):
    ArticlePageFactory(parent=channel, title="Kabar hari ini")
    html = client.get("/indeks/").content.decode()
    assert "Kabar hari ini" in html
    today = timezone.now().astimezone(WIB).date().strftime("%d/%m/%Y")
    assert f'value="{today}"' in html
    assert "Hari berikutnya" not in html  # no days from the future


def test_the_day_follows_the_regional_sites_zone(client, site):
    papua = make_site(hostname="papua.warta.localhost", name="Warta Papua", default=False)
    SiteSettings.objects.create(
        site=papua, slug="papua", province_code="94", time_zone="Asia/Jayapura"
    )
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=papua.root_page)
    # 22:30 WIB on the 2nd is 00:30 WIT on the 3rd.
    ArticlePageFactory(parent=berita, title="Kabar Jayapura", first_published_at=at(f"{DAY}T22:30"))
    on_third = client.get("/r/papua/indeks/?tanggal=2026-12-03").content.decode()
    assert "Kabar Jayapura" in on_third and "00:30 WIT" in on_third
    assert "Kabar Jayapura" not in client.get(f"/r/papua/indeks/?tanggal={DAY}").content.decode()
    assert 'href="/r/papua/indeks/?tanggal=2026-12-02"' in on_third  # links keep the prefix


def test_by_channel_at_its_own_address(client, stories):
    response = client.get(f"/indeks/ekonomi/?tanggal={DAY}")
    assert titles(response) == ["Kabar malam"]
    assert "<h1" in response.content.decode() and "Indeks Ekonomi" in response.content.decode()
    # The form's choice goes to the channel's address; an empty choice to the whole site.
    chosen = client.get(f"/indeks/?tanggal={DAY}&kanal=ekonomi")
    assert chosen.status_code == 302 and chosen["Location"] == f"/indeks/ekonomi/?tanggal={DAY}"
    everything = client.get(f"/indeks/ekonomi/?tanggal={DAY}&kanal=")
    assert everything["Location"] == f"/indeks/?tanggal={DAY}"


def test_channel_pages_link_their_indeks(client, stories):
    html = client.get("/ekonomi/").content.decode()
    assert 'href="/indeks/ekonomi/"' in html and "Indeks Berita" in html


def test_by_region_on_the_national_site(client, site, stories):
    bali = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    SiteSettings.objects.create(site=bali, slug="bali", province_code="51")
    berita = ChannelPageFactory(title="Berita", slug="berita", parent=bali.root_page)
    story = ArticlePageFactory(
        parent=berita, title="Kabar Denpasar", first_published_at=at(f"{DAY}T10:00")
    )
    story.circulate_to.set([site])
    story.save_revision().publish()
    everything = client.get(f"/indeks/?tanggal={DAY}").content.decode()
    assert "Kabar Denpasar" in everything and "Kabar pagi" in everything
    assert '<option value="bali"' in everything
    only_bali = client.get(f"/indeks/?tanggal={DAY}&daerah=bali").content.decode()
    assert "Kabar Denpasar" in only_bali and "Kabar pagi" not in only_bali
    assert 'href="/indeks/?tanggal=2026-12-01&amp;daerah=bali"' in only_bali
    # Only the national site filters by region.
    assert client.get("/r/bali/indeks/?daerah=bali").status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?tanggal=2026-13-45", 400),
        ("?tanggal=31/02/2026", 400),
        ("?tanggal=02/12", 400),
        ("?tanggal=kemarin", 400),
        ("?tanggal=2026-1-5", 400),
        ("?tanggal=1999-12-31", 400),
        ("?tanggal=2999-01-01", 400),
        ("?page=abc", 404),
        ("?page=99", 404),
        ("?daerah=atlantis", 404),
        ("?kanal=../../admin", 404),
    ],
)
def test_bad_input_gets_a_clear_answer(client, stories, query, status):
    response = client.get(f"/indeks/{query}")
    assert response.status_code == status
    if status == 400:
        html = response.content.decode()
        assert "Indeks Berita" in html and 'role="alert"' in html
        assert "Tanggal" in html  # the form is there to try again


def test_a_day_written_as_readers_write_it_goes_to_its_stable_address(client, stories):
    typed = client.get("/indeks/ekonomi/?tanggal=2/12/2026")
    assert typed.status_code == 302
    assert typed["Location"] == "/indeks/ekonomi/?tanggal=2026-12-02"
    form = client.get(f"/indeks/?tanggal={DAY}").content.decode()
    assert 'type="date"' not in form  # chromium shows a date input as mm/dd/yyyy
    assert 'value="02/12/2026"' in form


def test_unknown_channel_is_a_404(client, stories):
    assert client.get("/indeks/tidak-ada/").status_code == 404


def test_cached_and_purged_when_a_story_of_that_day_changes(client, stories):
    day_page = f"/indeks/?tanggal={DAY}"
    other_day = "/indeks/?tanggal=2026-12-01"
    channel_page = f"/indeks/ekonomi/?tanggal={DAY}"
    for url in (day_page, other_day, channel_page):
        client.get(url)
        assert client.get(url)["X-Cache"] == "HIT", url
    late = ArticlePageFactory(
        parent=stories["ekonomi"], title="Kabar susulan", first_published_at=at(f"{DAY}T20:00")
    )
    response = client.get(day_page)
    assert response["X-Cache"] == "MISS" and "Kabar susulan" in response.content.decode()
    assert "Kabar susulan" in client.get(channel_page).content.decode()
    assert client.get(other_day)["X-Cache"] == "HIT"  # another day is left alone
    # Unpublished: gone.
    ArticlePage.objects.get(pk=late.pk).unpublish()
    assert "Kabar susulan" not in client.get(day_page).content.decode()
    # Moved to another channel: that channel's Indeks of the day shows it.
    internasional = f"/indeks/internasional/?tanggal={DAY}"
    client.get(internasional)
    assert client.get(internasional)["X-Cache"] == "HIT"
    malam = ArticlePage.objects.get(pk=stories["malam"].pk)
    malam.move(stories["pagi"].get_parent(), pos="last-child")
    assert "Kabar malam" in client.get(internasional).content.decode()
    assert "Kabar malam" not in client.get(channel_page).content.decode()


def test_the_day_key_is_purged_by_the_local_day(stories):
    from warta.articles.purging import story_list_keys
    from warta.core.sites.lookup import all_sites

    site = next(s for s in all_sites() if s.is_default_site)
    lewat = ArticlePage.objects.get(pk=stories["lewat"].pk)
    found = story_list_keys(lewat)
    assert f"indeks:{site.pk}:2026-12-03" in found
    assert f"indeks:{site.pk}:2026-12-03:internasional" in found
    assert not any(key.startswith(f"indeks:{site.pk}:2026-12-02") for key in found)
    assert timedelta(0) < lewat.first_published_at - at(f"{DAY}T23:59")
