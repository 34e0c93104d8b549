"""News-aware ranking: relevance blended with freshness, near-duplicates collapsed, results
with photo, channel and region."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from warta.articles.models import ArticlePage
from warta.articles.tests.factories import ArticlePageFactory, paragraph_body
from warta.channels.tests.factories import ChannelPageFactory
from warta.core.models import SiteSettings
from warta.core.sites.lookup import forget_site_settings, forget_sites
from warta.discovery.services import index_article
from warta.search.queries import FRESHNESS_FLOOR, freshness

pytestmark = pytest.mark.django_db


def titles(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    page = BeautifulSoup(response.content, "html.parser")
    return [a.get_text() for a in page.select(".search-result .card__title a")], page


def story(parent, title, text, *, days_old=0):
    article = ArticlePageFactory(parent=parent, title=title, body=paragraph_body(text))
    when = timezone.now() - timedelta(days=days_old)
    ArticlePage.objects.filter(pk=article.pk).update(first_published_at=when)
    index_article(article)  # the detector's profile, as publishing writes it (on commit)
    return article


def set_half_life(site, days):
    SiteSettings.objects.update_or_create(site=site, defaults={"search_half_life_days": days})
    forget_site_settings(site.pk)
    forget_sites()


def test_freshness_halves_towards_the_floor():
    assert freshness(0, 7) == 1.0
    assert freshness(7, 7) == pytest.approx(FRESHNESS_FLOOR + (1 - FRESHNESS_FLOOR) / 2)
    assert freshness(10_000, 7) == pytest.approx(FRESHNESS_FLOOR)
    assert freshness(-2, 7) == 1.0  # a clock a little ahead is not a bonus
    assert freshness(400, 0) == 1.0  # 0 = relevance alone


def test_of_two_equal_matches_the_newer_comes_first(client, national_channel):
    old = story(
        national_channel, "Korea Gelar Pemilu Hari Ini", "Warga memilih wakil.", days_old=10
    )
    new = story(national_channel, "Korea Gelar Festival Hari Ini", "Warga menonton tari.")
    assert titles(client, "/cari/?q=korea")[0] == [new.title, old.title]


def test_a_much_better_match_can_beat_a_fresher_one(client, national_channel):
    strong = story(
        national_channel,
        "Korea Selatan dan Korea Utara Bertemu",
        "Pertemuan Korea di perbatasan Korea membahas damai.",
        days_old=3,
    )
    weak = story(
        national_channel,
        "Pasar Saham Asia Dibuka Menguat",
        "Indeks di Tokyo, Hong Kong dan Seoul naik; won Korea menguat tipis terhadap dolar "
        "sementara yen melemah dan investor menunggu data inflasi Amerika pekan depan.",
    )
    assert titles(client, "/cari/?q=korea")[0] == [strong.title, weak.title]


def test_the_sites_half_life_changes_the_order(client, site, national_channel):
    older = story(
        national_channel,
        "Rapat Anggaran Daerah",
        "Dewan membahas pelabuhan baru; pelabuhan itu butuh dana besar tahun depan.",
        days_old=30,
    )
    newer = story(
        national_channel,
        "Rapat Tata Kota Daerah",
        "Dewan membahas taman kota; pelabuhan lama ikut disebut dalam rapat tahun ini.",
    )
    url = "/cari/?q=pelabuhan"
    assert titles(client, url)[0] == [newer.title, older.title]  # default: 7 days
    set_half_life(site, 0)  # relevance alone: the story saying "pelabuhan" twice wins
    assert titles(client, url)[0] == [older.title, newer.title]
    assert titles(client, url + "&urut=newest")[0] == [newer.title, older.title]


def test_near_duplicates_are_one_result_with_the_others_folded(client, national_channel):
    text = (
        "Gempa magnitudo 5,2 mengguncang Kabupaten Cianjur pada Senin pagi dan warga berlarian "
        "keluar rumah, menurut badan geofisika tidak berpotensi tsunami dan kerusakan didata."
    )
    first = story(national_channel, "Gempa Guncang Cianjur Senin Pagi", text)
    copy = story(national_channel, "Cianjur Diguncang Gempa 5,2", text, days_old=1)
    other = story(national_channel, "Gempa Kecil di Sukabumi", "Getaran terasa singkat saja.")
    found, page = titles(client, "/cari/?q=gempa")
    assert len(found) == 2 and other.title in found
    assert "2 hasil" in page.get_text()
    (shown,) = {first.title, copy.title} & set(found)
    similar = page.select_one(".search-result details.search-result__similar")
    assert similar.select_one("summary").get_text(strip=True) == "1 berita serupa"
    assert [a.get_text() for a in similar.select("a")] == [
        ({first.title, copy.title} - {shown}).pop()
    ]


def test_paging_counts_groups_and_never_repeats_a_story(client, national_channel, settings):
    settings.WARTA_ARTICLES_PER_PAGE = 2
    text = "Banjir merendam ratusan rumah warga di bantaran sungai sejak Selasa malam, dan " * 3
    for n in range(3):
        story(national_channel, f"Banjir Rendam Rumah Warga ({n})", text, days_old=n)
    for n in range(3):
        story(national_channel, f"Banjir lain {n}", f"Banjir kecil nomor {n} di kampung {n}.")
    first, page = titles(client, "/cari/?q=banjir")
    assert "4 hasil" in page.get_text() and len(first) == 2
    second, page = titles(client, "/cari/" + page.select_one("a[rel=next]")["href"])
    assert len(second) == 2 and not set(first) & set(second)
    assert page.select_one("a[rel=next]") is None
    shown = first + second
    folded = [a.get_text() for a in page.select(".search-result__similar a")]
    _, first_page = titles(client, "/cari/?q=banjir")
    folded += [a.get_text() for a in first_page.select(".search-result__similar a")]
    assert len(set(shown) | set(folded)) == 6 and not set(shown) & set(folded)


def test_results_show_photo_channel_and_region(client, national_channel):
    from warta.channels.tests.factories import make_site

    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    SiteSettings.objects.update_or_create(site=region, defaults={"slug": "bali"})
    forget_sites()
    berita = ChannelPageFactory(title="Berita Bali", slug="berita", parent=region.root_page)
    ArticlePageFactory(parent=berita, title="Ogoh-ogoh di Denpasar")
    response = client.get("/cari/?q=ogoh-ogoh", HTTP_HOST="bali.warta.localhost")
    page = BeautifulSoup(response.content, "html.parser")
    result = page.select_one(".search-result")
    img = result.select_one(".search-result__media img")
    assert img["loading"] == "lazy" and img["width"] and img["height"] and img.has_attr("alt")
    assert result.select_one(".card__channel").get_text() == "Berita Bali"
    assert result.select_one(".search-result__region").get_text() == "Warta Bali"


def _candidates(text, monkeypatch, n):
    from warta.search import queries
    from warta.search.parsing import parse_query

    monkeypatch.setattr(queries, "CANDIDATES", n)
    return {pk for pk, _ in queries._scored_ids(parse_query(text), candidates=n)}


def test_an_archive_import_is_put_back_in_publication_order(monkeypatch, national_channel):
    """The ranking's candidates are the newest-indexed matches; a story from an archive
    import is indexed last though published years ago, so it would crowd out today's news
    until `reorder_index` rewrites the index in publication order."""
    from warta.search.services import index_out_of_order, reorder_index

    today = story(national_channel, "Banjir Rendam Jakarta Hari Ini", "Air naik di Kemang.")
    archive = story(national_channel, "Banjir Besar Melanda Jakarta", "Arsip lama.", days_old=3000)
    assert index_out_of_order() == 1
    assert _candidates("banjir", monkeypatch, 1) == {archive.pk}

    reorder_index()

    assert index_out_of_order() == 0
    assert _candidates("banjir", monkeypatch, 1) == {today.pk}
    assert _candidates("banjir", monkeypatch, 2) == {today.pk, archive.pk}  # nothing lost


def test_the_newest_matches_are_found_past_the_first_window(monkeypatch, national_channel):
    """PostgreSQL looks among the newest rows first, then wider: a word whose matches are
    older than the first window is still found (on SQLite the walk needs no window)."""
    from warta.search import queries

    monkeypatch.setattr(queries, "WINDOWS", (1, 2))
    old = [story(national_channel, f"Gempa Guncang Daerah {n}", "Warga panik.") for n in "AB"]
    for n in range(6):
        story(national_channel, f"Rapat Dewan Ke-{n}", "Anggaran dibahas.")
    assert _candidates("gempa", monkeypatch, 2) == {a.pk for a in old}
    assert _candidates("gempa", monkeypatch, 1) == {old[-1].pk}


def test_the_older_archive_is_left_out_when_the_windows_hold_enough(monkeypatch, national_channel):
    """PostgreSQL: a query with ENOUGH matches among the newest rows is ranked among those
    (the rest of the archive is where every match's row is read); with fewer, older matches
    are looked for as before. SQLite walks its rowids and has no windows."""
    from django.db import connection

    from warta.search import queries

    monkeypatch.setattr(queries, "WINDOWS", (1, 2))
    old = [story(national_channel, f"Gempa Guncang Daerah {n}", "Warga panik.") for n in "AB"]
    for n in range(5):
        story(national_channel, f"Rapat Dewan Ke-{n}", "Anggaran dibahas.")
    new = story(national_channel, "Gempa Susulan Terasa", "Warga keluar rumah.")
    monkeypatch.setattr(queries, "ENOUGH", 1)
    found = _candidates("gempa", monkeypatch, 3)
    if connection.vendor == "postgresql":
        assert found == {new.pk}  # the windows (the newest 6 rows) held one: enough
    else:
        assert found == {new.pk, *(a.pk for a in old)}
    monkeypatch.setattr(queries, "ENOUGH", 2)
    assert _candidates("gempa", monkeypatch, 3) == {new.pk, *(a.pk for a in old)}


def test_a_regional_site_finds_its_own_stories_under_the_networks_newest_matches(
    client, monkeypatch, national_channel
):
    """The candidate step reads the network's newest matches; when those are nearly all
    other sites' stories, a regional site's own older ones are asked for directly."""
    from warta.channels.tests.factories import make_site
    from warta.search import queries

    region = make_site(hostname="bali.warta.localhost", name="Warta Bali", default=False)
    SiteSettings.objects.update_or_create(site=region, defaults={"slug": "bali"})
    forget_sites()
    berita = ChannelPageFactory(title="Berita Bali", slug="berita", parent=region.root_page)
    places = ["Kuta", "Ubud", "Kemang", "Cawang", "Grogol", "Cempaka"]
    texts = [
        "Warga mengungsi ke balai desa.",
        "Sawah gagal panen dan jalan putus.",
        "Sekolah diliburkan dua hari.",
        "Petugas memompa air dari terowongan.",
        "Kereta tertahan di stasiun sejak pagi.",
        "Pasar tutup, pedagang rugi.",
    ]
    ours = [story(berita, f"Banjir di {places[n]}", texts[n], days_old=30 + n) for n in range(2)]
    for n in range(2, 6):
        story(national_channel, f"Banjir di {places[n]}", texts[n], days_old=n)
    monkeypatch.setattr(queries, "CANDIDATES", 3)  # the network's newest 3: Jakarta's
    monkeypatch.setattr(queries, "ENOUGH", 2)

    found, _ = titles(client, "/cari/?q=banjir")
    bali, _ = titles(client.__class__(HTTP_HOST="bali.warta.localhost"), "/cari/?q=banjir")

    assert sorted(found) == sorted(f"Banjir di {p}" for p in places[3:])  # the newest 3
    assert sorted(bali) == sorted(a.title for a in ours)
